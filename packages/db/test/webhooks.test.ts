import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPool } from '../src/pool.js';
import {
  buildMessageStatusPayload,
  buildMoReceivedPayload,
  claimDueRequests,
  insertWebhookEvents,
  recordDeliveryResults,
  truncateDeliveryError,
  WEBHOOK_LAST_ERROR_MAX_LENGTH,
  WEBHOOK_NOTIFY_CHANNEL,
  type RecordWebhookDeliveryInput,
  type WebhookClaim,
  type WebhookEvent,
} from '../src/store/webhooks.js';
import type { Queryable } from '../src/store/queryable.js';
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
    options: { events?: string[]; enabled?: boolean; url?: string; batchMaxEvents?: number } = {},
  ): Promise<bigint> {
    const { rows } = await pool.query<{ id: bigint }>(
      `INSERT INTO webhook_endpoints (org_id, url, secret, events, enabled, batch_max_events)
       VALUES ($1, $2, 'whsec', $3, $4, $5) RETURNING id`,
      [
        orgId,
        options.url ?? 'https://example.com/hook',
        options.events ?? [],
        options.enabled ?? true,
        options.batchMaxEvents ?? null,
      ],
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

  describe('claimDueRequests', () => {
    async function pendingDeliveries(
      count: number,
      options: { enabled?: boolean; batchMaxEvents?: number } = {},
    ): Promise<{ orgId: bigint; endpointId: bigint }> {
      const orgId = await org();
      const endpointId = await endpoint(orgId, { url: 'https://hooks.example.com/in', ...options, enabled: true });
      const events = Array.from({ length: count }, (_, n) => ({ orgId, event: 'message.status', payload: { n } }));
      expect(await insertWebhookEvents(pool, events)).toBe(count);
      if (options.enabled === false)
        await pool.query('UPDATE webhook_endpoints SET enabled = false WHERE id = $1', [endpointId]);
      return { orgId, endpointId };
    }

    /** Deliveries per request, by payload.n, in request order. */
    const shape = (claim: WebhookClaim) =>
      claim.requests.map((request) => request.deliveries.map((d) => (d.payload as { n: number }).n));

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

      const claimed = await claimDueRequests(pool, { limit: 10, lockMs: 30_000, now });
      expect(claimed).toStrictEqual({
        requests: [
          {
            target: {
              endpointId,
              orgId,
              url: 'https://hooks.example.com/in',
              secret: 'whsec',
              enabled: true,
              batchMaxEvents: null,
            },
            deliveries: [
              { id: second!.id, event: 'message.status', payload: { n: 1 }, attempt: 1, createdAt: second!.created_at },
            ],
          },
        ],
        moreDue: false,
        contended: false,
        oldestDue: second!.next_attempt_at,
        at: now,
      });
      const after = (await deliveries())[1]!;
      expect(after.attempts).toBe(1);
      expect(after.next_attempt_at).toStrictEqual(new Date(now.getTime() + 30_000));
      expect(after.last_error).toBe('attempt 1: no result recorded (in flight, or its worker stopped)');
      expect(after.status).toBe('pending');

      // Held: not claimable again until the lease runs out, then it is (a worker died).
      // (The first row fell due meanwhile and is claimed; the held one is not.)
      const held = await claimDueRequests(pool, { limit: 10, lockMs: 30_000, now: new Date(now.getTime() + 29_999) });
      expect(held.requests.flatMap((r) => r.deliveries.map((d) => d.id))).toStrictEqual([first!.id]);
      const again = await claimDueRequests(pool, { limit: 10, lockMs: 30_000, now: new Date(now.getTime() + 30_000) });
      expect(again.requests.flatMap((r) => r.deliveries.map((d) => [d.id, d.attempt]))).toStrictEqual([
        [second!.id, 2],
      ]);
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
      const claimed = await claimDueRequests(pool, { limit: 3, lockMs: 1000, now: base });
      expect(shape(claimed)).toStrictEqual([[3], [0], [4]]);
      expect(claimed.moreDue).toBe(true);
    });

    it("reports a disabled endpoint's deliveries so the worker can settle them", async () => {
      await pendingDeliveries(1, { enabled: false });
      const claimed = await claimDueRequests(pool, { limit: 1, lockMs: 1000 });
      expect(claimed.requests.map((request) => request.target.enabled)).toStrictEqual([false]);
    });

    it('batch mode: up to batch_max_events deliveries per request, in the order they were raised', async () => {
      const { endpointId } = await pendingDeliveries(7, { batchMaxEvents: 3 });
      const now = new Date((await dbNow()).getTime() + 1000);
      // Due order is not raising order: a request is the next batch_max_events due, sorted by id.
      const rows = await deliveries();
      await pool.query('UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = $1', [
        rows[0]!.id,
        new Date(now.getTime() - 1),
      ]);

      // limit counts requests: two of them hold six deliveries; the seventh stays as it was.
      const claimed = await claimDueRequests(pool, { limit: 2, lockMs: 60_000, now, window: 100 });
      expect(shape(claimed)).toStrictEqual([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expect(claimed.requests.map((request) => request.target)).toMatchObject([
        { endpointId, batchMaxEvents: 3 },
        { endpointId, batchMaxEvents: 3 },
      ]);
      expect(claimed.moreDue).toBe(false);
      const left = (await deliveries())[0]!;
      expect(left).toMatchObject({ attempts: 0, last_error: null, next_attempt_at: new Date(now.getTime() - 1) });

      const rest = await claimDueRequests(pool, { limit: 2, lockMs: 60_000, now, window: 100 });
      expect(shape(rest)).toStrictEqual([[0]]);
    });

    it('the window bounds the rows looked at: a batch fills only as far as it reaches', async () => {
      await pendingDeliveries(10, { batchMaxEvents: 100 });
      const claimed = await claimDueRequests(pool, { limit: 5, lockMs: 60_000, window: 4 });
      expect(shape(claimed)).toStrictEqual([[0, 1, 2, 3]]);
      expect(claimed.moreDue).toBe(true);
    });

    it('an endpoint gets no more requests than its room; the rows it leaves keep their state', async () => {
      const a = await org();
      const b = await org();
      const single = await endpoint(a);
      const batch = await endpoint(b, { batchMaxEvents: 2 });
      // Interleaved: a0 b0 a1 b1 … in due order.
      for (let n = 0; n < 6; n++)
        await insertWebhookEvents(pool, [
          { orgId: a, event: 'mo.received', payload: { n } },
          { orgId: b, event: 'mo.received', payload: { n } },
        ]);
      const now = new Date((await dbNow()).getTime() + 1000);

      const claimed = await claimDueRequests(pool, {
        limit: 10,
        lockMs: 60_000,
        now,
        window: 100,
        perEndpoint: 2,
        endpointRoom: new Map([[single, 1]]),
      });
      expect(
        claimed.requests.map((request) => [request.target.endpointId, shape({ ...claimed, requests: [request] })[0]]),
      ).toStrictEqual([
        [single, [0]],
        [batch, [0, 1]],
        [batch, [2, 3]],
      ]);
      const untouched = (await deliveries()).filter((row) => row.attempts === 0);
      expect(untouched).toHaveLength(12 - 5);
      for (const row of untouched) expect(row).toMatchObject({ status: 'pending', last_error: null });

      // No room at all: none of its rows, the others' as usual.
      const next = await claimDueRequests(pool, {
        limit: 10,
        lockMs: 60_000,
        now,
        window: 100,
        endpointRoom: new Map([
          [single, 0],
          [batch, 1],
        ]),
      });
      expect(claimed.requests.length + next.requests.length).toBe(4);
      expect(next.requests.map((request) => [request.target.endpointId, request.deliveries.length])).toStrictEqual([
        [batch, 2],
      ]);
    });

    it('concurrent claims on ten sessions never hand out a row twice, in either mode', async () => {
      await pendingDeliveries(150);
      await pendingDeliveries(150, { batchMaxEvents: 7 });
      const now = new Date((await dbNow()).getTime() + 1000);
      const rounds = await Promise.all(
        Array.from({ length: 10 }, () => claimDueRequests(pool, { limit: 40, lockMs: 60_000, now, window: 60 })),
      );
      const again = await claimDueRequests(pool, { limit: 1000, lockMs: 60_000, now, window: 1000 });
      const ids = [...rounds, again].flatMap((claim) => claim.requests.flatMap((r) => r.deliveries.map((d) => d.id)));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(300);
      expect(await claimDueRequests(pool, { limit: 1000, lockMs: 60_000, now })).toMatchObject({
        requests: [],
        moreDue: false,
        oldestDue: null,
      });
    });

    it('skips rows another session is claiming instead of waiting for it', async () => {
      await pendingDeliveries(4);
      const now = new Date((await dbNow()).getTime() + 1000);
      const slow = await pool.connect();
      const other = await pool.connect();
      const ids = (claim: WebhookClaim) => claim.requests.flatMap((r) => r.deliveries.map((d) => d.id)).sort();
      try {
        await slow.query('BEGIN');
        const first = ids(await claimDueRequests(slow, { limit: 2, lockMs: 60_000, now }));
        // Waiting on the open claim's row locks would end in this error rather than hang the test.
        await other.query(`SET statement_timeout = '2s'`);
        const contended = await claimDueRequests(other, { limit: 10, lockMs: 60_000, now });
        expect(contended).toMatchObject({ moreDue: true, contended: true });
        const second = ids(contended);
        expect(second).toHaveLength(2);
        expect(second.filter((id) => first.includes(id))).toStrictEqual([]);
        // A claim that never commits claims nothing.
        await slow.query('ROLLBACK');
        const again = await claimDueRequests(other, { limit: 10, lockMs: 60_000, now });
        expect(again.contended).toBe(false);
        expect(ids(again)).toStrictEqual(first);
      } finally {
        await other.query('RESET statement_timeout');
        slow.release();
        other.release();
      }
    });

    it('looks at nothing due before `after`, and says when the first due row it saw was due', async () => {
      await pendingDeliveries(3);
      const rows = await deliveries();
      const now = new Date((await dbNow()).getTime() + 1000);
      const times = [60_000, 30_000, 10_000].map((ago) => new Date(now.getTime() - ago));
      for (const [index, row] of rows.entries())
        await pool.query('UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = $1', [row.id, times[index]]);

      const later = await claimDueRequests(pool, { limit: 10, lockMs: 60_000, now, after: times[1] });
      expect(shape(later)).toStrictEqual([[1], [2]]);
      expect(later).toMatchObject({ oldestDue: times[1], at: now });
      const rest = await claimDueRequests(pool, { limit: 10, lockMs: 60_000, now });
      expect(shape(rest)).toStrictEqual([[0]]);
      expect(rest.oldestDue).toStrictEqual(times[0]);
      expect(await claimDueRequests(pool, { limit: 10, lockMs: 60_000, now })).toMatchObject({
        requests: [],
        oldestDue: null,
        at: now,
      });
      // The database's clock when none is given.
      const before = await dbNow();
      expect((await claimDueRequests(pool, { limit: 1, lockMs: 1000 })).at.getTime()).toBeGreaterThanOrEqual(
        before.getTime(),
      );
    });

    const badOptions = [
      { options: { limit: 0, lockMs: 1000 }, message: /limit 0/ },
      { options: { limit: 1.5, lockMs: 1000 }, message: /limit 1.5/ },
      { options: { limit: 1, lockMs: 0 }, message: /lockMs 0/ },
      { options: { limit: 1, lockMs: 1000, window: 0 }, message: /window 0/ },
      { options: { limit: 1, lockMs: 1000, perEndpoint: 0 }, message: /perEndpoint 0/ },
      { options: { limit: 1, lockMs: 1000, endpointRoom: new Map([[5n, -1]]) }, message: /room -1 of endpoint 5/ },
    ];
    it.each(badOptions)('refuses $options', async ({ options, message }) => {
      await expect(claimDueRequests(pool, options)).rejects.toThrow(message);
    });
  });

  /**
   * The claim and the record statements must not depend on statistics: autovacuum may be off (it
   * is on the machine these tests run on) or behind, and the table's state changes faster than
   * ANALYZE follows. Each is planned here in the states that misled the planner before: never
   * analysed (default selectivities), and analysed while nothing was pending.
   */
  describe('plans that statistics cannot change', () => {
    interface PlanNode {
      'Node Type': string;
      'Relation Name'?: string;
      'Index Name'?: string;
      'Parent Relationship'?: string;
      Plans?: PlanNode[];
    }
    const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];
    /** The node's input (not the InitPlans it also lists among its Plans). */
    const input = (node: PlanNode | undefined) =>
      node?.Plans?.find((child) => child['Parent Relationship'] === 'Outer');

    /** The statement a store function would run, not run. */
    async function statementOf(run: (db: Queryable) => Promise<unknown>): Promise<{ text: string; values: unknown[] }> {
      let captured: { text: string; values: unknown[] } | undefined;
      const capture = {
        query: (config: string | { text: string; values: unknown[] }, values: unknown[]) => {
          captured =
            typeof config === 'string' ? { text: config, values } : { text: config.text, values: config.values };
          return Promise.resolve({ rows: [], rowCount: 0 });
        },
      } as unknown as Queryable;
      // The fake answers no rows, which the function may not make sense of: the statement is what counts.
      await run(capture).catch(() => undefined);
      return captured!;
    }

    async function plan(statement: { text: string; values: unknown[] }): Promise<PlanNode[]> {
      const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (FORMAT JSON) ${statement.text}`,
        statement.values,
      );
      return nodes(rows[0]!['QUERY PLAN'][0].Plan);
    }

    /** 20,000 delivered rows, 4,000 pending and due (bulk SQL: the plans are the point, not how rows got there). */
    async function fill(): Promise<void> {
      const orgId = await org();
      const endpointId = await endpoint(orgId);
      await pool.query(
        `INSERT INTO webhook_deliveries (endpoint_id, event, payload, status, attempts, delivered_at)
         SELECT $1, 'message.status', '{}', 'delivered', 1, now() FROM generate_series(1, 20000)`,
        [endpointId],
      );
      await pool.query(
        `INSERT INTO webhook_deliveries (endpoint_id, event, payload)
         SELECT $1, 'message.status', '{}' FROM generate_series(1, 4000)`,
        [endpointId],
      );
    }

    async function expectRobustPlans(): Promise<void> {
      const claims = [
        await plan(
          await statementOf((db) => claimDueRequests(db, { limit: 32, lockMs: 60_000, window: 1000, perEndpoint: 8 })),
        ),
        await plan(
          await statementOf((db) =>
            claimDueRequests(db, { limit: 32, lockMs: 60_000, window: 1000, after: new Date(Date.now() - 60_000) }),
          ),
        ),
      ];
      const claim = claims[0]!;
      // The due rows come from an ordered walk of the due index, the chosen ones are locked by ctid.
      expect(claim.map((node) => node['Index Name'])).toContain('webhook_deliveries_due_idx');
      const lock = claim.find((node) => node['Node Type'] === 'LockRows');
      expect(input(lock)).toMatchObject({ 'Node Type': 'Tid Scan', 'Relation Name': 'webhook_deliveries' });

      const ids = (await pool.query<{ id: bigint }>(`SELECT id FROM webhook_deliveries ORDER BY id DESC LIMIT 1000`))
        .rows;
      const record = await plan(
        await statementOf((db) =>
          recordDeliveryResults(
            db,
            ids.map(({ id }) => ({ id, attempt: 1, result: { status: 'delivered', statusCode: 200 } })),
          ),
        ),
      );
      expect(input(claims[1]!.find((node) => node['Node Type'] === 'LockRows'))).toMatchObject({
        'Node Type': 'Tid Scan',
      });
      expect(claims[1]!.map((node) => node['Index Name'])).toContain('webhook_deliveries_due_idx');
      for (const statement of [...claims, record]) {
        const scans = statement.filter((node) => node['Relation Name'] === 'webhook_deliveries');
        expect(scans.map((node) => node['Node Type'])).not.toContain('Seq Scan');
        expect(scans.map((node) => node['Node Type'])).not.toContain('Bitmap Heap Scan');
        // A sort of rows read from the table (not of the few chosen) is a scan of every due row.
        for (const sort of statement.filter((node) => node['Node Type'].endsWith('Sort')))
          expect(input(sort)?.['Relation Name']).not.toBe('webhook_deliveries');
      }
      expect(record.map((node) => node['Index Name'])).not.toContain('webhook_deliveries_due_idx');
    }

    it('never analysed', async () => {
      await fill();
      await expectRobustPlans();
    });

    it('analysed while nothing was pending', async () => {
      await fill();
      await pool.query(`UPDATE webhook_deliveries SET status = 'delivered' WHERE status = 'pending'`);
      await pool.query('ANALYZE webhook_deliveries');
      await pool.query(`UPDATE webhook_deliveries SET status = 'pending' WHERE id IN (
                          SELECT id FROM webhook_deliveries ORDER BY id DESC LIMIT 4000)`);
      await expectRobustPlans();
    });
  });

  describe('recordDeliveryResults', () => {
    async function claimedOne(): Promise<{ id: bigint; attempt: number; claimedAt: Date }> {
      const orgId = await org();
      await endpoint(orgId);
      await insertWebhookEvents(pool, [{ orgId, event: 'mo.received', payload: {} }]);
      const claimedAt = new Date((await dbNow()).getTime() + 1000);
      const claim = await claimDueRequests(pool, { limit: 1, lockMs: 60_000, now: claimedAt });
      const claimed = claim.requests[0]!.deliveries[0]!;
      return { id: claimed.id, attempt: claimed.attempt, claimedAt };
    }
    const recordOne = async (input: RecordWebhookDeliveryInput) =>
      (await recordDeliveryResults(pool, [input])).has(input.id);

    it('delivered: the status code, the time, no error', async () => {
      const { id, attempt, claimedAt } = await claimedOne();
      const now = new Date(claimedAt.getTime() + 120);
      expect(await recordOne({ id, attempt, result: { status: 'delivered', statusCode: 204 }, now })).toBe(true);
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
      expect(await recordOne({ id, attempt, result })).toBe(true);
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
      expect(await recordOne({ id, attempt, result: failed })).toBe(true);
      expect(await recordOne({ id, attempt, result: { status: 'delivered', statusCode: 200 } })).toBe(false);
      expect((await deliveries())[0]).toMatchObject({
        status: 'failed',
        last_status_code: null,
        last_error: failed.error,
      });
    });

    it("a worker whose lease ran out and was claimed again cannot overwrite the new claim's result", async () => {
      const { id, attempt, claimedAt } = await claimedOne();
      const reclaimed = await claimDueRequests(pool, {
        limit: 1,
        lockMs: 60_000,
        now: new Date(claimedAt.getTime() + 60_000),
      });
      expect(reclaimed.requests[0]?.deliveries[0]?.attempt).toBe(attempt + 1);
      expect(await recordOne({ id, attempt, result: { status: 'delivered', statusCode: 200 } })).toBe(false);
      expect((await deliveries())[0]).toMatchObject({ status: 'pending', attempts: 2 });
      expect(await recordOne({ id, attempt: attempt + 1, result: { status: 'delivered', statusCode: 200 } })).toBe(
        true,
      );
    });

    it('many results in one statement, each exactly its own; stale ones are left out', async () => {
      const orgId = await org();
      await endpoint(orgId, { batchMaxEvents: 10 });
      await insertWebhookEvents(
        pool,
        Array.from({ length: 4 }, (_, n) => ({ orgId, event: 'mo.received', payload: { n } })),
      );
      const at = new Date((await dbNow()).getTime() + 1000);
      const claim = await claimDueRequests(pool, { limit: 1, lockMs: 60_000, now: at, window: 10 });
      const [a, b, c, d] = claim.requests[0]!.deliveries;
      const next = new Date(at.getTime() + 10_000);
      const client = await pool.connect();
      try {
        const query = vi.spyOn(client, 'query');
        const recorded = await recordDeliveryResults(client, [
          { id: a!.id, attempt: 1, result: { status: 'delivered', statusCode: 200 }, now: at },
          {
            id: b!.id,
            attempt: 1,
            result: { status: 'pending', statusCode: 500, error: 'HTTP 500', nextAttemptAt: next },
          },
          { id: c!.id, attempt: 1, result: { status: 'failed', statusCode: 500, error: 'HTTP 500 (retries over)' } },
          { id: d!.id, attempt: 7, result: { status: 'delivered', statusCode: 200 } },
        ]);
        expect(query).toHaveBeenCalledTimes(1);
        query.mockRestore();
        expect([...recorded].sort()).toStrictEqual([a!.id, b!.id, c!.id].sort());
      } finally {
        client.release();
      }
      expect(
        (await deliveries()).map((row) => [
          row.status,
          row.attempts,
          row.last_status_code,
          row.last_error,
          row.delivered_at,
        ]),
      ).toStrictEqual([
        ['delivered', 1, 200, null, at],
        ['pending', 1, 500, 'HTTP 500', null],
        ['failed', 1, 500, 'HTTP 500 (retries over)', null],
        ['pending', 1, null, 'attempt 1: no result recorded (in flight, or its worker stopped)', null],
      ]);
      expect((await deliveries())[1]!.next_attempt_at).toStrictEqual(next);
      expect(await recordDeliveryResults(pool, [])).toStrictEqual(new Set());
    });

    it('cuts a long error and drops NUL so any response text can be stored', async () => {
      const { id, attempt } = await claimedOne();
      const error = `HTTP 500: \u0000${'x'.repeat(5000)}`;
      const result = { status: 'failed', statusCode: 500, error } as const;
      expect(await recordOne({ id, attempt, result })).toBe(true);
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
