import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  buildMessageStatusPayload,
  createPool,
  DEFAULT_DATABASE_URL,
  insertWebhookEvents,
  WEBHOOK_BATCH_DEFAULT_EVENTS,
  WEBHOOK_BATCH_MAX_EVENTS,
  withDatabase,
} from '@smshub/db';
import { migrate } from '@smshub/db/migrate';
import { repositoryRoot } from '@smshub/stack';
import { verifyWebhookSignature } from '@smshub/webhooks/signature';
import pg from 'pg';
import { intFromEnv } from './env.js';
import { ProcessMeter, type Target } from './process-meter.js';

/**
 * The webhooks worker alone (issue 10: final-status webhooks must keep up with 10,000 msgs/s):
 * `events` message.status deliveries queued in one commit, delivered by one worker process (its
 * built dist/main.js, default settings) to a receiver in this process on 127.0.0.1 that answers
 * 204 at once — once to an endpoint in single mode, once to one in batch mode. Reported: events
 * per second from the commit to the last event received, and CPU per event of the worker process
 * and of its PostgreSQL sessions.
 */

export interface WebhookBenchOptions {
  /** Deliveries queued per mode. */
  readonly events: number;
  /** max_events of the batch-mode endpoint. */
  readonly batchMaxEvents: number;
}

export interface WebhookModeFigures {
  readonly mode: 'single' | 'batch';
  readonly events: number;
  readonly posts: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly workerCpuMsPerEvent: number;
  readonly postgresCpuMsPerEvent: number;
  /** The worker's claim and record statements per event (pg_stat_statements; null without it). */
  readonly claimsPerEvent: number | null;
  readonly recordsPerEvent: number | null;
  /** Events received more than once (a worker that died mid-request; 0 here). */
  readonly duplicates: number;
}

const SECRET = 'whsec_bench';
const WORKER = path.join(repositoryRoot, 'workers', 'webhooks', 'dist', 'main.js');
/** Deliveries per insert statement, about what one outcome-writer flush raises. */
const INSERT_CHUNK = 1000;

export async function webhooksBenchmark(
  log: (line: string) => void,
  options: WebhookBenchOptions,
): Promise<WebhookModeFigures[]> {
  const databaseUrl = withDatabase(
    process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    process.env.BENCH_WEBHOOKS_DATABASE ?? 'smshub_bench_webhooks',
  );
  await recreateDatabase(databaseUrl);
  await migrate(databaseUrl);
  const pool = createPool(databaseUrl, { max: 2 });
  // Preloaded here; where it is not, the statement counts are left out.
  const statements = await pool
    .query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
    .then(() => new StatementCounts(pool))
    .catch(() => null);
  const receiver = new CountingReceiver();
  await receiver.listen();
  try {
    const figures: WebhookModeFigures[] = [];
    for (const mode of ['single', 'batch'] as const) {
      const result = await runMode(pool, databaseUrl, receiver, mode, options, statements);
      log(
        `webhooks ${mode.padEnd(6)} ${result.events.toLocaleString('en')} events in ${result.posts.toLocaleString('en')} POSTs: ` +
          `${result.eventsPerSecond.toLocaleString('en')} events/s, worker CPU ${result.workerCpuMsPerEvent} ms/event, ` +
          `PostgreSQL ${result.postgresCpuMsPerEvent} ms/event` +
          (result.claimsPerEvent === null
            ? ''
            : `, ${result.claimsPerEvent} claims and ${result.recordsPerEvent} result statements per event`) +
          (result.duplicates > 0 ? `, ${result.duplicates} received twice` : ''),
      );
      figures.push(result);
    }
    return figures;
  } finally {
    await receiver.close();
    await pool.end();
    await recreateDatabase(databaseUrl, { create: false });
  }
}

async function runMode(
  pool: pg.Pool,
  databaseUrl: string,
  receiver: CountingReceiver,
  mode: 'single' | 'batch',
  options: WebhookBenchOptions,
  statements: StatementCounts | null,
): Promise<WebhookModeFigures> {
  const path = `/${mode}`;
  const org = await pool.query<{ id: bigint }>(`INSERT INTO orgs (kind, name) VALUES ('enterprise', $1) RETURNING id`, [
    `webhook bench ${mode}`,
  ]);
  const orgId = org.rows[0]!.id;
  await pool.query(
    `INSERT INTO webhook_endpoints (org_id, url, secret, events, batch_max_events)
     VALUES ($1, $2, $3, '{message.status}', $4)`,
    [orgId, receiver.url(path), SECRET, mode === 'batch' ? options.batchMaxEvents : null],
  );

  const worker = await startWorker(databaseUrl);
  const sessions = new Sessions(databaseUrl);
  await sessions.start();
  const meter = new ProcessMeter(
    new Map<string, Target>([
      ['worker', { pgid: worker.pid! }],
      ['postgres', { pids: () => sessions.pids }],
    ]),
  );
  try {
    receiver.expect(path, options.events);
    const before = await statements?.read();
    meter.start();
    // One commit, so the worker finds all of them queued when it wakes (NOTIFY at commit).
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (let first = 0; first < options.events; first += INSERT_CHUNK) {
        const events = [];
        for (let n = first; n < Math.min(options.events, first + INSERT_CHUNK); n++) events.push(statusEvent(orgId, n));
        await insertWebhookEvents(client, events);
      }
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const committedAt = Date.now();
    const timeoutMs = Math.max(120_000, options.events * 5);
    const { posts, duplicates } = await receiver.done(path, timeoutMs);
    // Delivered is when the outbox says so: the worker records a result after its answer came.
    const doneAt = await allDelivered(pool, orgId, committedAt + timeoutMs, mode);
    const cpu = meter.stop();
    const after = await statements?.read();
    const seconds = (doneAt - committedAt) / 1000;
    const perEvent = (value: number) => Math.round((value / options.events) * 10_000) / 10_000;
    return {
      mode,
      events: options.events,
      posts,
      seconds: Math.round(seconds * 100) / 100,
      eventsPerSecond: Math.round(options.events / seconds),
      workerCpuMsPerEvent: perEvent(cpu['worker']!.cpuMs),
      postgresCpuMsPerEvent: perEvent(cpu['postgres']!.cpuMs),
      claimsPerEvent: before === undefined || after === undefined ? null : perEvent(after.claims - before.claims),
      recordsPerEvent: before === undefined || after === undefined ? null : perEvent(after.records - before.records),
      duplicates,
    };
  } finally {
    await sessions.stop();
    await stopWorker(worker);
  }
}

async function allDelivered(pool: pg.Pool, orgId: bigint, deadline: number, mode: string): Promise<number> {
  for (;;) {
    const left = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE e.org_id = $1 AND d.status <> 'delivered'`,
      [orgId],
    );
    if (left.rows[0]!.n === 0) return Date.now();
    if (Date.now() > deadline) throw new Error(`webhooks bench ${mode}: ${left.rows[0]!.n} deliveries not delivered`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function statusEvent(orgId: bigint, n: number) {
  return {
    orgId,
    event: 'message.status',
    payload: buildMessageStatusPayload({
      messageId: BigInt(1_000_000 + n),
      orgId,
      campaignId: 42n,
      clientRef: null,
      recipient: `138${String(n).padStart(8, '0')}`,
      status: 'delivered',
      errorCode: null,
      segmentCount: 1,
      price: 35n,
      submittedAt: new Date(),
      finalAt: new Date(),
    }),
  };
}

/** The worker as it runs in production, idle until the deliveries are committed. */
async function startWorker(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER], {
    env: { ...process.env, DATABASE_URL: databaseUrl, SMSHUB_WEBHOOKS_ALLOW_PRIVATE: '1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
    // Its own process group: the meter samples the group.
    detached: true,
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`webhooks worker did not start: ${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('webhooks worker started')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`webhooks worker exited with ${code}: ${output}`)));
  });
  // Keep reading, so a chatty worker never blocks on a full pipe.
  child.stdout!.resume();
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Calls of the worker's two statements in this database, by their text (named statements, so one entry each). */
class StatementCounts {
  constructor(private readonly pool: pg.Pool) {}

  async read(): Promise<{ claims: number; records: number }> {
    const { rows } = await this.pool.query<{ claims: string; records: string }>(
      `SELECT coalesce(sum(calls) FILTER (WHERE query LIKE 'WITH due AS%'), 0) AS claims,
              coalesce(sum(calls) FILTER (WHERE query LIKE 'WITH result AS%'), 0) AS records
         FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return { claims: Number(rows[0]!.claims), records: Number(rows[0]!.records) };
  }
}

/** The worker's PostgreSQL sessions (its pool and its LISTEN session), followed as they open. */
class Sessions {
  pids: readonly number[] = [];
  private readonly client: pg.Client;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(url: string) {
    this.client = new pg.Client({ connectionString: url });
  }

  async start(): Promise<void> {
    await this.client.connect();
    await this.refresh();
    this.timer = setInterval(() => {
      this.refreshing = this.refreshing.then(() => this.refresh()).catch(() => undefined);
    }, 200);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    await this.refreshing;
    await this.client.end();
  }

  private async refresh(): Promise<void> {
    const { rows } = await this.client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'smshub-webhooks%'`,
    );
    this.pids = rows.map((row) => row.pid);
  }
}

/** A customer's endpoint that answers 204 at once and counts events (a batch body counts each). */
class CountingReceiver {
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(204).end();
      this.receive(request.url ?? '', request.headers['smshub-signature'], Buffer.concat(chunks));
    });
  });
  private readonly expected = new Map<
    string,
    {
      want: number;
      seen: Set<string>;
      posts: number;
      duplicates: number;
      checked: boolean;
      finished: () => void;
    }
  >();
  private readonly finished = new Map<string, Promise<void>>();

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  expect(path: string, events: number): void {
    let finished!: () => void;
    this.finished.set(path, new Promise<void>((resolve) => (finished = resolve)));
    this.expected.set(path, {
      want: events,
      seen: new Set(),
      posts: 0,
      duplicates: 0,
      checked: false,
      finished,
    });
  }

  async done(path: string, timeoutMs: number): Promise<{ posts: number; duplicates: number }> {
    const state = this.expected.get(path)!;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`webhooks bench: ${state.seen.size} of ${state.want} events arrived in ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.finished.get(path), timeout]);
    } finally {
      clearTimeout(timer);
    }
    return { posts: state.posts, duplicates: state.duplicates };
  }

  private receive(path: string, signature: string | string[] | undefined, body: Buffer): void {
    const state = this.expected.get(path);
    if (state === undefined) return;
    state.posts += 1;
    // One signature check per mode: the point is the worker's cost, not the receiver's.
    if (!state.checked) {
      state.checked = true;
      const check = verifyWebhookSignature(SECRET, typeof signature === 'string' ? signature : undefined, body);
      if (!check.valid)
        throw new Error(`webhooks bench: a POST to ${path} failed its signature check (${check.reason})`);
    }
    const parsed = JSON.parse(body.toString('utf8')) as { id?: string; events?: { id: string }[] };
    for (const event of parsed.events ?? [parsed as { id: string }]) {
      if (state.seen.has(event.id)) state.duplicates += 1;
      else state.seen.add(event.id);
    }
    if (state.seen.size >= state.want) state.finished();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function recreateDatabase(url: string, options: { create?: boolean } = {}): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    if (options.create !== false) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

/** BENCH_WEBHOOKS deliveries per mode (20,000; 0 skips the phase), BENCH_WEBHOOKS_BATCH (100) events per batch. */
export function webhookBenchOptionsFromEnv(): WebhookBenchOptions | null {
  const events = intFromEnv('BENCH_WEBHOOKS', 20_000);
  if (events === 0) return null;
  const batchMaxEvents = intFromEnv('BENCH_WEBHOOKS_BATCH', WEBHOOK_BATCH_DEFAULT_EVENTS);
  if (batchMaxEvents < 1 || batchMaxEvents > WEBHOOK_BATCH_MAX_EVENTS)
    throw new Error(`BENCH_WEBHOOKS_BATCH=${batchMaxEvents}: a batch holds 1–${WEBHOOK_BATCH_MAX_EVENTS} events`);
  return { events, batchMaxEvents };
}
