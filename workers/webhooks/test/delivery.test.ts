import { createHmac } from 'node:crypto';
import { buildMessageStatusPayload, createPool, insertWebhookEvents } from '@smshub/db';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import type pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookPoster, type WebhookPoster } from '../src/post-webhook.js';
import { RETRY_WINDOW_MS } from '../src/retry-schedule.js';
import { WebhookWorker } from '../src/worker.js';
import { closedPort, HttpReceiver } from './http-receiver.js';

interface DeliveryRow {
  id: bigint;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const SECRET = 'whsec_test_0123456789';
const logger = pino({ level: 'silent' });

describe('webhook delivery (real PostgreSQL, a receiver on 127.0.0.1)', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let receiver: HttpReceiver;
  let elsewhere: HttpReceiver;
  let orgId: bigint;
  const posters: WebhookPoster[] = [];
  let clockMs = 0;
  const clock = () => new Date(clockMs);

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = createPool(db.url, { max: 8 });
    receiver = await new HttpReceiver()
      .on('/ok', () => ({ status: 200, body: 'thanks' }))
      .on('/accepted', () => ({ status: 202 }))
      .on('/fail', () => ({ status: 500, body: 'boom: database is down' }))
      .on('/hang', () => null)
      .listen();
    elsewhere = await new HttpReceiver().on('/ok', () => ({ status: 200 })).listen();
    receiver.on('/redirect', () => ({ status: 302, headers: { location: elsewhere.url('/ok') } }));
    const { rows } = await pool.query<{ id: bigint }>(
      `INSERT INTO orgs (kind, name) VALUES ('enterprise', 'hooks') RETURNING id`,
    );
    orgId = rows[0]!.id;
  });

  afterAll(async () => {
    for (const poster of posters) poster.close();
    await receiver?.close();
    await elsewhere?.close();
    await pool?.end();
    await db?.drop();
  });

  beforeEach(async () => {
    await pool.query('DELETE FROM webhook_endpoints');
    receiver.requests.length = 0;
    elsewhere.requests.length = 0;
    clockMs = (await pool.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now.getTime() + 1000;
  });

  function worker(options: { allowPrivate?: boolean; timeoutMs?: number } = {}): WebhookWorker {
    const poster = createWebhookPoster({
      timeoutMs: options.timeoutMs ?? 2000,
      allowPrivate: options.allowPrivate ?? true,
    });
    posters.push(poster);
    return new WebhookWorker({
      pool,
      poster,
      logger,
      concurrency: 4,
      leaseMs: 60_000,
      pollMs: 50,
      clock,
      random: () => 0.5,
    });
  }

  /** An endpoint at `url` and one message.status event for it; returns the delivery's id. */
  async function oneDelivery(url: string, options: { enabled?: boolean } = {}): Promise<bigint> {
    await pool.query(
      `INSERT INTO webhook_endpoints (org_id, url, secret, events) VALUES ($1, $2, $3, '{message.status}')`,
      [orgId, url, SECRET],
    );
    const payload = buildMessageStatusPayload({
      messageId: 9007199254740993n,
      orgId,
      campaignId: null,
      clientRef: 'ref-1',
      recipient: '13800138000',
      status: 'delivered',
      errorCode: null,
      segmentCount: 1,
      price: 35n,
      submittedAt: new Date('2026-01-01T00:00:00.000Z'),
      finalAt: new Date('2026-01-01T00:00:03.500Z'),
    });
    expect(await insertWebhookEvents(pool, [{ orgId, event: 'message.status', payload }])).toBe(1);
    if (options.enabled === false) await pool.query('UPDATE webhook_endpoints SET enabled = false');
    const { rows } = await pool.query<{ id: bigint }>('SELECT id FROM webhook_deliveries ORDER BY id DESC LIMIT 1');
    return rows[0]!.id;
  }

  async function row(id: bigint): Promise<DeliveryRow> {
    return (await pool.query<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = $1', [id])).rows[0]!;
  }

  it('POSTs the signed JSON body and marks the delivery delivered on 2xx', async () => {
    const id = await oneDelivery(receiver.url('/ok'));
    expect(await worker().runDue()).toBe(1);

    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    const created = await row(id);
    expect(request!.method).toBe('POST');
    const t = Math.floor(clockMs / 1000);
    const mac = createHmac('sha256', SECRET).update(`${t}.`).update(request!.body).digest('hex');
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'smshub-webhooks/1',
      'smshub-event': 'message.status',
      'smshub-delivery': id.toString(),
      'smshub-signature': `t=${t},v1=${mac}`,
      'content-length': String(request!.body.length),
    });
    expect(JSON.parse(request!.body.toString('utf8'))).toStrictEqual({
      id: id.toString(),
      event: 'message.status',
      created_at: created.created_at.toISOString(),
      data: {
        message_id: '9007199254740993',
        campaign_id: null,
        client_ref: 'ref-1',
        to: '13800138000',
        status: 'delivered',
        error_code: null,
        segments: 1,
        price_li: 35,
        submitted_at: '2026-01-01T00:00:00.000Z',
        final_at: '2026-01-01T00:00:03.500Z',
        org_id: orgId.toString(),
        attempts: [],
      },
    });
    expect(created).toMatchObject({
      status: 'delivered',
      attempts: 1,
      last_status_code: 200,
      last_error: null,
      delivered_at: clock(),
    });
  });

  it('any 2xx is delivered', async () => {
    const id = await oneDelivery(receiver.url('/accepted'));
    await worker().runDue();
    expect(await row(id)).toMatchObject({ status: 'delivered', last_status_code: 202 });
  });

  const failures: { name: string; url: () => Promise<string>; code: number | null; error: RegExp }[] = [
    {
      name: 'HTTP 500',
      url: async () => receiver.url('/fail'),
      code: 500,
      error: /^HTTP 500: boom: database is down$/,
    },
    {
      name: 'a timeout',
      url: async () => receiver.url('/hang'),
      code: null,
      error: /^timeout: no response within 300 ms$/,
    },
    {
      name: 'a refused connection',
      url: async () => `http://127.0.0.1:${await closedPort()}/x`,
      code: null,
      error: /ECONNREFUSED 127\.0\.0\.1/,
    },
    {
      name: 'a failed DNS lookup',
      url: async () => 'http://no-such-host.invalid/hook',
      code: null,
      error: /ENOTFOUND|EAI_AGAIN/,
    },
    {
      name: 'a URL that is not http(s)',
      url: async () => 'ftp://example.com/hook',
      code: null,
      error: /^webhook URL must be http:\/\/ or https:\/\/$/,
    },
  ];
  it.each(failures)(
    'retries after $name at 10 s, 30 s, 1 min, 5 min from each attempt',
    async ({ url, code, error }) => {
      const id = await oneDelivery(await url());
      const w = worker({ timeoutMs: 300 });
      const expectedDelays = [10_000, 30_000, 60_000, 300_000];
      for (const [index, delayMs] of expectedDelays.entries()) {
        expect(await w.runDue()).toBe(1);
        const attempted = await row(id);
        expect(attempted).toMatchObject({
          status: 'pending',
          attempts: index + 1,
          last_status_code: code,
          delivered_at: null,
        });
        expect(attempted.last_error).toMatch(error);
        expect(attempted.next_attempt_at.getTime() - clockMs).toBe(delayMs);
        // Not due a millisecond early; due exactly then.
        clockMs = attempted.next_attempt_at.getTime() - 1;
        expect(await w.runDue()).toBe(0);
        clockMs += 1;
      }
    },
  );

  it('fails for good once 24 h have passed since the event, after one last attempt at 24 h', async () => {
    const id = await oneDelivery(receiver.url('/fail'));
    const createdAt = (await row(id)).created_at.getTime();
    const w = worker();

    clockMs = createdAt + RETRY_WINDOW_MS - 5000;
    await w.runDue();
    expect(await row(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      next_attempt_at: new Date(createdAt + RETRY_WINDOW_MS),
    });

    clockMs = createdAt + RETRY_WINDOW_MS;
    await w.runDue();
    const failed = await row(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, last_status_code: 500 });
    expect(failed.last_error).toBe('HTTP 500: boom: database is down (retries over: 24 h since the event)');

    clockMs += 7 * RETRY_WINDOW_MS;
    expect(await w.runDue()).toBe(0);
    expect(receiver.to('/fail')).toHaveLength(2);
  });

  it('does not follow a redirect, to another host or at all', async () => {
    const id = await oneDelivery(receiver.url('/redirect'));
    await worker().runDue();
    expect(elsewhere.requests).toHaveLength(0);
    const attempted = await row(id);
    expect(attempted).toMatchObject({ status: 'pending', last_status_code: 302 });
    expect(attempted.last_error).toBe(`HTTP 302 (redirect to ${elsewhere.url('/ok')} not followed)`);
  });

  it.each([
    {
      name: 'a loopback literal',
      host: '127.0.0.1',
      error: /^webhook URL names 127\.0\.0\.1, a loopback, private or reserved address$/,
    },
    {
      name: 'a loopback name',
      host: 'localhost',
      error: /^webhook URL names localhost, a loopback host$/,
    },
  ])('refuses $name unless private addresses are allowed, and records why', async ({ host, error }) => {
    const id = await oneDelivery(receiver.url('/ok', host));
    await worker({ allowPrivate: false }).runDue();
    expect(receiver.requests).toHaveLength(0);
    const refused = await row(id);
    expect(refused).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null });
    expect(refused.last_error).toMatch(error);
  });

  it("fails a disabled endpoint's pending deliveries without a request", async () => {
    const id = await oneDelivery(receiver.url('/ok'), { enabled: false });
    expect(await worker().runDue()).toBe(1);
    expect(receiver.requests).toHaveLength(0);
    expect(await row(id)).toMatchObject({ status: 'failed', last_error: 'endpoint disabled; not sent' });
  });

  it('two workers on separate pools never deliver the same row twice', async () => {
    await pool.query(`INSERT INTO webhook_endpoints (org_id, url, secret) VALUES ($1, $2, $3), ($1, $4, $3)`, [
      orgId,
      receiver.url('/slow-a'),
      SECRET,
      receiver.url('/slow-b'),
    ]);
    const slow = () => new Promise<{ status: number }>((resolve) => setTimeout(() => resolve({ status: 204 }), 3));
    receiver.on('/slow-a', slow).on('/slow-b', slow);
    const events = Array.from({ length: 150 }, (_, n) => ({ orgId, event: 'mo.received', payload: { n } }));
    expect(await insertWebhookEvents(pool, events)).toBe(300);

    const sent = [0, 0];
    const workers = [0, 1].map((index) => {
      const ownPool = createPool(db.url, { max: 4 });
      const poster = createWebhookPoster({ timeoutMs: 2000, allowPrivate: true });
      posters.push(poster);
      const counting: WebhookPoster = {
        post: (url, request) => {
          sent[index]! += 1;
          return poster.post(url, request);
        },
        close: () => poster.close(),
      };
      // The real clock and the database's: these run their loops as in production.
      return {
        pool: ownPool,
        worker: new WebhookWorker({
          pool: ownPool,
          poster: counting,
          logger,
          concurrency: 8,
          leaseMs: 60_000,
          pollMs: 20,
        }),
      };
    });
    for (const { worker: w } of workers) w.start();
    try {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status <> 'delivered'`,
        );
        if (rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      for (const { worker: w, pool: ownPool } of workers) {
        await w.stop();
        await ownPool.end();
      }
    }

    const ids = receiver.requests.map((request) => request.headers['smshub-delivery']);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    expect(sent[0]! + sent[1]!).toBe(300);
    expect(sent[0]).toBeGreaterThan(0);
    expect(sent[1]).toBeGreaterThan(0);
    const { rows } = await pool.query<{ attempts: number; n: number }>(
      `SELECT attempts, count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered' GROUP BY attempts`,
    );
    expect(rows).toStrictEqual([{ attempts: 1, n: 300 }]);
  });
});
