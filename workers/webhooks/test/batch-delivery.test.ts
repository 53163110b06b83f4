import { buildMoReceivedPayload, createPool, insertWebhookEvents } from '@smshub/db';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import type pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookPoster, type WebhookPoster } from '../src/post-webhook.js';
import { verifyWebhookSignature } from '../src/signature.js';
import { WebhookWorker } from '../src/worker.js';
import { HttpReceiver, type ReceivedRequest } from './http-receiver.js';

interface DeliveryRow {
  id: bigint;
  endpoint_id: bigint;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

interface SentEvent {
  id: string;
  event: string;
  created_at: string;
  data: { id: string; text: string };
}

const SECRET = 'whsec_batch_0123456789';
const logger = pino({ level: 'silent' });

describe('batched delivery (real PostgreSQL, a receiver on 127.0.0.1)', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let receiver: HttpReceiver;
  let orgId: bigint;
  const posters: WebhookPoster[] = [];
  let clockMs = 0;
  const clock = () => new Date(clockMs);

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = createPool(db.url, { max: 8 });
    receiver = await new HttpReceiver()
      .on('/ok', () => ({ status: 204 }))
      .on('/single', () => ({ status: 200 }))
      .on('/fail', () => ({ status: 500, body: 'busy' }))
      .listen();
    const { rows } = await pool.query<{ id: bigint }>(
      `INSERT INTO orgs (kind, name) VALUES ('enterprise', 'batches') RETURNING id`,
    );
    orgId = rows[0]!.id;
  });

  afterAll(async () => {
    for (const poster of posters) poster.close();
    await receiver?.close();
    await pool?.end();
    await db?.drop();
  });

  beforeEach(async () => {
    await pool.query('DELETE FROM webhook_endpoints');
    receiver.requests.length = 0;
    clockMs = (await pool.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now.getTime() + 1000;
  });

  function worker(options: { concurrency?: number; endpointConcurrency?: number; clocked?: boolean } = {}) {
    const poster = createWebhookPoster({ timeoutMs: 2000, allowPrivate: true });
    posters.push(poster);
    return new WebhookWorker({
      pool,
      poster,
      logger,
      concurrency: options.concurrency ?? 4,
      ...(options.endpointConcurrency === undefined ? {} : { endpointConcurrency: options.endpointConcurrency }),
      leaseMs: 60_000,
      pollMs: 50,
      ...(options.clocked === false ? {} : { clock, random: () => 0.5 }),
    });
  }

  async function endpoint(path: string, batchMaxEvents: number | null): Promise<bigint> {
    const { rows } = await pool.query<{ id: bigint }>(
      `INSERT INTO webhook_endpoints (org_id, url, secret, events, batch_max_events)
       VALUES ($1, $2, $3, '{mo.received}', $4) RETURNING id`,
      [orgId, receiver.url(path), SECRET, batchMaxEvents],
    );
    return rows[0]!.id;
  }

  /** `count` mo.received events (texts "mo 0", "mo 1", …) for every endpoint of the org. */
  async function raise(count: number, from = 0): Promise<void> {
    const events = Array.from({ length: count }, (_, n) => ({
      orgId,
      event: 'mo.received',
      payload: buildMoReceivedPayload({
        moId: BigInt(from + n + 1),
        orgId,
        fromNumber: '13800138000',
        toNumber: '106900018001',
        text: `mo ${from + n}`,
        keyword: null,
        receivedAt: new Date('2026-01-01T00:00:00.000Z'),
      }),
    }));
    await insertWebhookEvents(pool, events);
  }

  async function rows(endpointId?: bigint): Promise<DeliveryRow[]> {
    const { rows: found } = await pool.query<DeliveryRow>(
      `SELECT * FROM webhook_deliveries WHERE $1::bigint IS NULL OR endpoint_id = $1 ORDER BY id`,
      [endpointId ?? null],
    );
    return found;
  }

  const eventsOf = (request: ReceivedRequest): SentEvent[] =>
    (JSON.parse(request.body.toString('utf8')) as { events: SentEvent[] }).events;

  it('N events go out in ceil(N / max_events) POSTs, each signed over its whole body', async () => {
    const hook = await endpoint('/ok', 4);
    await raise(10);
    expect(await worker().runDue()).toBe(10);

    const posts = receiver.to('/ok');
    expect(posts.map((post) => eventsOf(post).map((event) => event.data.text))).toStrictEqual([
      ['mo 0', 'mo 1', 'mo 2', 'mo 3'],
      ['mo 4', 'mo 5', 'mo 6', 'mo 7'],
      ['mo 8', 'mo 9'],
    ]);
    const stored = await rows(hook);
    for (const post of posts) {
      expect(
        verifyWebhookSignature(SECRET, post.headers['smshub-signature'] as string, post.body, { now: clock() }),
      ).toMatchObject({ valid: true, timestampSeconds: Math.floor(clockMs / 1000) });
      expect(post.headers).toMatchObject({
        'content-type': 'application/json',
        'user-agent': 'smshub-webhooks/1',
        'smshub-batch-size': String(eventsOf(post).length),
        'content-length': String(post.body.length),
      });
      expect(post.headers['smshub-event']).toBeUndefined();
      expect(post.headers['smshub-delivery']).toBeUndefined();
    }
    // Each element is exactly the single-mode body of its delivery.
    const sent = posts.flatMap(eventsOf);
    expect(sent.map((event) => event.id)).toStrictEqual(stored.map((row) => row.id.toString()));
    expect(sent[0]).toStrictEqual({
      id: stored[0]!.id.toString(),
      event: 'mo.received',
      created_at: stored[0]!.created_at.toISOString(),
      data: {
        id: '1',
        from: '13800138000',
        to: '106900018001',
        text: 'mo 0',
        keyword: null,
        received_at: '2026-01-01T00:00:00.000Z',
        org_id: orgId.toString(),
      },
    });
    for (const row of stored)
      expect(row).toMatchObject({
        status: 'delivered',
        attempts: 1,
        last_status_code: 204,
        last_error: null,
        delivered_at: clock(),
      });
  });

  it('a 500 retries the batch, its events together, and each is delivered once when it succeeds', async () => {
    const hook = await endpoint('/flaky', 10);
    let failures = 2;
    receiver.on('/flaky', () => (failures-- > 0 ? { status: 500, body: 'busy' } : { status: 200 }));
    await raise(5);
    const w = worker();

    for (const [attempt, delayMs] of [
      [1, 10_000],
      [2, 30_000],
    ] as const) {
      expect(await w.runDue()).toBe(5);
      const failed = await rows(hook);
      for (const row of failed)
        expect(row).toMatchObject({
          status: 'pending',
          attempts: attempt,
          last_status_code: 500,
          last_error: 'HTTP 500: busy',
          delivered_at: null,
        });
      // One time for all of them: the next attempt is one batch again.
      expect(new Set(failed.map((row) => row.next_attempt_at.getTime()))).toStrictEqual(new Set([clockMs + delayMs]));
      clockMs += delayMs;
    }
    expect(await w.runDue()).toBe(5);
    expect(await w.runDue()).toBe(0);

    const posts = receiver.to('/flaky');
    expect(posts).toHaveLength(3);
    // The same events, in the same order, each time; the body differs only in nothing (same bytes).
    expect(new Set(posts.map((post) => post.body.toString('utf8'))).size).toBe(1);
    const delivered = eventsOf(posts[2]!).map((event) => event.id);
    expect(new Set(delivered).size).toBe(5);
    for (const row of await rows(hook))
      expect(row).toMatchObject({ status: 'delivered', attempts: 3, last_status_code: 200, delivered_at: clock() });
  });

  it('events raised while a batch waits for its retry join it, up to max_events', async () => {
    const hook = await endpoint('/later', 4);
    let fail = true;
    receiver.on('/later', () => (fail ? { status: 503 } : { status: 204 }));
    await raise(3);
    const w = worker();
    expect(await w.runDue()).toBe(3);
    fail = false;
    await raise(3, 3);
    // The new events are due now and go on their own; the failed three wait for their retry.
    expect(await w.runDue()).toBe(3);
    clockMs += 10_000;
    expect(await w.runDue()).toBe(3);
    expect(receiver.to('/later').map((post) => eventsOf(post).map((event) => event.data.text))).toStrictEqual([
      ['mo 0', 'mo 1', 'mo 2'],
      ['mo 3', 'mo 4', 'mo 5'],
      ['mo 0', 'mo 1', 'mo 2'],
    ]);
    expect((await rows(hook)).map((row) => [row.status, row.attempts])).toStrictEqual([
      ['delivered', 2],
      ['delivered', 2],
      ['delivered', 2],
      ['delivered', 1],
      ['delivered', 1],
      ['delivered', 1],
    ]);
  });

  it('single and batch endpoints of one org each get every event their own way', async () => {
    const single = await endpoint('/single', null);
    const batch = await endpoint('/ok', 3);
    await raise(7);
    expect(await worker({ concurrency: 8 }).runDue()).toBe(14);

    const singles = receiver.to('/single');
    expect(singles).toHaveLength(7);
    const singleRows = await rows(single);
    expect(singles.map((post) => post.headers['smshub-delivery']).sort()).toStrictEqual(
      singleRows.map((row) => row.id.toString()).sort(),
    );
    for (const post of singles) {
      expect(post.headers['smshub-event']).toBe('mo.received');
      expect(post.headers['smshub-batch-size']).toBeUndefined();
      expect(JSON.parse(post.body.toString('utf8'))).toMatchObject({ event: 'mo.received' });
    }
    expect(
      receiver
        .to('/ok')
        .map((post) => eventsOf(post).length)
        .sort(),
    ).toStrictEqual([1, 3, 3]);
    expect((await rows(batch)).every((row) => row.status === 'delivered' && row.attempts === 1)).toBe(true);
    expect(singleRows.every((row) => row.status === 'delivered' && row.attempts === 1)).toBe(true);
  });

  it("fails a disabled endpoint's batch without a request", async () => {
    const hook = await endpoint('/ok', 10);
    await raise(3);
    await pool.query('UPDATE webhook_endpoints SET enabled = false WHERE id = $1', [hook]);
    expect(await worker().runDue()).toBe(3);
    expect(receiver.to('/ok')).toHaveLength(0);
    for (const row of await rows(hook))
      expect(row).toMatchObject({ status: 'failed', attempts: 1, last_error: 'endpoint disabled; not sent' });
  });

  it('a row due long before the last claim (its transaction was open that long) goes at the next walk from the start', async () => {
    const hook = await endpoint('/ok', 10);
    await raise(2);
    const w = worker();
    expect(await w.runDue()).toBe(2);
    // As if written by a transaction that began an hour ago and only now committed.
    await raise(1, 2);
    await pool.query(
      `UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE endpoint_id = $1 AND status = 'pending'`,
      [hook, new Date(clockMs - 3600_000)],
    );
    // Claims walk from a floor just before the last claim's clock: not seen yet.
    expect(await w.runDue()).toBe(0);
    clockMs += 59_000;
    expect(await w.runDue()).toBe(0);
    // A minute after the last walk from the start, the next claim makes one.
    clockMs += 1000;
    expect(await w.runDue()).toBe(1);
    expect((await rows(hook)).map((row) => row.status)).toStrictEqual(['delivered', 'delivered', 'delivered']);
  });

  it('keeps its connections alive and holds each endpoint to its share of the requests', async () => {
    const slow = () => new Promise<{ status: number }>((resolve) => setTimeout(() => resolve({ status: 204 }), 5));
    receiver.on('/slow-a', slow).on('/slow-b', slow);
    receiver.mostAtOnce.clear();
    const a = await endpoint('/slow-a', null);
    const b = await endpoint('/slow-b', null);
    const connectionsBefore = receiver.connections;
    await raise(40);
    // The real clock and the database's: the loop runs as in production.
    const w = worker({ concurrency: 6, endpointConcurrency: 2, clocked: false });
    w.start();
    try {
      await expect
        .poll(
          async () =>
            (
              await pool.query<{ n: number }>(
                `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered'`,
              )
            ).rows[0]!.n,
          { timeout: 20_000, interval: 50 },
        )
        .toBe(80);
    } finally {
      await w.stop();
    }
    expect(receiver.to('/slow-a')).toHaveLength(40);
    expect(receiver.to('/slow-b')).toHaveLength(40);
    expect(receiver.mostAtOnce.get('/slow-a')).toBeLessThanOrEqual(2);
    expect(receiver.mostAtOnce.get('/slow-b')).toBeLessThanOrEqual(2);
    // 80 requests over at most two connections per endpoint, opened once and kept.
    expect(receiver.connections - connectionsBefore).toBeLessThanOrEqual(4);
    for (const row of [...(await rows(a)), ...(await rows(b))]) expect(row.attempts).toBe(1);
  });
});
