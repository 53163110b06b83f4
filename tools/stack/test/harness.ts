import { createPool } from '@smshub/db';
import type pg from 'pg';
import { expect } from 'vitest';
import { IsolatedStack, type IsolatedStackOptions, type Stack } from '../src/index.js';

export type TestStackOptions = IsolatedStackOptions;

/** Message statuses that are not final yet. */
export const OPEN_STATUSES: readonly string[] = ['accepted', 'queued', 'submitting', 'submitted'];

/**
 * The whole platform as processes for one test file (an isolated stack: its own database and
 * Redis prefix), and the calls the stack tests share: send through the REST API, wait until
 * messages are final, change a simulated gateway's behaviour.
 */
export class StackHarness {
  private readonly isolated: IsolatedStack;
  private running: { stack: Stack; pool: pg.Pool } | null = null;

  constructor(name: string, options: TestStackOptions) {
    this.isolated = new IsolatedStack(name, options);
  }

  get databaseUrl(): string {
    return this.isolated.databaseUrl;
  }

  get redisUrl(): string {
    return this.isolated.redisUrl;
  }

  get redisPrefix(): string {
    return this.isolated.redisPrefix;
  }

  async start(): Promise<{ stack: Stack; pool: pg.Pool }> {
    const stack = await this.isolated.start();
    this.running = { stack, pool: createPool(this.isolated.databaseUrl, { max: 2 }) };
    return this.running;
  }

  async stop(): Promise<void> {
    await this.running?.pool.end();
    this.running = null;
    await this.isolated.stop();
  }

  private get stack(): Stack {
    if (this.running === null) throw new Error('the stack is not started');
    return this.running.stack;
  }

  /** POST /api/v1/messages as the demo org; expects 201 and returns the accepted message ids. */
  async send(body: Record<string, unknown>): Promise<string[]> {
    const response = await fetch(`${this.stack.info.apiUrl}/api/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.stack.info.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    const answer = (await response.json()) as { results: { message_id?: string }[] };
    return answer.results.flatMap((result) => (result.message_id === undefined ? [] : [result.message_id]));
  }

  /** Waits until none of the messages is open (or the time is up); returns their count by status. */
  async waitFinal(ids: readonly string[], timeoutMs: number): Promise<Record<string, number>> {
    const pool = this.running!.pool;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await pool.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM messages WHERE id = ANY ($1::bigint[]) GROUP BY status`,
        [ids],
      );
      const byStatus = Object.fromEntries(result.rows.map((r) => [r.status, r.n]));
      const open = OPEN_STATUSES.reduce((sum, s) => sum + (byStatus[s] ?? 0), 0);
      if (open === 0 || Date.now() > deadline) return byStatus;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** Changes a simulated gateway's behaviour through the simulator's control API. */
  async configureGateway(name: string, behaviour: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.stack.info.controlUrl}/gateways/${name}/behaviour`, {
      method: 'POST',
      body: JSON.stringify(behaviour),
    });
    expect(response.status).toBe(200);
  }
}

const PREFIXES = ['138', '130', '133'];

/**
 * Sends `count` messages of `businessType` to the three Chinese carriers in turn, in calls of
 * 1,000 recipients, two calls in flight; resolves with the accepted ids.
 */
export async function sendMany(
  harness: StackHarness,
  count: number,
  options: { tag: string; first: number; businessType?: string },
): Promise<string[]> {
  const calls: { to: string[]; text: string }[] = [];
  for (let i = 0; i < count; i += 1_000) {
    const to = Array.from(
      { length: Math.min(1_000, count - i) },
      (_, j) => `${PREFIXES[(i + j) % 3]}${String(options.first + i + j).padStart(8, '0')}`,
    );
    calls.push({ to, text: `【测试】${options.tag} ${i} 您的验证码是 ${100000 + i}。` });
  }
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < calls.length) {
        const call = calls[next++]!;
        ids.push(...(await harness.send({ business_type: options.businessType ?? 'verification', ...call })));
      }
    }),
  );
  return ids;
}

/** Segments sent again that may have reached a gateway before (our count: an upper bound of duplicates). */
export async function resentSegments(pool: pg.Pool, ids: readonly string[]): Promise<number> {
  const result = await pool.query<{ resent: number }>(
    `SELECT coalesce(sum(submit_attempts - 1), 0)::int AS resent FROM segments WHERE message_id = ANY ($1::bigint[])`,
    [ids],
  );
  return result.rows[0]!.resent;
}

/** Submits the simulated gateways received twice (the duplicates a carrier would see). */
export async function gatewayDuplicates(stack: Stack): Promise<number> {
  const gateways = (await (await fetch(`${stack.info.controlUrl}/gateways`)).json()) as {
    stats: { duplicates: number };
  }[];
  return gateways.reduce((sum, g) => sum + g.stats.duplicates, 0);
}
