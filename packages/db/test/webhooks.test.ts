import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPool } from '../src/pool.js';
import {
  buildMessageStatusPayload,
  buildMoReceivedPayload,
  claimDueDeliveries,
  insertWebhookEvents,
  recordDeliveryResult,
  truncateDeliveryError,
  WEBHOOK_LAST_ERROR_MAX_LENGTH,
  WEBHOOK_NOTIFY_CHANNEL,
  type WebhookEvent,
} from '../src/store/webhooks.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

interface DeliveryRow {
  id: bigint;
  endpoint_id: bigint;
  event: string;
  payload: unknown;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

describe('webhook outbox store', () => {
  let db: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = createPool(db.url, { max: 12 });
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  beforeEach(async () => {
    await pool.query('DELETE FROM webhook_deliveries');
    await pool.query('DELETE FROM webhook_endpoints');
  });

  let orgSequence = 0;
  async function org(): Promise<bigint> {
    const { rows } = await pool.query<{ id: bigint }>(
      `INSERT INTO orgs (kind, name) VALUES ('enterprise', $1) RETURNING id`,
      [`webhook org ${++orgSequence}`],
    );
    return rows[0]!.id;
  }

  async function endpoint(
    orgId: bigint,
    options: { events?: string[]; enabled?: boolean; url?: string } = {},
  ): Promise<bigint> {
    const { rows } = await pool.query<{ id: bigint }>(
      `INSERT INTO webhook_endpoints (org_id, url, secret, events, enabled) VALUES ($1, $2, 'whsec', $3, $4) RETURNING id`,
      [orgId, options.url ?? 'https://example.com/hook', options.events ?? [], options.enabled ?? true],
    );
    return rows[0]!.id;
  }

  async function deliveries(): Promise<DeliveryRow[]> {
    return (await pool.query<DeliveryRow>('SELECT * FROM webhook_deliveries ORDER BY id')).rows;
  }

  async function dbNow(): Promise<Date> {
    return (await pool.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now;
  }

  describe('payload builders', () => {
    it('message.status: ids as strings, times ISO 8601 UTC, price in li as a number', () => {
      expect(
        buildMessageStatusPayload({
          messageId: 9007199254740993n,
          orgId: 42n,
          campaignId: 7n,
          clientRef: 'order-1',
          recipient: '13800138000',
          status: 'delivered',
          errorCode: null,
          segmentCount: 2,
          price: 70n,
          submittedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
          finalAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 9, 0)),
        }),
      ).toStrictEqual({
        message_id: '9007199254740993',
        campaign_id: '7',
        client_ref: 'order-1',
        to: '13800138000',
        status: 'delivered',
        error_code: null,
        segments: 2,
        price_li: 70,
        submitted_at: '2026-01-02T03:04:05.006Z',
        final_at: '2026-01-02T03:04:09.000Z',
        org_id: '42',
        attempts: [],
      });
    });

    it('message.status: absent campaign, reference and times are null', () => {
      const payload = buildMessageStatusPayload({
        messageId: 1n,
        orgId: 2n,
        campaignId: null,
        clientRef: null,
        recipient: '8613800138000',
        status: 'undelivered',
        errorCode: 'UNDELIVERED',
        segmentCount: 1,
        price: 0n,
        submittedAt: null,
        finalAt: null,
      });
      expect(payload).toMatchObject({
        campaign_id: null,
        client_ref: null,
        submitted_at: null,
        final_at: null,
        error_code: 'UNDELIVERED',
      });
    });

    it('message.status: a price beyond a JSON number is refused, not rounded', () => {
      const facts = {
        messageId: 5n,
        orgId: 2n,
        campaignId: null,
        clientRef: null,
        recipient: '1',
        status: 'delivered' as const,
        errorCode: null,
        segmentCount: 1,
        price: 2n ** 53n,
        submittedAt: null,
        finalAt: null,
      };
      expect(() => buildMessageStatusPayload(facts)).toThrow(/message 5: price 9007199254740992 li/);
    });

    it('mo.received', () => {
      expect(
        buildMoReceivedPayload({
          moId: 12n,
          orgId: 3n,
          fromNumber: '13900139000',
          toNumber: '106900018001',
          text: '退订 TD',
          keyword: 'TD',
          receivedAt: new Date(Date.UTC(2026, 4, 6, 7, 8, 9, 10)),
        }),
      ).toStrictEqual({
        id: '12',
        from: '13900139000',
        to: '106900018001',
        text: '退订 TD',
        keyword: 'TD',
        received_at: '2026-05-06T07:08:09.010Z',
        org_id: '3',
      });
    });
  });

  describe('insertWebhookEvents', () => {
    it('writes one delivery per (enabled endpoint of the org that wants the event, event)', async () => {
      const [a, b, c] = [await org(), await org(), await org()];
      const aEvery = await endpoint(a);
      const aMoOnly = await endpoint(a, { events: ['mo.received'] });
      await endpoint(a, { enabled: false });
      const bStatusOnly = await endpoint(b, { events: ['message.status'] });
      await endpoint(b, { events: ['message.status'], enabled: false });
      // c has no endpoint at all.

      const events: WebhookEvent[] = [
        { orgId: a, event: 'message.status', payload: { n: 1 } },
        { orgId: a, event: 'mo.received', payload: { n: 2 } },
        { orgId: b, event: 'message.status', payload: { n: 3 } },
        { orgId: b, event: 'mo.received', payload: { n: 4 } },
        { orgId: c, event: 'message.status', payload: { n: 5 } },
        { orgId: a, event: 'campaign.finished', payload: { n: 6 } },
      ];
      expect(await insertWebhookEvents(pool, events)).toBe(5);

      const rows = (await deliveries()).map((row) => [
        row.endpoint_id,
        row.event,
        row.payload,
        row.status,
        row.attempts,
      ]);
      expect(rows).toStrictEqual([
        [aEvery, 'message.status', { n: 1 }, 'pending', 0],
        [aEvery, 'mo.received', { n: 2 }, 'pending', 0],
        [aMoOnly, 'mo.received', { n: 2 }, 'pending', 0],
        [bStatusOnly, 'message.status', { n: 3 }, 'pending', 0],
        [aEvery, 'campaign.finished', { n: 6 }, 'pending', 0],
      ]);
    });

    it('is one statement on the session it is given, and opens no transaction of its own', async () => {
      const a = await org();
      await endpoint(a);
      const client = await pool.connect();
      try {
        const query = vi.spyOn(client, 'query');
        const events = Array.from({ length: 500 }, (_, n) => ({ orgId: a, event: 'message.status', payload: { n } }));
        expect(await insertWebhookEvents(client, events)).toBe(500);
        expect(query).toHaveBeenCalledTimes(1);
        const sql = String(query.mock.calls[0]?.[0]);
        expect(sql).not.toMatch(/\b(BEGIN|COMMIT|ROLLBACK|SAVEPOINT)\b/i);
        query.mockRestore();
      } finally {
        client.release();
      }
      expect((await deliveries()).map((row) => (row.payload as { n: number }).n)).toStrictEqual(
        Array.from({ length: 500 }, (_, n) => n),
      );
    });

    it("belongs to the caller's transaction: rolled back with it, and NOTIFY comes once per batch at commit", async () => {
      const a = await org();
      await endpoint(a);
      await endpoint(a, { events: ['message.status'] });
      const listener = new pg.Client({ connectionString: db.url });
      await listener.connect();
      const notifications: string[] = [];
      listener.on('notification', (message) => notifications.push(message.channel));
      await listener.query(`LISTEN ${WEBHOOK_NOTIFY_CHANNEL}`);
      const settle = async () => {
        // A round trip on the listener after the writer's commit: a notification sent before it
        // arrives before its reply.
        await listener.query('SELECT 1');
      };

      try {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          expect(await insertWebhookEvents(client, [{ orgId: a, event: 'message.status', payload: {} }])).toBe(2);
          await settle();
          expect(notifications).toStrictEqual([]);
          await client.query('ROLLBACK');
          await settle();
          expect(notifications).toStrictEqual([]);
          expect(await deliveries()).toStrictEqual([]);

          await client.query('BEGIN');
          const batch = Array.from({ length: 50 }, () => ({ orgId: a, event: 'message.status', payload: {} }));
          expect(await insertWebhookEvents(client, batch)).toBe(100);
          expect(await insertWebhookEvents(client, batch)).toBe(100);
          await settle();
          expect(notifications).toStrictEqual([]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        await settle();
        // Two statements in one transaction: PostgreSQL folds identical notifications into one.
        expect(notifications).toStrictEqual([WEBHOOK_NOTIFY_CHANNEL]);
        expect(await deliveries()).toHaveLength(200);

        notifications.length = 0;
        expect(await insertWebhookEvents(pool, [{ orgId: await org(), event: 'message.status', payload: {} }])).toBe(0);
        await settle();
        expect(notifications).toStrictEqual([]);
      } finally {
        await listener.end();
      }
    });

    it('runs nothing for an empty batch', async () => {
      const client = await pool.connect();
      try {
        const query = vi.spyOn(client, 'query');
        expect(await insertWebhookEvents(client, [])).toBe(0);
        expect(query).not.toHaveBeenCalled();
        query.mockRestore();
      } finally {
        client.release();
      }
    });

    it('stores U+0000 in a payload as U+FFFD instead of failing the batch', async () => {
      const a = await org();
      await endpoint(a);
      await insertWebhookEvents(pool, [
        { orgId: a, event: 'mo.received', payload: { text: 'a\u0000b', list: ['\u0000'] } },
      ]);
      expect((await deliveries())[0]?.payload).toStrictEqual({ text: 'a\uFFFDb', list: ['\uFFFD'] });
    });

    const refused: { name: string; event: WebhookEvent; message: RegExp }[] = [
      {
        name: 'an empty event name',
        event: { orgId: 1n, event: '', payload: {} },
        message: /event #0 \(org 1\) has a name of 0 characters/,
      },
      {
        name: 'an event name over 64',
        event: { orgId: 1n, event: 'x'.repeat(65), payload: {} },
        message: /65 characters; 1–64 fit/,
      },
      {
        name: 'a payload JSON cannot hold',
        event: { orgId: 1n, event: 'message.status', payload: { id: 1n } },
        message: /payload of event #0 \(message.status, org 1\) is not JSON/,
      },
    ];
    it.each(refused)('refuses $name before touching the database', async ({ event, message }) => {
      const client = await pool.connect();
      try {
        const query = vi.spyOn(client, 'query');
        await expect(insertWebhookEvents(client, [event])).rejects.toThrow(message);
        expect(query).not.toHaveBeenCalled();
        query.mockRestore();
      } finally {
        client.release();
      }
    });
  });

  describe('claimDueDeliveries', () => {
    async function pendingDeliveries(
      count: number,
      options: { enabled?: boolean } = {},
    ): Promise<{ orgId: bigint; endpointId: bigint }> {
      const orgId = await org();
      const endpointId = await endpoint(orgId, { url: 'https://hooks.example.com/in', ...options });
      if (options.enabled === false)
        await pool.query('UPDATE webhook_endpoints SET enabled = true WHERE id = $1', [endpointId]);
      const events = Array.from({ length: count }, (_, n) => ({ orgId, event: 'message.status', payload: { n } }));
      expect(await insertWebhookEvents(pool, events)).toBe(count);
      if (options.enabled === false)
        await pool.query('UPDATE webhook_endpoints SET enabled = false WHERE id = $1', [endpointId]);
      return { orgId, endpointId };
    }

    it('claims due pending rows oldest first, counts the attempt and holds them for lockMs', async () => {
      const { orgId, endpointId } = await pendingDeliveries(3);
      const [first, second, third] = await deliveries();
      const now = new Date((await dbNow()).getTime() + 1000);
      // Not due yet, already final: neither is claimed.
      await pool.query(`UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = $1`, [
        first!.id,
        new Date(now.getTime() + 1),
      ]);
      await pool.query(`UPDATE webhook_deliveries SET status = 'failed' WHERE id = $1`, [third!.id]);

      const claimed = await claimDueDeliveries(pool, { limit: 10, lockMs: 30_000, now });
      expect(claimed).toStrictEqual([
        {
          id: second!.id,
          event: 'message.status',
          payload: { n: 1 },
          attempt: 1,
          createdAt: second!.created_at,
          endpointId,
          orgId,
          url: 'https://hooks.example.com/in',
          secret: 'whsec',
          endpointEnabled: true,
        },
      ]);
      const after = (await deliveries())[1]!;
      expect(after.attempts).toBe(1);
      expect(after.next_attempt_at).toStrictEqual(new Date(now.getTime() + 30_000));
      expect(after.last_error).toBe('attempt 1: no result recorded (in flight, or its worker stopped)');
      expect(after.status).toBe('pending');

      // Held: not claimable again until the lease runs out, then it is (a worker died).
      // (The first row fell due meanwhile and is claimed; the held one is not.)
      const held = await claimDueDeliveries(pool, { limit: 10, lockMs: 30_000, now: new Date(now.getTime() + 29_999) });
      expect(held.map((row) => row.id)).toStrictEqual([first!.id]);
      const again = await claimDueDeliveries(pool, {
        limit: 10,
        lockMs: 30_000,
        now: new Date(now.getTime() + 30_000),
      });
      expect(again.map((row) => [row.id, row.attempt])).toStrictEqual([[second!.id, 2]]);
    });

    it('orders by due time, and limits', async () => {
      await pendingDeliveries(5);
      const rows = await deliveries();
      const base = await dbNow();
      const dueOrder = [3, 0, 4, 1, 2];
      for (const [rank, index] of dueOrder.entries()) {
        await pool.query('UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = $1', [
          rows[index]!.id,
          new Date(base.getTime() - 10_000 + rank),
        ]);
      }
      const claimed = await claimDueDeliveries(pool, { limit: 3, lockMs: 1000, now: base });
      expect(claimed.map((row) => row.id).sort()).toStrictEqual([rows[3]!.id, rows[0]!.id, rows[4]!.id].sort());
    });

    it("reports a disabled endpoint's deliveries so the worker can settle them", async () => {
      await pendingDeliveries(1, { enabled: false });
      const claimed = await claimDueDeliveries(pool, { limit: 1, lockMs: 1000 });
      expect(claimed.map((row) => row.endpointEnabled)).toStrictEqual([false]);
    });

    it('concurrent claims on ten sessions never hand out a row twice', async () => {
      await pendingDeliveries(300);
      const now = new Date((await dbNow()).getTime() + 1000);
      const rounds = await Promise.all(
        Array.from({ length: 10 }, () => claimDueDeliveries(pool, { limit: 40, lockMs: 60_000, now })),
      );
      const ids = rounds.flat().map((row) => row.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(300);
      expect(await claimDueDeliveries(pool, { limit: 1000, lockMs: 60_000, now })).toStrictEqual([]);
    });

    it('skips rows another session is claiming instead of waiting for it', async () => {
      await pendingDeliveries(4);
      const now = new Date((await dbNow()).getTime() + 1000);
      const slow = await pool.connect();
      const other = await pool.connect();
      try {
        await slow.query('BEGIN');
        const first = await claimDueDeliveries(slow, { limit: 2, lockMs: 60_000, now });
        // Waiting on the open claim's row locks would end in this error rather than hang the test.
        await other.query(`SET statement_timeout = '2s'`);
        const second = await claimDueDeliveries(other, { limit: 10, lockMs: 60_000, now });
        expect(second).toHaveLength(2);
        expect(second.map((row) => row.id).filter((id) => first.some((row) => row.id === id))).toStrictEqual([]);
        // A claim that never commits claims nothing.
        await slow.query('ROLLBACK');
        const third = await claimDueDeliveries(other, { limit: 10, lockMs: 60_000, now });
        expect(third.map((row) => row.id).sort()).toStrictEqual(first.map((row) => row.id).sort());
      } finally {
        await other.query('RESET statement_timeout');
        slow.release();
        other.release();
      }
    });

    const badOptions = [
      { limit: 0, lockMs: 1000, message: /limit 0/ },
      { limit: 1.5, lockMs: 1000, message: /limit 1.5/ },
      { limit: 1, lockMs: 0, message: /lockMs 0/ },
    ];
    it.each(badOptions)('refuses limit $limit, lockMs $lockMs', async ({ limit, lockMs, message }) => {
      await expect(claimDueDeliveries(pool, { limit, lockMs })).rejects.toThrow(message);
    });
  });

  describe('recordDeliveryResult', () => {
    async function claimedOne(): Promise<{ id: bigint; attempt: number; claimedAt: Date }> {
      const orgId = await org();
      await endpoint(orgId);
      await insertWebhookEvents(pool, [{ orgId, event: 'mo.received', payload: {} }]);
      const claimedAt = new Date((await dbNow()).getTime() + 1000);
      const [claimed] = await claimDueDeliveries(pool, { limit: 1, lockMs: 60_000, now: claimedAt });
      return { id: claimed!.id, attempt: claimed!.attempt, claimedAt };
    }

    it('delivered: the status code, the time, no error', async () => {
      const { id, attempt, claimedAt } = await claimedOne();
      const now = new Date(claimedAt.getTime() + 120);
      expect(
        await recordDeliveryResult(pool, { id, attempt, result: { status: 'delivered', statusCode: 204 }, now }),
      ).toBe(true);
      expect((await deliveries())[0]).toMatchObject({
        status: 'delivered',
        attempts: 1,
        last_status_code: 204,
        last_error: null,
        delivered_at: now,
      });
    });

    it('pending: the next attempt time, the code and the error', async () => {
      const { id, attempt, claimedAt } = await claimedOne();
      const nextAttemptAt = new Date(claimedAt.getTime() + 10_000);
      const result = { status: 'pending', statusCode: 503, error: 'HTTP 503: busy', nextAttemptAt } as const;
      expect(await recordDeliveryResult(pool, { id, attempt, result })).toBe(true);
      expect((await deliveries())[0]).toMatchObject({
        status: 'pending',
        last_status_code: 503,
        last_error: 'HTTP 503: busy',
        next_attempt_at: nextAttemptAt,
        delivered_at: null,
      });
    });

    it('failed: final, and a later result for it is not written', async () => {
      const { id, attempt } = await claimedOne();
      const failed = { status: 'failed', statusCode: null, error: 'connect ECONNREFUSED 127.0.0.1:1' } as const;
      expect(await recordDeliveryResult(pool, { id, attempt, result: failed })).toBe(true);
      expect(await recordDeliveryResult(pool, { id, attempt, result: { status: 'delivered', statusCode: 200 } })).toBe(
        false,
      );
      expect((await deliveries())[0]).toMatchObject({
        status: 'failed',
        last_status_code: null,
        last_error: failed.error,
      });
    });

    it("a worker whose lease ran out and was claimed again cannot overwrite the new claim's result", async () => {
      const { id, attempt, claimedAt } = await claimedOne();
      const [reclaimed] = await claimDueDeliveries(pool, {
        limit: 1,
        lockMs: 60_000,
        now: new Date(claimedAt.getTime() + 60_000),
      });
      expect(reclaimed?.attempt).toBe(attempt + 1);
      expect(await recordDeliveryResult(pool, { id, attempt, result: { status: 'delivered', statusCode: 200 } })).toBe(
        false,
      );
      expect((await deliveries())[0]).toMatchObject({ status: 'pending', attempts: 2 });
      expect(
        await recordDeliveryResult(pool, {
          id,
          attempt: attempt + 1,
          result: { status: 'delivered', statusCode: 200 },
        }),
      ).toBe(true);
    });

    it('cuts a long error and drops NUL so any response text can be stored', async () => {
      const { id, attempt } = await claimedOne();
      const error = `HTTP 500: \u0000${'x'.repeat(5000)}`;
      const result = { status: 'failed', statusCode: 500, error } as const;
      expect(await recordDeliveryResult(pool, { id, attempt, result })).toBe(true);
      const stored = (await deliveries())[0]!.last_error!;
      expect(stored).toHaveLength(WEBHOOK_LAST_ERROR_MAX_LENGTH);
      expect(stored.startsWith('HTTP 500: \uFFFDxxx')).toBe(true);
      expect(stored.endsWith('x…')).toBe(true);
    });
  });

  describe('truncateDeliveryError', () => {
    const max = WEBHOOK_LAST_ERROR_MAX_LENGTH;
    const cases = [
      { name: 'short text unchanged', input: 'timeout after 10000 ms', output: 'timeout after 10000 ms' },
      { name: 'exactly the limit unchanged', input: 'a'.repeat(max), output: 'a'.repeat(max) },
      { name: 'one over is cut with an ellipsis', input: 'a'.repeat(max + 1), output: `${'a'.repeat(max - 1)}…` },
      // 998 a's then 😀 (2 UTF-16 units at 998 and 999): a cut at 999 would split it.
      {
        name: 'a surrogate pair is not split',
        input: `${'a'.repeat(max - 2)}😀tail`,
        output: `${'a'.repeat(max - 2)}…`,
      },
    ];
    it.each(cases)('$name', ({ input, output }) => {
      expect(truncateDeliveryError(input)).toBe(output);
    });
  });
});
