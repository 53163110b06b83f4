import { randomUUID } from 'node:crypto';
import { CatalogCache, type ChannelRow, createPool, createPrisma, seedChannels, seedDemo } from '@smshub/db';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import {
  channelQueueName,
  createRedis,
  DISPATCH_QUEUE,
  type DispatchJob,
  openQueue,
  openWorker,
  type Queue,
  readChannelStates,
  RedisKeys,
} from '@smshub/queue';
import { gatewayProtocol, SimulatedGateway } from '@smshub/simulator';
import type pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { carrierChannelConfig, CarrierTransport, ChannelOwnership, fairShare, OutcomeWriter } from '../src/index.js';

/*
 * Channel ownership across workers against real PostgreSQL, Redis and simulated SMPP gateways:
 * a worker that starts later gets its fair share of the channels within one lease period, and
 * the handover (the first worker drains each channel's window, then gives its lease back) loses
 * no message and sends no segment twice.
 */

describe('fairShare', () => {
  it.each([
    { channels: 4, workers: ['a', 'b'], shares: [2, 2] },
    // The remainder goes to the first ones, so every channel has a taker.
    { channels: 4, workers: ['a', 'b', 'c'], shares: [2, 1, 1] },
    { channels: 5, workers: ['a', 'b', 'c'], shares: [2, 2, 1] },
    { channels: 2, workers: ['a', 'b', 'c'], shares: [1, 1, 0] },
    { channels: 0, workers: ['a', 'b'], shares: [0, 0] },
    { channels: 3, workers: ['a'], shares: [3] },
  ])('$channels channels among $workers: $shares', ({ channels, workers, shares }) => {
    expect(workers.map((w) => fairShare(channels, workers, w))).toEqual(shares);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(channels);
  });

  it('counts a worker not yet in the registry as the last one', () => {
    expect(fairShare(4, ['a'], 'b')).toBe(2);
    expect(fairShare(3, ['a'], 'b')).toBe(1);
  });
});

let db: TestDatabase;
let pool: pg.Pool;
let prisma: ReturnType<typeof createPrisma>;
const redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: '' }, 'ownership-test');
const prefix = `smshub-test-${randomUUID()}`;
const keys = new RedisKeys(prefix);
const queue = { connection: redis, prefix };
const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
let dispatch: Queue<DispatchJob>;
const closers: (() => Promise<unknown> | unknown)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url);
  prisma = createPrisma(db.url);
  await seedDemo(prisma, { webhookUrl: 'http://127.0.0.1:9/hook', balance: 10_000_000n });
  dispatch = openQueue<DispatchJob>(queue, DISPATCH_QUEUE);
});

afterAll(async () => {
  while (closers.length > 0) await closers.pop()!();
  await dispatch.close();
  const leftovers = await redis.keys(`${prefix}:*`);
  if (leftovers.length > 0) await redis.del(...leftovers);
  await redis.quit();
  await prisma.$disconnect();
  await pool.end();
  await db.drop();
});

function transportOf(row: ChannelRow): CarrierTransport {
  return new CarrierTransport(carrierChannelConfig(row), 2_000);
}

async function startWorker(instance: string, catalog: CatalogCache, leaseMs: number, prefix = 'own-') {
  const writer = new OutcomeWriter(pool, log);
  const ownership = new ChannelOwnership({
    kind: `carrier:${prefix}`,
    instance,
    leaseMs,
    context: { pool, queue, dispatch, keys, writer, catalog, log: log.child({ worker: instance }) },
    select: (channel) => channel.name.startsWith(prefix),
    createTransport: transportOf,
  });
  ownership.start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await ownership.stop();
    await writer.stop();
  };
  closers.push(stop);
  return { ownership, writer, stop };
}

describe('ChannelOwnership', () => {
  it('gives a worker that starts later its fair share within one lease period, losing and doubling nothing', async () => {
    const leaseMs = 9_000;
    const gateways: SimulatedGateway[] = [];
    const specs = [];
    for (let i = 0; i < 4; i++) {
      const gateway = new SimulatedGateway({
        protocol: gatewayProtocol('smpp'),
        accounts: [{ account: `own-${i}`, secret: 'pw', spNumber: '10690001' }],
        behaviour: { dlrDelayMs: { min: 0, max: 20 } },
      });
      const port = await gateway.start();
      closers.push(() => gateway.stop());
      gateways.push(gateway);
      specs.push({
        name: `own-${i}`,
        protocol: 'smpp' as const,
        version: '3.4',
        host: '127.0.0.1',
        port,
        account: `own-${i}`,
        secret: 'pw',
        spNumber: '10690001',
        carriers: ['CMCC' as const],
        window: 16,
        tps: 200,
        maxBinds: 1,
      });
    }
    const channels = await seedChannels(prisma, specs);
    const catalog = new CatalogCache(pool, 60_000);
    await catalog.start();
    closers.push(() => catalog.stop());
    // The dispatcher's part, for messages a draining channel gives back unsent: route them
    // again, here to the channel they were on (its new owner takes them from its queue).
    let givenBack = 0;
    const router = openWorker<DispatchJob>(queue, DISPATCH_QUEUE, async (job) => {
      givenBack += job.data.ids.length;
      const routed = await pool.query<{ id: bigint; channel_id: bigint }>(
        `UPDATE messages SET status = 'queued' WHERE id = ANY ($1::bigint[]) AND status = 'accepted'
         RETURNING id, channel_id`,
        [job.data.ids],
      );
      const byChannel = new Map<string, string[]>();
      for (const row of routed.rows) {
        const ids = byChannel.get(String(row.channel_id)) ?? [];
        ids.push(String(row.id));
        byChannel.set(String(row.channel_id), ids);
      }
      for (const [channelId, ids] of byChannel) {
        const channelQueue = openQueue(queue, channelQueueName(channelId));
        await channelQueue.add('submit', { ids });
        await channelQueue.close();
      }
    });
    closers.push(() => router.close());

    const first = await startWorker('carrier-a', catalog, leaseMs);
    await vi.waitFor(() => expect(first.ownership.runners).toHaveLength(4), { timeout: 30_000, interval: 50 });
    await vi.waitFor(() => expect(first.ownership.runners.every((r) => r.transport.state().binds === 1)).toBe(true), {
      timeout: 30_000,
      interval: 50,
    });

    // A backlog of several seconds on every channel, so the handover happens under load.
    const org = await prisma.org.findFirstOrThrow({ where: { parentId: { not: null } } });
    const businessType = await prisma.businessType.findUniqueOrThrow({ where: { code: 'notification' } });
    const ids: bigint[] = [];
    for (const channel of channels) {
      const inserted = await pool.query<{ id: bigint }>(
        `INSERT INTO messages (org_id, business_type_id, recipient, carrier_code, extension, text, encoding, segment_count, price, status, channel_id, expires_at)
         SELECT $1, $2, '139' || lpad(n::text, 8, '0'), 'CMCC', '8001', '通知 ' || n, 'ucs2', 1, 35, 'queued', $3, now() + interval '1 hour'
           FROM generate_series(1, 1000) AS n
         RETURNING id`,
        [String(org.id), String(businessType.id), String(channel!.id)],
      );
      const channelIds = inserted.rows.map((r) => r.id);
      ids.push(...channelIds);
      const channelQueue = openQueue(queue, channelQueueName(String(channel!.id)));
      for (let i = 0; i < channelIds.length; i += 100)
        await channelQueue.add('submit', { ids: channelIds.slice(i, i + 100).map(String) });
      await channelQueue.close();
    }
    await vi.waitFor(
      () => expect(first.ownership.runners.every((r) => r.counters.segmentsAcknowledged > 0)).toBe(true),
      { timeout: 30_000, interval: 50 },
    );

    const second = await startWorker('carrier-b', catalog, leaseMs);
    // Within one lease period the second worker holds its share and runs it.
    await vi.waitFor(
      () => {
        expect(second.ownership.runners).toHaveLength(2);
        expect(first.ownership.runners).toHaveLength(2);
      },
      { timeout: leaseMs, interval: 50 },
    );
    const handedOver = second.ownership.runners.map((r) => r.channel.id);
    expect(new Set([...handedOver, ...first.ownership.runners.map((r) => r.channel.id)]).size).toBe(4);

    // Every message reaches the gateway (its report may still be on its way), each segment
    // sent once: the first worker left nothing in hand and gave back only what had not left.
    await vi.waitFor(
      async () => {
        const sent = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM messages WHERE id = ANY ($1::bigint[]) AND status IN ('submitted', 'delivered')`,
          [ids.map(String)],
        );
        expect(sent.rows[0]!.n).toBe(ids.length);
      },
      { timeout: 120_000, interval: 250 },
    );
    const segments = await pool.query<{ n: number; resent: number; channels: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE submit_attempts <> 1)::int AS resent
         FROM segments WHERE message_id = ANY ($1::bigint[])`,
      [ids.map(String)],
    );
    expect(segments.rows[0]).toMatchObject({ n: ids.length, resent: 0 });
    expect(gateways.reduce((sum, g) => sum + g.stats.accepted, 0)).toBe(ids.length);
    expect(gateways.map((g) => g.stats.duplicates)).toEqual([0, 0, 0, 0]);
    for (const runner of second.ownership.runners) expect(runner.counters).toMatchObject({ resumed: 0, inDoubt: 0 });
    // The handover happened under load: the draining channels gave back what had not started.
    expect(givenBack).toBeGreaterThan(0);
    // The new owners did send on the channels they took over.
    expect(second.ownership.runners.every((r) => r.counters.segmentsAcknowledged > 0)).toBe(true);
  }, 180_000);

  it('leaves what it had in hand to the next owner when its lease runs out under it, sending and giving back nothing more', async () => {
    // A worker stalled past its lease's life (a loaded machine) finds another owner on the
    // channel when it wakes. That owner resumes the messages it found 'submitting'; had this one
    // given them back to the dispatcher as in a handover, they went out twice.
    const leaseMs = 3_000;
    const gateway = new SimulatedGateway({
      protocol: gatewayProtocol('smpp'),
      accounts: [{ account: 'lost-0', secret: 'pw', spNumber: '10690001' }],
      behaviour: { dlrDelayMs: { min: 0, max: 20 } },
    });
    const port = await gateway.start();
    closers.push(() => gateway.stop());
    const [channel] = await seedChannels(prisma, [
      {
        name: 'lost-0',
        protocol: 'smpp' as const,
        version: '3.4',
        host: '127.0.0.1',
        port,
        account: 'lost-0',
        secret: 'pw',
        spNumber: '10690001',
        carriers: ['CMCC' as const],
        window: 16,
        tps: 200,
        maxBinds: 1,
      },
    ]);
    const catalog = new CatalogCache(pool, 60_000);
    await catalog.start();
    closers.push(() => catalog.stop());
    const worker = await startWorker('carrier-a', catalog, leaseMs, 'lost-');
    await vi.waitFor(() => expect(worker.ownership.runners.map((r) => r.transport.state().binds)).toEqual([1]), {
      timeout: 30_000,
      interval: 50,
    });
    const [first] = worker.ownership.runners;

    const org = await prisma.org.findFirstOrThrow({ where: { parentId: { not: null } } });
    const businessType = await prisma.businessType.findUniqueOrThrow({ where: { code: 'notification' } });
    const inserted = await pool.query<{ id: bigint }>(
      `INSERT INTO messages (org_id, business_type_id, recipient, carrier_code, extension, text, encoding, segment_count, price, status, channel_id, expires_at)
       SELECT $1, $2, '137' || lpad(n::text, 8, '0'), 'CMCC', '8001', '失联 ' || n, 'ucs2', 1, 35, 'queued', $3, now() + interval '1 hour'
         FROM generate_series(1, 1000) AS n
       RETURNING id`,
      [String(org.id), String(businessType.id), String(channel!.id)],
    );
    const ids = inserted.rows.map((r) => String(r.id));
    const channelQueue = openQueue(queue, channelQueueName(String(channel!.id)));
    for (let i = 0; i < ids.length; i += 100) await channelQueue.add('submit', { ids: ids.slice(i, i + 100) });
    await channelQueue.close();
    await vi.waitFor(() => expect(first!.counters.segmentsAcknowledged).toBeGreaterThan(50), {
      timeout: 30_000,
      interval: 20,
    });

    // Its lease runs out and another worker takes it (here: a token nobody renews, for a while).
    const leaseKey = keys.channelLease(String(channel!.id));
    await redis.set(leaseKey, 'carrier-x/1/stalled', 'PX', 60_000);
    await vi.waitFor(() => expect(worker.ownership.runners).toHaveLength(0), { timeout: leaseMs, interval: 20 });
    // Its stop is over once the channel's live state says released (outcomes committed before).
    await vi.waitFor(
      async () =>
        expect((await readChannelStates(redis, keys, [String(channel!.id)])).get(String(channel!.id))?.released).toBe(
          true,
        ),
      { timeout: 30_000, interval: 50 },
    );
    const byStatus = async () =>
      Object.fromEntries(
        (
          await pool.query<{ status: string; n: number }>(
            `SELECT status, count(*)::int AS n FROM messages WHERE id = ANY ($1::bigint[]) GROUP BY status`,
            [ids],
          )
        ).rows.map((r) => [r.status, r.n]),
      );
    const after = await byStatus();
    // Nothing went back to the dispatcher: what it held is still in hand, the rest still queued.
    expect(after.accepted).toBeUndefined();
    expect(after.submitting).toBeGreaterThan(0);
    expect(first!.counters).toMatchObject({ handedBack: 0, messagesRetried: 0 });
    expect(first!.counters.leftInHand).toBeGreaterThan(0);
    const sentBefore = gateway.stats.accepted;

    // The other owner is gone again; this worker takes the channel back as its next owner,
    // resumes what was left in hand and sends the rest — every message once.
    await redis.del(leaseKey);
    await vi.waitFor(async () => expect((await byStatus()).submitting ?? 0).toBe(0), {
      timeout: 60_000,
      interval: 100,
    });
    await vi.waitFor(
      async () => {
        const s = await byStatus();
        expect((s.submitted ?? 0) + (s.delivered ?? 0)).toBe(ids.length);
      },
      { timeout: 60_000, interval: 100 },
    );
    const [second] = worker.ownership.runners;
    expect(second!.counters.resumed).toBe(after.submitting);
    expect(sentBefore).toBeLessThan(ids.length);
    expect(gateway.stats).toMatchObject({ accepted: ids.length, duplicates: 0 });
  }, 120_000);
});
