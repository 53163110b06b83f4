import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPool, DEFAULT_DATABASE_URL, withDatabase } from '@smshub/db';
import pg from 'pg';
import { expect } from 'vitest';
import { freePort, repositoryRoot, Stack, type StackOptions } from '../src/index.js';

/** What a test chooses about its stack; the database, Redis prefix, port and folder are its own. */
export type TestStackOptions = Omit<StackOptions, 'root' | 'databaseUrl' | 'redisUrl' | 'redisPrefix' | 'portalPort' | 'workDir'>;

/** Message statuses that are not final yet. */
export const OPEN_STATUSES: readonly string[] = ['accepted', 'queued', 'submitting', 'submitted'];

/**
 * The whole platform as processes for one test file: its own database (dropped at the end) and
 * Redis prefix, and the calls the stack tests share: send through the REST API, wait until
 * messages are final, change a simulated gateway's behaviour.
 */
export class StackHarness {
  readonly databaseName: string;
  readonly databaseUrl: string;
  readonly redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  readonly redisPrefix: string;
  private running: { stack: Stack; pool: pg.Pool } | null = null;

  constructor(
    private readonly name: string,
    private readonly options: TestStackOptions,
  ) {
    this.databaseName = `smshub_${name}_${process.pid}_${randomUUID().slice(0, 6)}`;
    this.databaseUrl = withDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, this.databaseName);
    this.redisPrefix = `smshub-${name}-${randomUUID()}`;
  }

  async start(): Promise<{ stack: Stack; pool: pg.Pool }> {
    const stack = new Stack({
      ...this.options,
      root: repositoryRoot,
      databaseUrl: this.databaseUrl,
      redisUrl: this.redisUrl,
      redisPrefix: this.redisPrefix,
      portalPort: await freePort(),
      workDir: mkdtempSync(path.join(tmpdir(), `smshub-${this.name}-`)),
    });
    this.running = { stack, pool: createPool(this.databaseUrl, { max: 2 }) };
    await stack.start();
    return this.running;
  }

  async stop(): Promise<void> {
    await this.running?.pool.end();
    await this.running?.stack.stop();
    const admin = new pg.Client({ connectionString: withDatabase(this.databaseUrl, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${this.databaseName}" WITH (FORCE)`);
    await admin.end();
  }

  private get stack(): Stack {
    if (this.running === null) throw new Error('the stack is not started');
    return this.running.stack;
  }

  /** POST /api/v1/messages as the demo org; expects 201 and returns the accepted message ids. */
  async send(body: Record<string, unknown>): Promise<string[]> {
    const response = await fetch(`${this.stack.info.portalUrl}/api/v1/messages`, {
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
      const result = await pool.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM messages WHERE id = ANY ($1::bigint[]) GROUP BY status`, [ids]);
      const byStatus = Object.fromEntries(result.rows.map((r) => [r.status, r.n]));
      const open = OPEN_STATUSES.reduce((sum, s) => sum + (byStatus[s] ?? 0), 0);
      if (open === 0 || Date.now() > deadline) return byStatus;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** Changes a simulated gateway's behaviour through the simulator's control API. */
  async configureGateway(name: string, behaviour: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.stack.info.controlUrl}/gateways/${name}/behaviour`, { method: 'POST', body: JSON.stringify(behaviour) });
    expect(response.status).toBe(200);
  }
}
