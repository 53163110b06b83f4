import { randomUUID } from 'node:crypto';
import { CatalogCache, createPool, createPrisma, seedChannels, seedDemo } from '@smshub/db';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import {
  channelQueueName,
  createRedis,
  DISPATCH_QUEUE,
  type DispatchJob,
  openQueue,
  type Queue,
  readChannelStates,
  RedisKeys,
} from '@smshub/queue';
import { gatewayProtocol, SimulatedGateway } from '@smshub/simulator';
import { countSegments } from '@smshub/sms';
import type pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  carrierChannelConfig,
  CarrierTransport,
  type ChannelAlarm,
  ChannelRunner,
  type ChannelTransport,
  defaultHealthOptions,
  OutcomeWriter,
  type RunnerContext,
} from '../src/index.js';

/*
 * The channel pipeline against real PostgreSQL and Redis and a simulated SMPP gateway: queued
 * messages are claimed, split, submitted, acknowledged, reported on and finalised, with the
 * ledger, campaign counters and webhook outbox following.
 */

let db: TestDatabase;
let pool: pg.Pool;
const prisma = () => createPrisma(db.url);
let prismaClient: ReturnType<typeof createPrisma>;
const redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: '' }, 'runner-test');
const prefix = `smshub-test-${randomUUID()}`;
const keys = new RedisKeys(prefix);
const queueContext = { connection: redis, prefix };
let dispatch: Queue<DispatchJob>;
let orgId: bigint;
let extensionCode: string;
let businessTypeId: bigint;
let campaignId: bigint;
const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
const cleanups: (() => Promise<unknown> | unknown)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url);
  prismaClient = prisma();
  const demo = await seedDemo(prismaClient, { webhookUrl: 'http://127.0.0.1:9/hook', balance: 1_000_000n });
  orgId = demo.org.id;
  // Allocated by the database; replies find the org by it.
  extensionCode = demo.org.extensionCode ?? '';
  businessTypeId = (await prismaClient.businessType.findUniqueOrThrow({ where: { code: 'notification' } })).id;
  campaignId = (
    await prismaClient.campaign.create({
      data: { orgId, kind: 'api', name: 'test', businessTypeId, status: 'sending' },
    })
  ).id;
  dispatch = openQueue<DispatchJob>(queueContext, DISPATCH_QUEUE);
});

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

afterAll(async () => {
  await dispatch.close();
  const leftovers = await redis.keys(`${prefix}:*`);
  if (leftovers.length > 0) await redis.del(...leftovers);
  await redis.quit();
  await prismaClient.$disconnect();
  await pool.end();
  await db.drop();
});

async function setUpChannel(
  name: string,
  behaviour: ConstructorParameters<typeof SimulatedGateway>[0]['behaviour'] = {},
  extra: Partial<Pick<RunnerContext, 'health' | 'alarms' | 'queue'>> = {},
  tps = 5_000,
  transport?: ChannelTransport,
) {
  const gateway = new SimulatedGateway({
    protocol: gatewayProtocol('smpp'),
    accounts: [{ account: name, secret: 'pw', spNumber: '10690001' }],
    behaviour: { dlrDelayMs: { min: 0, max: 30 }, ...behaviour },
  });
  const port = await gateway.start();
  cleanups.push(() => gateway.stop());
  const [channel] = await seedChannels(prismaClient, [
    {
      name,
      protocol: 'smpp',
      version: '3.4',
      host: '127.0.0.1',
      port,
      account: name,
      secret: 'pw',
      spNumber: '10690001',
      carriers: ['CMCC'],
      window: 32,
      tps,
      maxBinds: 2,
    },
  ]);
  const catalog = new CatalogCache(pool, 60_000);
  await catalog.start();
  cleanups.push(() => catalog.stop());
  const row = catalog.catalog.channels.find((c) => c.id === channel!.id)!;
  const config = carrierChannelConfig(row);
  const writer = new OutcomeWriter(pool, log);
  const runner = new ChannelRunner(row, transport ?? new CarrierTransport(config, 500), {
    pool,
    queue: queueContext,
    dispatch,
    keys,
    writer,
    catalog,
    log,
    ...extra,
  });
  cleanups.push(async () => {
    await runner.stop();
    await writer.stop();
  });
  return { gateway, runner, channelId: row.id, writer };
}

/** Inserts messages as the dispatcher leaves them: queued on a channel. */
async function queueMessages(
  channelId: bigint,
  texts: readonly string[],
  status: 'queued' | 'submitting' = 'queued',
): Promise<bigint[]> {
  const result = await pool.query<{ id: bigint }>(
    `INSERT INTO messages (org_id, campaign_id, business_type_id, recipient, carrier_code, extension, text, encoding, segment_count, price, status, channel_id, expires_at, attempts)
     SELECT $1, $2, $3, '139' || lpad(n::text, 8, '0'), 'CMCC', '8001', t, 'ucs2', ($4::int[])[n], 35 * ($4::int[])[n], $5, $6, now() + interval '1 hour', $7
       FROM unnest($8::text[]) WITH ORDINALITY AS x(t, n)
     RETURNING id`,
    [
      String(orgId),
      String(campaignId),
      String(businessTypeId),
      texts.map((t) => countSegments(t, { allowed: ['ucs2'] })),
      status,
      String(channelId),
      status === 'submitting' ? 1 : 0,
      texts,
    ],
  );
  return result.rows.map((r) => r.id);
}

async function statuses(ids: readonly bigint[]): Promise<Record<string, number>> {
  const result = await pool.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM messages WHERE id = ANY ($1::bigint[]) GROUP BY status`,
    [ids.map(String)],
  );
  return Object.fromEntries(result.rows.map((r) => [r.status, r.n]));
}

const LONG =
  '【测试】这是一条长短信，用来检查拆分、提交、状态报告与合并是否完整正确。内容超过七十个汉字，所以会分成两条带用户数据头的短信发送，手机会按参考号拼回原文，谢谢配合。';

describe('ChannelRunner', () => {
  it('submits queued messages, stores every segment, matches every report and finalises', async () => {
    const { gateway, runner, channelId } = await setUpChannel('ch-basic', { dlrMix: { DELIVRD: 3, UNDELIV: 1 } });
    await runner.start();
    const texts = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? LONG : `您的验证码是${100000 + i}`));
    const ids = await queueMessages(channelId, texts);
    await openQueue(queueContext, channelQueueName(String(channelId))).add('submit', { ids: ids.map(String) });
    await expect
      .poll(async () => {
        const s = await statuses(ids);
        return (s.delivered ?? 0) + (s.undelivered ?? 0) === ids.length;
      })
      .toBe(true);
    const segments = await pool.query<{ n: number; reported: number; resent: number }>(
      `SELECT count(*)::int AS n, count(report_state)::int AS reported, count(*) FILTER (WHERE submit_attempts > 1)::int AS resent
         FROM segments WHERE message_id = ANY ($1::bigint[])`,
      [ids.map(String)],
    );
    expect(segments.rows[0]).toEqual({ n: 400, reported: 400, resent: 0 });
    expect(gateway.stats).toMatchObject({ accepted: 400, reportsAcked: 400, duplicates: 0 });
    const reports = await pool.query<{ unmatched: number }>(
      `SELECT count(*) FILTER (WHERE matched_at IS NULL)::int AS unmatched FROM status_reports WHERE channel_id = $1`,
      [String(channelId)],
    );
    expect(reports.rows[0]!.unmatched).toBe(0);
    // Campaign counters and the webhook outbox follow the final states.
    const campaign = await prismaClient.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign.deliveredCount + campaign.failedCount).toBeGreaterThanOrEqual(300);
    const hooks = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE event = 'message.status' AND (payload->>'message_id')::bigint = ANY ($1::bigint[])`,
      [ids.map(String)],
    );
    expect(hooks.rows[0]!.n).toBe(300);
    // The sender is the SP number plus the org's extension.
    const sample = await pool.query<{ submitted_at: Date | null; channel_id: bigint }>(
      `SELECT submitted_at, channel_id FROM messages WHERE id = $1`,
      [String(ids[0])],
    );
    expect(sample.rows[0]!.submitted_at).not.toBeNull();
  });

  it('resumes messages a previous owner had in hand, without resending acknowledged segments', async () => {
    const { gateway, runner, channelId } = await setUpChannel('ch-resume');
    const ids = await queueMessages(channelId, [LONG, LONG, '短信'], 'submitting');
    // The previous owner had stored part 1 of the first message before it died.
    await pool.query(
      `INSERT INTO segments (message_id, seq, total, channel_id, carrier_message_id, status, submit_attempts, submitted_at)
       VALUES ($1, 1, 2, $2, 'old-id-1', 'submitted', 1, now())`,
      [String(ids[0]), String(channelId)],
    );
    await runner.start();
    await expect
      .poll(async () => (await statuses(ids)).submitted === 2 || (await statuses(ids)).delivered === 2)
      .toBe(true);
    expect(runner.counters.resumed).toBe(3);
    expect(gateway.stats.accepted).toBe(4); // 1 (rest of the first) + 2 + 1
  });

  it("resumes only the previous owner's messages, never its own taken meanwhile", async () => {
    // A slow channel, so this owner holds its own messages 'submitting' while it resumes.
    const { gateway, runner, channelId } = await setUpChannel('ch-resume-mixed', {}, {}, 500);
    const inHand = await queueMessages(
      channelId,
      Array.from({ length: 600 }, (_, i) => `旧的 ${i}`),
      'submitting',
    );
    const fresh = await queueMessages(
      channelId,
      Array.from({ length: 2_000 }, (_, i) => `新的 ${i}`),
    );
    const channelQueue = openQueue(queueContext, channelQueueName(String(channelId)));
    cleanups.push(() => channelQueue.close());
    for (let i = 0; i < fresh.length; i += 500)
      await channelQueue.add('submit', { ids: fresh.slice(i, i + 500).map(String) });
    await runner.start();
    await expect
      .poll(async () => ((await statuses([...inHand, ...fresh])).delivered ?? 0) === inHand.length + fresh.length, {
        timeout: 60_000,
      })
      .toBe(true);
    expect(runner.counters.resumed).toBe(inHand.length);
    expect(gateway.stats).toMatchObject({ accepted: inHand.length + fresh.length, duplicates: 0 });
  });

  it('takes acknowledgements the previous owner had not committed from the journal instead of resending them', async () => {
    const { gateway, runner, channelId } = await setUpChannel('ch-journal');
    const ids = await queueMessages(channelId, [LONG, '短信'], 'submitting');
    // The previous owner had part 1 of the first message acknowledged, its outcome still in
    // the writer, when it died; and something unreadable had got into the journal.
    const journal = keys.ackJournal(String(channelId));
    await redis.hset(
      journal,
      `${ids[0]}:1`,
      JSON.stringify({ c: 'journal-id-1', n: 2, a: 1, t: Date.now() - 1_000 }),
      `${ids[1]}:1`,
      '{not json',
      'stray',
      '{}',
    );
    await runner.start();
    // (The simulator never issued 'journal-id-1', so the first message waits for that report.)
    await expect
      .poll(async () => {
        const stored = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM segments WHERE message_id = ANY ($1::bigint[])`,
          [ids.map(String)],
        );
        return stored.rows[0]!.n === 3 && (await statuses([ids[1]!])).delivered === 1;
      })
      .toBe(true);
    expect(runner.counters).toMatchObject({ resumed: 2, recovered: 1 });
    expect(gateway.stats.accepted).toBe(2); // part 2 of the first, and the second
    const first = await pool.query<{
      seq: number;
      carrier_message_id: string;
      submit_attempts: number;
      report_state: string;
    }>(
      `SELECT seq, carrier_message_id, submit_attempts, report_state FROM segments WHERE message_id = $1 ORDER BY seq`,
      [String(ids[0])],
    );
    expect(first.rows[0]).toMatchObject({ seq: 1, carrier_message_id: 'journal-id-1', submit_attempts: 1 });
    expect(first.rows[1]).toMatchObject({ seq: 2, submit_attempts: 2 });
    await expect.poll(async () => (await redis.hlen(journal)) === 0).toBe(true);
  });

  it('journals every acknowledgement before its window slot carries another submit', async () => {
    // What a worker killed at any instant leaves for the next owner to send again is what is on
    // the wire plus what was acknowledged but not yet written to the journal: never more than
    // the window. Seen from the journal's writes: each goes to Redis while the slots of the
    // acknowledgements it carries are still empty. (Written at the end of the event loop's turn,
    // those slots had carried new submits already: 32 on the wire and 32 acknowledged but
    // unrecorded on one bind of 32, sent again by the next owner.)
    let transport: CarrierTransport | null = null;
    const largest: number[] = [];
    const watch = (key: unknown, entries: number) => {
      if (String(key).endsWith(':acks') && transport !== null) largest.push(transport.state().inFlight + entries);
    };
    const fields = (args: unknown[]) =>
      args.length === 1 ? Object.keys(args[0] as Record<string, string>).length : args.length / 2;
    const spied = new Proxy(redis, {
      get(target, property) {
        if (property === 'hset')
          return (key: string, ...args: unknown[]) => {
            watch(key, fields(args));
            return (target.hset as (...a: unknown[]) => unknown)(key, ...args);
          };
        if (property === 'pipeline')
          return () => {
            const pipeline = target.pipeline();
            const hset = pipeline.hset.bind(pipeline) as (...a: unknown[]) => unknown;
            return Object.assign(pipeline, {
              hset: (key: string, ...args: unknown[]) => {
                watch(key, fields(args));
                return hset(key, ...args);
              },
            });
          };
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const { gateway, runner, channelId } = await setUpChannel(
      'ch-journal-1st',
      {},
      {
        queue: { connection: spied, prefix },
      },
    );
    transport = runner.transport as CarrierTransport;
    await runner.start();
    await expect.poll(() => runner.transport.state().binds).toBe(2);
    const ids = await queueMessages(
      channelId,
      Array.from({ length: 2_000 }, (_, i) => `验证码 ${100000 + i}`),
    );
    await Promise.all([0, 500, 1_000, 1_500].map((from) => runner.process(ids.slice(from, from + 500))));
    expect(gateway.stats).toMatchObject({ accepted: 2_000, duplicates: 0 });
    expect(largest.length).toBeGreaterThan(0);
    const window = runner.transport.state().window;
    expect(window).toBe(64);
    expect(Math.max(...largest)).toBeLessThanOrEqual(window);
  }, 30_000);

  it('gives messages back for routing when the gateway cannot be reached', async () => {
    const { gateway, runner, channelId } = await setUpChannel('ch-down');
    await runner.start();
    await gateway.configure({ mode: 'down' });
    await expect.poll(() => runner.transport.state().binds === 0).toBe(true);
    const ids = await queueMessages(channelId, ['a', 'b']);
    const before = await dispatch.getJobCounts('waiting', 'delayed');
    await runner.process(ids);
    expect(await statuses(ids)).toEqual({ accepted: 2 });
    const after = await dispatch.getJobCounts('waiting', 'delayed');
    expect((after.waiting ?? 0) + (after.delayed ?? 0)).toBe((before.waiting ?? 0) + (before.delayed ?? 0) + 1);
    const attempts = await pool.query<{ attempts: number }>(`SELECT attempts FROM messages WHERE id = $1`, [
      String(ids[0]),
    ]);
    expect(attempts.rows[0]!.attempts).toBe(0); // an attempt that never left does not count
  }, 30_000);

  it('retries a transient gateway error later and fails when attempts run out', async () => {
    const { gateway, runner, channelId } = await setUpChannel('ch-reject');
    await runner.start();
    await gateway.configure({ mode: 'reject' }); // ESME_RSYSERR: transient
    const [first] = await queueMessages(channelId, ['x']);
    await runner.process([first!]);
    expect(await statuses([first!])).toEqual({ accepted: 1 });
    const delayed = await dispatch.getJobs(['delayed']);
    expect(delayed.some((job) => job.data.ids.includes(String(first)) && job.data.reason === 'retry')).toBe(true);
    // Attempts exhausted (notification: 3 retries → 4 attempts).
    await pool.query(`UPDATE messages SET status = 'queued', attempts = 3 WHERE id = $1`, [String(first)]);
    await runner.process([first!]);
    const row = await pool.query<{ status: string; error_code: string }>(
      `SELECT status, error_code FROM messages WHERE id = $1`,
      [String(first)],
    );
    expect(row.rows[0]).toEqual({ status: 'failed', error_code: 'RETRIES_EXHAUSTED' });
    // Never reached a carrier: the charge comes back.
    const refund = await pool.query<{ amount: bigint }>(
      `SELECT amount FROM ledger_entries WHERE org_id = $1 AND kind = 'refund' ORDER BY id DESC LIMIT 1`,
      [String(orgId)],
    );
    expect(refund.rows[0]!.amount).toBe(35n);
  });

  it('records an unanswered last submit as a possible duplicate even when the message fails for it', async () => {
    // A link that loses every submit after writing it: the gateway may have each one.
    const inDoubt: ChannelTransport = {
      capabilities: { encodings: ['ucs2'], numbers: 'national' },
      start: async () => undefined,
      stop: async () => undefined,
      submit: async () => ({ ok: false, kind: 'in-doubt', reason: 'link lost after the submit was written' }),
      state: () => ({ up: true, binds: 1, inFlight: 0, window: 1, allowedTps: 100 }),
      onReport: () => undefined,
      onMo: () => undefined,
      onEvent: () => undefined,
    };
    const { runner, channelId } = await setUpChannel('ch-doubt-last', {}, {}, 5_000, inDoubt);
    await runner.start();
    const [id] = await queueMessages(channelId, ['x']);
    // Its last allowed attempt (notification: 3 retries → 4 attempts).
    await pool.query(`UPDATE messages SET attempts = 3 WHERE id = $1`, [String(id)]);
    await runner.process([id!]);
    const row = await pool.query<{ status: string; error_code: string }>(
      `SELECT status, error_code FROM messages WHERE id = $1`,
      [String(id)],
    );
    expect(row.rows[0]).toEqual({ status: 'failed', error_code: 'RETRIES_EXHAUSTED' });
    expect(runner.counters.inDoubt).toBe(1);
    // The send that got no answer is on record: the gateway may deliver it.
    const recorded = await pool.query<{ seq: number; carrier_message_id: string | null; submit_attempts: number }>(
      `SELECT seq, carrier_message_id, submit_attempts FROM segments WHERE message_id = $1`,
      [String(id)],
    );
    expect(recorded.rows).toEqual([{ seq: 1, carrier_message_id: null, submit_attempts: 1 }]);
  });

  it('stores MO, routes it by extension and honours opt-out', async () => {
    const { gateway, runner } = await setUpChannel('ch-mo');
    await runner.start();
    await expect.poll(() => runner.transport.state().binds > 0).toBe(true);
    expect(
      await gateway.sendMo('ch-mo', { from: '13911112222', to: `10690001${extensionCode}`, text: '你好，收到' }),
    ).toBe(true);
    expect(await gateway.sendMo('ch-mo', { from: '13933334444', to: `10690001${extensionCode}`, text: 'TD' })).toBe(
      true,
    );
    expect(await gateway.sendMo('ch-mo', { from: '13955556666', to: '10690001', text: 'no extension' })).toBe(true);
    const mo = await pool.query<{ from_number: string; org_id: bigint | null; routed_to: string | null; text: string }>(
      `SELECT from_number, org_id, routed_to, text FROM mo_messages ORDER BY id`,
    );
    expect(mo.rows).toEqual([
      { from_number: '13911112222', org_id: orgId, routed_to: 'inbox', text: '你好，收到' },
      { from_number: '13933334444', org_id: orgId, routed_to: 'opt_out', text: 'TD' },
      { from_number: '13955556666', org_id: null, routed_to: null, text: 'no extension' },
    ]);
    const blacklisted = await pool.query(`SELECT 1 FROM blacklist WHERE number = '13933334444' AND org_id = $1`, [
      String(orgId),
    ]);
    expect(blacklisted.rowCount).toBe(1);
    const hooks = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE event = 'mo.received'`,
    );
    expect(hooks.rows[0]!.n).toBe(2);
  });

  it('takes a channel whose gateway stopped answering out of traffic within seconds, and raises an alarm', async () => {
    const alarms: ChannelAlarm[] = [];
    const { gateway, runner, channelId } = await setUpChannel(
      'ch-stall',
      {},
      {
        health: { ...defaultHealthOptions, stallMs: 1_000, cooldownMs: 60_000 },
        alarms: async (alarm) => void alarms.push(alarm),
      },
    );
    await runner.start();
    await expect.poll(() => runner.transport.state().binds === 2).toBe(true);
    await gateway.configure({ mode: 'blackhole' });
    const ids = await queueMessages(
      channelId,
      Array.from({ length: 40 }, (_, i) => `短信 ${i}`),
    );
    const started = Date.now();
    await runner.process(ids);
    // Every submit stuck on the silent gateway failed in doubt when its binds were dropped, and
    // the rest never went: all are back with the dispatcher, well before a response timeout.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await statuses(ids)).toEqual({ accepted: 40 });
    expect(runner.counters.inDoubt).toBeGreaterThan(0);
    expect(alarms).toEqual([expect.objectContaining({ kind: 'channel_down', channelName: 'ch-stall' })]);
    expect(alarms[0]!.reason).toMatch(/stopped answering/);
    await expect
      .poll(
        async () => (await readChannelStates(redis, keys, [String(channelId)])).get(String(channelId))?.up === false,
      )
      .toBe(true);
    // The sends that got no answer are recorded, so their resends count as possible duplicates.
    const recorded = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM segments WHERE message_id = ANY ($1::bigint[]) AND carrier_message_id IS NULL`,
      [ids.map(String)],
    );
    expect(recorded.rows[0]!.n).toBe(runner.counters.inDoubt);
  });
});
