import { CatalogCache, createPool, createPrisma, seedChannels, seedDemo } from '@smshub/db';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import {
  channelQueueName,
  type ChannelJob,
  DISPATCH_QUEUE,
  type DispatchJob,
  openQueue,
  publishChannelState,
  type Queue,
  readChannelStates,
  setQueued,
} from '@smshub/queue';
import { createTestRedis } from '@smshub/queue/testing';
import type pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CarrierAlarm, Router } from '../src/route.js';
import { Sweeps } from '../src/sweeps.js';

let db: TestDatabase;
let pool: pg.Pool;
let prisma: ReturnType<typeof createPrisma>;
const testRedis = createTestRedis({ name: 'dispatcher' });
const { redis, keys, queue } = testRedis;
const log = pino({ level: 'silent' });
let dispatch: Queue<DispatchJob>;
let catalog: CatalogCache;
let router: Router;
let orgId: bigint;
let businessTypes: Record<string, bigint>;
const channel: Record<string, bigint> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url);
  prisma = createPrisma(db.url);
  orgId = (await seedDemo(prisma, {})).org.id;
  businessTypes = Object.fromEntries((await prisma.businessType.findMany()).map((bt) => [bt.code, bt.id]));
  const base = {
    protocol: 'smpp' as const,
    version: '3.4',
    host: '127.0.0.1',
    port: 1,
    secret: 'x',
    spNumber: '10690001',
  };
  const saved = await seedChannels(prisma, [
    { ...base, name: 'cmcc-a', account: 'a', carriers: ['CMCC'], tps: 100 },
    { ...base, name: 'cmcc-b', account: 'b', carriers: ['CMCC'], tps: 100 },
    { ...base, name: 'cucc-a', account: 'c', carriers: ['CUCC'], tps: 100 },
    { ...base, name: 'cross', account: 'd', carriers: ['CMCC', 'CUCC'], role: 'cross_carrier', tps: 100 },
    {
      ...base,
      name: 'modems',
      protocol: 'modem',
      account: 'm',
      carriers: ['CMCC', 'CUCC', 'CTCC'],
      role: 'backup',
      tps: 2,
    },
  ]);
  for (const c of saved) channel[c.name] = c.id;
  catalog = new CatalogCache(pool, 60_000);
  await catalog.start();
  dispatch = openQueue<DispatchJob>(queue, DISPATCH_QUEUE);
  router = new Router({ pool, queue, dispatch, keys, catalog, log });
});

afterAll(async () => {
  catalog.stop();
  await router.close();
  await dispatch.close();
  await testRedis.close();
  await prisma.$disconnect();
  await pool.end();
  await db.drop();
});

beforeEach(async () => {
  await pool.query(`DELETE FROM messages`);
  await testRedis.clear();
});

async function up(name: string, extra: Partial<Parameters<typeof publishChannelState>[3]> = {}, at?: number) {
  await publishChannelState(
    redis,
    keys,
    String(channel[name]),
    {
      up: true,
      binds: 1,
      inFlight: 0,
      window: 16,
      allowedTps: 100,
      rate: 0,
      waiting: 0,
      errorRate: 0,
      deliveredRate: 1,
      ...extra,
    },
    at,
  );
}

async function accept(
  count: number,
  carrier: string,
  extra: { type?: string; sendAt?: string } = {},
): Promise<bigint[]> {
  const result = await pool.query<{ id: bigint }>(
    `INSERT INTO messages (org_id, business_type_id, recipient, carrier_code, text, encoding, segment_count, status, send_at, expires_at)
     SELECT $1, $2, '139' || lpad(n::text, 8, '0'), $3, 'hi', 'ucs2', 1, 'accepted', coalesce($5::timestamptz, now()), now() + interval '1 hour'
       FROM generate_series(1, $4) AS n RETURNING id`,
    [String(orgId), String(businessTypes[extra.type ?? 'notification']), carrier, count, extra.sendAt ?? null],
  );
  return result.rows.map((r) => r.id);
}

async function placement(ids: readonly bigint[]): Promise<Record<string, number>> {
  const result = await pool.query<{ status: string; channel: string | null; n: number }>(
    `SELECT m.status, c.name AS channel, count(*)::int AS n FROM messages m LEFT JOIN channels c ON c.id = m.channel_id
      WHERE m.id = ANY ($1::bigint[]) GROUP BY 1, 2`,
    [ids.map(String)],
  );
  return Object.fromEntries(result.rows.map((r) => [`${r.status}@${r.channel ?? '-'}`, r.n]));
}

async function jobIds(name: string): Promise<string[]> {
  const q = openQueue<ChannelJob>(queue, channelQueueName(String(channel[name])));
  const jobs = await q.getJobs(['waiting', 'prioritized']);
  await q.close();
  return jobs.flatMap((j) => j.data.ids);
}

describe('Router', () => {
  it("spreads a carrier's messages over its usable channels by free capacity and queues jobs for them", async () => {
    await up('cmcc-a', { allowedTps: 300 });
    await up('cmcc-b', { allowedTps: 100 });
    const ids = await accept(400, 'CMCC');
    await router.route(ids);
    expect(await placement(ids)).toEqual({ 'queued@cmcc-a': 300, 'queued@cmcc-b': 100 });
    expect((await jobIds('cmcc-a')).length).toBe(300);
    const states = await readChannelStates(redis, keys, [String(channel['cmcc-a'])]);
    expect(states.get(String(channel['cmcc-a']))?.queued).toBe(300);
  });

  it("uses the cross-carrier channel when the carrier's own are down, then the modems", async () => {
    await up('cmcc-a', { up: false });
    await up('cross');
    await up('modems');
    const first = await accept(5, 'CMCC');
    await router.route(first);
    expect(await placement(first)).toEqual({ 'queued@cross': 5 });
    await up('cross', { up: false });
    const second = await accept(5, 'CMCC');
    await router.route(second);
    expect(await placement(second)).toEqual({ 'queued@modems': 5 });
  });

  it('ignores stale state (an owner that stopped publishing)', async () => {
    await up('cmcc-a', {}, Date.now() - 60_000);
    await up('cmcc-b');
    const ids = await accept(3, 'CMCC');
    await router.route(ids);
    expect(await placement(ids)).toEqual({ 'queued@cmcc-b': 3 });
  });

  it('keeps messages waiting (with a delayed job) while no channel can take them', async () => {
    const ids = await accept(3, 'CUCC');
    await router.route(ids);
    expect(await placement(ids)).toEqual({ 'accepted@-': 3 });
    const delayed = await dispatch.getJobs(['delayed']);
    expect(delayed.some((job) => ids.every((id) => job.data.ids.includes(String(id))))).toBe(true);
  });

  it('sends a carrier with no route of its own to the modem pool, which ignores carriers', async () => {
    await up('modems');
    const ids = await accept(2, 'CBN');
    await router.route(ids);
    expect(await placement(ids)).toEqual({ 'queued@modems': 2 });
  });

  it('fails messages no channel could ever reach, and refunds them', async () => {
    await pool.query(`UPDATE channels SET enabled = false WHERE name = 'modems'`);
    await catalog.reload();
    try {
      const ids = await accept(2, 'CBN');
      await pool.query(`UPDATE messages SET price = 35 WHERE id = ANY ($1::bigint[])`, [ids.map(String)]);
      const before = (await prisma.org.findUniqueOrThrow({ where: { id: orgId } })).balance;
      await router.route(ids);
      const rows = await pool.query<{ status: string; error_code: string }>(
        `SELECT status, error_code FROM messages WHERE id = ANY ($1::bigint[])`,
        [ids.map(String)],
      );
      expect(rows.rows).toEqual([
        { status: 'failed', error_code: 'NO_ROUTE' },
        { status: 'failed', error_code: 'NO_ROUTE' },
      ]);
      expect((await prisma.org.findUniqueOrThrow({ where: { id: orgId } })).balance).toBe(before + 70n);
      const refund = await prisma.ledgerEntry.findFirstOrThrow({
        where: { orgId, kind: 'refund' },
        orderBy: { id: 'desc' },
      });
      expect(refund).toMatchObject({ amount: 70n, balanceAfter: before + 70n });
    } finally {
      await pool.query(`UPDATE channels SET enabled = true WHERE name = 'modems'`);
      await catalog.reload();
    }
  });

  it('routes a message only once when its job runs twice', async () => {
    await up('cmcc-a');
    const ids = await accept(10, 'CMCC');
    await Promise.all([router.route(ids), router.route(ids)]);
    expect(await placement(ids)).toEqual({ 'queued@cmcc-a': 10 });
    expect((await jobIds('cmcc-a')).filter((id) => ids.map(String).includes(id)).length).toBe(10);
  });

  it('avoids the channel that just failed when the type wants another', async () => {
    await up('cmcc-a');
    await up('cmcc-b', { allowedTps: 10 });
    const ids = await accept(4, 'CMCC');
    await pool.query(`UPDATE messages SET attempts = 1, channel_id = $1 WHERE id = ANY ($2::bigint[])`, [
      String(channel['cmcc-a']),
      ids.map(String),
    ]);
    await router.route(ids);
    expect(await placement(ids)).toEqual({ 'queued@cmcc-b': 4 });
  });

  it.each([
    { changeCarrier: true, to: 'cross' },
    { changeCarrier: false, to: 'cmcc-b' },
  ])(
    'outcome failover: a message a report failed on one channel leaves its group when the type changes carrier ($changeCarrier)',
    async ({ changeCarrier, to }) => {
      await up('cmcc-a');
      await up('cmcc-b');
      await up('cross');
      await pool.query(`UPDATE business_types SET outcome_failover_change_carrier = $1 WHERE code = 'notification'`, [
        changeCarrier,
      ]);
      await catalog.reload();
      try {
        const ids = await accept(3, 'CMCC');
        // As the store leaves a failed-over message: sent once on cmcc-a, the attempt recorded.
        await pool.query(`UPDATE messages SET attempts = 1, channel_id = $1 WHERE id = ANY ($2::bigint[])`, [
          String(channel['cmcc-a']),
          ids.map(String),
        ]);
        await pool.query(
          `INSERT INTO message_attempts (message_id, attempt, channel_id, status, report_code, fault, final_at)
           SELECT id, 1, $1, 'undelivered', 'MA:0054', 'network', now() FROM unnest($2::bigint[]) AS id`,
          [String(channel['cmcc-a']), ids.map(String)],
        );
        await router.route(ids, 'failover');
        expect(await placement(ids)).toEqual({ [`queued@${to}`]: 3 });
      } finally {
        await pool.query(
          `UPDATE business_types SET outcome_failover_change_carrier = true WHERE code = 'notification'`,
        );
        await catalog.reload();
      }
    },
  );

  it('leaves scheduled messages until they are due, then the sweep routes them', async () => {
    await up('cmcc-a');
    const later = new Date(Date.now() + 1_500).toISOString();
    const ids = await accept(2, 'CMCC', { sendAt: later });
    await router.route(ids);
    expect(await placement(ids)).toEqual({ 'accepted@-': 2 });
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const sweeps = new Sweeps({ pool, queue, dispatch, keys, log, instance: 'test' });
    const results = await sweeps.runAll();
    expect(results.due).toBe(2);
    const jobs = await dispatch.getJobs(['waiting']);
    const job = jobs.find((j) => j.data.reason === 'scheduled');
    expect(job?.data.ids).toEqual(ids.map(String));
    await router.route(job!.data.ids.map(BigInt));
    expect(await placement(ids)).toEqual({ 'queued@cmcc-a': 2 });
  });

  it('routes scheduled messages that fell due while no dispatcher ran, even while the dispatch queue is busy', async () => {
    await up('cmcc-a');
    // Scheduled ten minutes ago for three minutes ago; no dispatcher was running then.
    const ids = await accept(2, 'CMCC', { sendAt: new Date(Date.now() - 180_000).toISOString() });
    await pool.query(`UPDATE messages SET created_at = now() - interval '10 minutes' WHERE id = ANY ($1::bigint[])`, [
      ids.map(String),
    ]);
    // Other work is queued, so the stranded sweep (which waits for an empty queue) does not run.
    await dispatch.add('route', { ids: ['0'], reason: 'retry' }, { delay: 60_000 });
    const sweeps = new Sweeps({ pool, queue, dispatch, keys, log, instance: 'test' });
    const results = await sweeps.runAll();
    expect(results.due).toBe(2);
    expect(results.stranded).toBe(0);
    const jobs = await dispatch.getJobs(['waiting']);
    expect(jobs.find((j) => j.data.reason === 'scheduled')?.data.ids).toEqual(ids.map(String));
    // The next run starts where this one ended: the same messages are not queued again…
    expect((await sweeps.runAll()).due).toBe(0);
    // …unless the last run was long ago (every dispatcher was down): then it catches up.
    await redis.set(keys.sweepMark('due'), String(Date.now() - 600_000));
    expect((await sweeps.runAll()).due).toBe(2);
  });

  it("moves messages waiting on the modem pool back to their carrier's channel once it is usable again", async () => {
    // cmcc-a's gateway failed: CMCC traffic went to the modems (2 msg/s), CUCC's too.
    await up('cmcc-a', { up: false });
    await up('cucc-a', { up: false });
    await up('modems', { allowedTps: 2 });
    const cmcc = await accept(6, 'CMCC');
    const cucc = await accept(2, 'CUCC');
    await router.route([...cmcc, ...cucc]);
    expect(await placement([...cmcc, ...cucc])).toEqual({ 'queued@modems': 8 });
    // The modem worker has taken one of them already: that one stays where it is.
    await pool.query(`UPDATE messages SET status = 'submitting' WHERE id = $1`, [String(cmcc[0])]);
    const sweeps = new Sweeps({ pool, queue, dispatch, keys, log, instance: 'test', catalog });
    expect((await sweeps.runAll()).return).toBe(0);
    // cmcc-a is back: the CMCC messages not yet taken go back to the dispatcher.
    await up('cmcc-a');
    expect((await sweeps.runAll()).return).toBe(5);
    expect(await placement(cmcc)).toEqual({ 'accepted@modems': 5, 'submitting@modems': 1 });
    expect(await placement(cucc)).toEqual({ 'queued@modems': 2 });
    const job = (await dispatch.getJobs(['waiting'])).find((j) => j.data.reason === 'return');
    expect(job?.data.ids).toEqual(cmcc.slice(1).map(String));
    await router.route(job!.data.ids.map(BigInt), job!.data.reason);
    expect(await placement(cmcc)).toEqual({ 'queued@cmcc-a': 5, 'submitting@modems': 1 });
    // The modem worker's job for them later claims only what is still its own.
    expect((await jobIds('modems')).length).toBe(8);
  });

  it('expires messages whose validity ended before they were sent', async () => {
    const ids = await accept(2, 'CMCC');
    await pool.query(`UPDATE messages SET expires_at = now() - interval '1 second' WHERE id = ANY ($1::bigint[])`, [
      ids.map(String),
    ]);
    const sweeps = new Sweeps({ pool, queue, dispatch, keys, log, instance: 'test' });
    expect((await sweeps.runAll()).expiry).toBe(2);
    expect(await placement(ids)).toEqual({ 'expired@-': 2 });
  });

  it('holds marketing during quiet hours in the recipient time zone, and routes it after', async () => {
    await up('cmcc-a');
    const ids = await accept(2, 'CMCC', { type: 'marketing' });
    // 22:30 in Beijing: quiet until 08:00.
    const night = new Router({
      pool,
      queue,
      dispatch,
      keys,
      catalog,
      log,
      now: () => new Date('2026-11-21T14:30:00Z'),
    });
    await night.route(ids);
    const held = await pool.query<{ status: string; send_at: Date; status_detail: string }>(
      `SELECT status, send_at, status_detail FROM messages WHERE id = $1`,
      [String(ids[0])],
    );
    expect(held.rows[0]).toMatchObject({ status: 'accepted', send_at: new Date('2026-11-22T00:00:00Z') });
    expect(held.rows[0]!.status_detail).toMatch(/quiet hours/);
    // A notification at the same moment is not held.
    const notice = await accept(1, 'CMCC');
    await night.route(notice);
    expect(await placement(notice)).toEqual({ 'queued@cmcc-a': 1 });
    // At 08:00 the marketing goes.
    const morning = new Router({
      pool,
      queue,
      dispatch,
      keys,
      catalog,
      log,
      now: () => new Date('2026-11-22T00:00:30Z'),
    });
    await pool.query(`UPDATE messages SET send_at = now() - interval '1 second' WHERE id = ANY ($1::bigint[])`, [
      ids.map(String),
    ]);
    await morning.route(ids);
    expect(await placement(ids)).toEqual({ 'queued@cmcc-a': 2 });
    await night.close();
    await morning.close();
  });

  it('sends a message to the cross-carrier channel when its own would make it wait longer than its type allows', async () => {
    // Verification codes may wait 10 s; cmcc-a has 3,000 queued at 100/s (30 s).
    await up('cmcc-a');
    await setQueued(redis, keys, String(channel['cmcc-a']), 3_000);
    await up('cmcc-b', { up: false });
    await up('cross');
    const codes = await accept(3, 'CMCC', { type: 'verification' });
    await router.route(codes);
    expect(await placement(codes)).toEqual({ 'queued@cross': 3 });
    // Notifications may wait 5 minutes: they stay with their carrier.
    const notices = await accept(3, 'CMCC');
    await router.route(notices);
    expect(await placement(notices)).toEqual({ 'queued@cmcc-a': 3 });
  });

  it('routes overflow (messages that waited too long on their channel) to another channel first', async () => {
    await up('cmcc-a');
    await up('cross');
    const ids = await accept(2, 'CMCC');
    // They had been queued on cmcc-a before it gave them back.
    await pool.query(`UPDATE messages SET channel_id = $1 WHERE id = ANY ($2::bigint[])`, [
      String(channel['cmcc-a']),
      ids.map(String),
    ]);
    await router.route(ids, 'overflow');
    expect(await placement(ids)).toEqual({ 'queued@cross': 2 });
  });

  it('tells the operators once when a carrier has no usable channel, and once when it has again', async () => {
    const alarms: CarrierAlarm[] = [];
    const watched = new Router({
      pool,
      queue,
      dispatch,
      keys,
      catalog,
      log,
      alarms: async (alarm) => void alarms.push(alarm),
    });
    await watched.route(await accept(2, 'CUCC'));
    await watched.route(await accept(2, 'CUCC'));
    expect(alarms.map((a) => [a.kind, a.carrier])).toEqual([['carrier_unreachable', 'CUCC']]);
    await up('cucc-a');
    await watched.route(await accept(1, 'CUCC'));
    await watched.route(await accept(1, 'CUCC'));
    expect(alarms.map((a) => [a.kind, a.carrier])).toEqual([
      ['carrier_unreachable', 'CUCC'],
      ['carrier_reachable', 'CUCC'],
    ]);
    await watched.close();
  });

  it('sends an urgent (dual-send) message on two gateways at once: a free copy on a second channel', async () => {
    await up('cmcc-a');
    await up('cmcc-b');
    const [alarm] = await accept(1, 'CMCC', { type: 'alarm' });
    await pool.query(`UPDATE messages SET price = 50 WHERE id = $1`, [String(alarm)]);
    await router.route([alarm!]);
    const rows = await pool.query<{
      id: bigint;
      channel: string;
      price: bigint;
      twin_of: bigint | null;
      status: string;
    }>(
      `SELECT m.id, c.name AS channel, m.price, m.twin_of, m.status FROM messages m JOIN channels c ON c.id = m.channel_id
        WHERE m.id = $1 OR m.twin_of = $1 ORDER BY m.id`,
      [String(alarm)],
    );
    expect(rows.rows).toHaveLength(2);
    const [original, copy] = rows.rows;
    expect(original).toMatchObject({ id: alarm, price: 50n, twin_of: null, status: 'queued' });
    expect(copy).toMatchObject({ price: 0n, twin_of: alarm, status: 'queued' });
    expect(new Set([original!.channel, copy!.channel])).toEqual(new Set(['cmcc-a', 'cmcc-b']));
    expect((await jobIds(copy!.channel)).includes(String(copy!.id))).toBe(true);
    // Routing the original again (a duplicate job) makes no second copy.
    await pool.query(`UPDATE messages SET status = 'accepted' WHERE id = $1`, [String(alarm)]);
    await router.route([alarm!]);
    const copies = await pool.query(`SELECT 1 FROM messages WHERE twin_of = $1`, [String(alarm)]);
    expect(copies.rowCount).toBe(1);
  });
});
