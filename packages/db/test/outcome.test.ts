import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  afterFinal,
  assignChannels,
  claimForChannel,
  createPool,
  createPrisma,
  failMessages,
  findVisibleCampaign,
  findVisibleMessage,
  inTransaction,
  loadForDispatch,
  markSubmitted,
  seedBase,
  settleFromSegments,
  storeAcknowledged,
  storeIntake,
  storeReports,
  type DeliveryState,
  type IntakeBatch,
  type IntakeMessage,
  type Queryable,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

/*
 * The outcome side of the message path against a real PostgreSQL: campaigns that complete,
 * both charge bases with an exact ledger, and outcome failover (a report of network trouble
 * sends the message again through another channel, with no second charge).
 */

let db: TestDatabase;
let pool: ReturnType<typeof createPool>;
let prisma: ReturnType<typeof createPrisma>;
let platformId: bigint;
let cmppA: bigint;
let cmppB: bigint;
/** Accepted basis, one outcome failover. */
let failoverType: bigint;
/** Delivered basis, one outcome failover. */
let onDeliveryType: bigint;
/** Accepted basis, no failover. */
let plainType: bigint;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, { max: 6 });
  prisma = createPrisma(db.url);
  platformId = (await seedBase(prisma)).platform.id;
  const channel = {
    protocol: 'cmpp' as const,
    protocolVersion: '3.0',
    host: '127.0.0.1',
    port: 1,
    account: 'a',
    secret: 's',
    spNumber: '1069',
  };
  cmppA = (await prisma.channel.create({ data: { ...channel, name: 'cmcc-a' } })).id;
  cmppB = (await prisma.channel.create({ data: { ...channel, name: 'cmcc-b' } })).id;
  const type = { priority: 20, pricePerSegment: 50n, maxQueueWaitSeconds: 60, validitySeconds: 3600 };
  failoverType = (
    await prisma.businessType.create({
      data: { ...type, code: 'failover', name: 'failover', outcomeFailoverAttempts: 1 },
    })
  ).id;
  onDeliveryType = (
    await prisma.businessType.create({
      data: { ...type, code: 'on-delivery', name: 'on delivery', chargeBasis: 'delivered', outcomeFailoverAttempts: 1 },
    })
  ).id;
  plainType = (await prisma.businessType.create({ data: { ...type, code: 'plain', name: 'plain' } })).id;
});

afterAll(async () => {
  await prisma.$disconnect();
  await pool.end();
  await db.drop();
});

// ───────────────────────────── helpers ─────────────────────────────

let orgs = 0;
/** An org whose balance came from a recharge, so balance = sum of its ledger from the start. */
async function fundedOrg(balance: bigint, billingMode: 'prepaid' | 'postpaid' = 'prepaid'): Promise<bigint> {
  const org = await prisma.org.create({
    data: { parentId: platformId, kind: 'enterprise', name: `org ${++orgs}`, billingMode, balance },
  });
  if (balance !== 0n) {
    await prisma.ledgerEntry.create({
      data: { orgId: org.id, kind: 'recharge', amount: balance, balanceAfter: balance, note: 'test recharge' },
    });
  }
  await prisma.webhookEndpoint.create({ data: { orgId: org.id, url: 'https://hooks.example/sms', secret: 'k' } });
  return org.id;
}

let numbers = 0;
const message = (): IntakeMessage => ({
  recipient: `1380013${String(++numbers).padStart(4, '0')}`,
  carrierCode: 'CMCC',
  text: '【测试】您的验证码是 1234',
  encoding: 'ucs2',
  segmentCount: 1,
  price: 50n,
});

async function send(
  orgId: bigint,
  businessTypeId: bigint,
  count: number,
  overrides: Partial<IntakeBatch> = {},
): Promise<{ campaignId: bigint; ids: bigint[] }> {
  const messages = Array.from({ length: count }, message);
  const outcome = await storeIntake(pool, {
    orgId,
    businessTypeId,
    clientRef: null,
    requestHash: 'a'.repeat(64),
    name: 'API call',
    commonText: null,
    sendAt: new Date(Date.now() - 1_000),
    expiresAt: new Date(Date.now() + 3_600_000),
    extension: null,
    recipientCount: count,
    rejections: [],
    messages,
    ...overrides,
  });
  if (outcome.kind !== 'stored') throw new Error(`intake refused: ${outcome.kind}`);
  return { campaignId: outcome.campaignId, ids: [...outcome.messageIds] };
}

let carrierIds = 0;
/** Dispatcher and channel owner in one: queued on the channel, claimed, acknowledged, submitted. */
async function submitOn(channelId: bigint, ids: readonly bigint[]): Promise<Map<bigint, string>> {
  expect(
    await assignChannels(
      pool,
      ids.map((id) => ({ id, channelId })),
    ),
  ).toHaveLength(ids.length);
  expect(await claimForChannel(pool, channelId, ids)).toHaveLength(ids.length);
  const carrierMessageIds = new Map(ids.map((id) => [id, `gw-${++carrierIds}`]));
  await storeAcknowledged(
    pool,
    ids.map((id) => ({
      messageId: id,
      seq: 1,
      total: 1,
      channelId,
      carrierMessageId: carrierMessageIds.get(id) as string,
      attempts: 1,
      submittedAt: new Date(),
    })),
  );
  await markSubmitted(pool, ids);
  return carrierMessageIds;
}

/** A carrier's report, written as the outcome writer writes it: stored, settled, followed up. */
async function report(
  channelId: bigint,
  carrierMessageId: string,
  state: DeliveryState,
  code: string,
  db: Queryable | null = null,
): Promise<bigint[]> {
  const work = async (client: Queryable) => {
    const touched = await storeReports(client, [
      { channelId, carrierMessageId, recipient: '13800138000', state, code, error: null, doneAt: null },
    ]);
    const settled = await settleFromSegments(client, touched);
    await afterFinal(client, settled.finalized);
    return settled.failedOver;
  };
  return db === null ? inTransaction(pool, work) : work(db);
}

async function money(orgId: bigint) {
  const org = await prisma.org.findUniqueOrThrow({ where: { id: orgId }, select: { balance: true, reserved: true } });
  const ledger = await prisma.ledgerEntry.findMany({ where: { orgId }, orderBy: { id: 'asc' } });
  const sum = ledger.reduce((total, entry) => total + entry.amount, 0n);
  // Every row's balance_after is the running sum of the ledger up to it.
  let running = 0n;
  for (const entry of ledger) {
    running += entry.amount;
    expect(entry.balanceAfter).toBe(running);
  }
  return {
    balance: org.balance,
    reserved: org.reserved,
    ledgerSum: sum,
    kinds: ledger.map((e) => `${e.kind} ${e.amount}`),
  };
}

async function status(id: bigint) {
  return prisma.message.findUniqueOrThrow({
    where: { id },
    select: { status: true, errorCode: true, statusDetail: true, channelId: true },
  });
}

// ───────────────────────────── reports before their submit response ─────────────────────────────

describe('a report that overtook its submit response', () => {
  it('is applied as the segment is stored: one write of the segment, the report matched, the message final', async () => {
    const orgId = await fundedOrg(1_000n);
    const { ids } = await send(orgId, plainType, 2);
    await assignChannels(
      pool,
      ids.map((id) => ({ id, channelId: cmppA })),
    );
    await claimForChannel(pool, cmppA, ids);
    // The gateway's reports for both come first (an intermediate one, then the final one, for the
    // first; nothing for the second): stored unmatched.
    expect(await report(cmppA, 'early-1', 'ACCEPTD', 'ACCEPTD')).toEqual([]);
    expect(await report(cmppA, 'early-1', 'DELIVRD', 'DELIVRD')).toEqual([]);
    const segment = (id: bigint, carrierMessageId: string) => ({
      messageId: id,
      seq: 1,
      total: 1,
      channelId: cmppA,
      carrierMessageId,
      attempts: 1,
      submittedAt: new Date(),
    });
    const settled = await inTransaction(pool, async (client) => {
      const early = await storeAcknowledged(client, [segment(ids[0]!, 'early-1'), segment(ids[1]!, 'late-2')]);
      expect(early).toEqual([ids[0]]);
      return settleFromSegments(client, early);
    });
    expect(settled.finalized.map((m) => [m.id, m.status])).toEqual([[ids[0], 'delivered']]);
    // Finalised straight from 'submitting': its submit time comes from its segments.
    expect(settled.finalized[0]!.submittedAt).toBeInstanceOf(Date);
    const segments = await pool.query<{ message_id: bigint; status: string; report_state: string | null }>(
      'SELECT message_id, status, report_state FROM segments WHERE message_id = ANY ($1::bigint[]) ORDER BY message_id',
      [ids.map(String)],
    );
    expect(segments.rows).toEqual([
      { message_id: ids[0], status: 'delivered', report_state: 'DELIVRD' },
      { message_id: ids[1], status: 'submitted', report_state: null },
    ]);
    const reports = await pool.query<{ matched: number; unmatched: number }>(
      `SELECT count(*) FILTER (WHERE matched_at IS NOT NULL AND message_id = $1)::int AS matched,
              count(*) FILTER (WHERE matched_at IS NULL)::int AS unmatched
         FROM status_reports WHERE carrier_message_id = 'early-1'`,
      [String(ids[0])],
    );
    expect(reports.rows[0]).toEqual({ matched: 2, unmatched: 0 });
    expect((await status(ids[1]!)).status).toBe('submitting');
  });
});

// ───────────────────────────── campaign lifecycle ─────────────────────────────

describe('campaign lifecycle', () => {
  it("is 'sending' until its last message is final, then 'completed' with completed_at", async () => {
    const orgId = await fundedOrg(1_000n);
    const { campaignId, ids } = await send(orgId, plainType, 2);
    const carrier = await submitOn(cmppA, ids);
    const campaign = () => prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(await campaign()).toMatchObject({ kind: 'api', status: 'sending', completedAt: null });
    await report(cmppA, carrier.get(ids[0]!)!, 'DELIVRD', 'DELIVRD');
    expect(await campaign()).toMatchObject({ status: 'sending', completedAt: null, deliveredCount: 1 });
    await report(cmppA, carrier.get(ids[1]!)!, 'UNDELIV', 'MK:0001');
    const done = await campaign();
    expect(done).toMatchObject({ status: 'completed', deliveredCount: 1, failedCount: 1 });
    expect(done.completedAt).toBeInstanceOf(Date);
    expect((await findVisibleCampaign(pool, orgId, campaignId))?.status).toBe('completed');
  });

  it('completes a campaign whose messages end in different processes at once, exactly once', async () => {
    const orgId = await fundedOrg(1_000n);
    const { campaignId, ids } = await send(orgId, plainType, 2);
    const carrier = await submitOn(cmppA, ids);
    const first = await pool.connect();
    const second = await pool.connect();
    try {
      await first.query('BEGIN');
      await second.query('BEGIN');
      await report(cmppA, carrier.get(ids[0]!)!, 'DELIVRD', 'DELIVRD', first);
      const secondPid = (await second.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      // The second flush waits on the campaign row the first one updated…
      const racing = report(cmppA, carrier.get(ids[1]!)!, 'DELIVRD', 'DELIVRD', second);
      await expect
        .poll(
          async () =>
            (
              await pool.query<{ waiting: boolean }>(
                `SELECT wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE pid = $1`,
                [secondPid],
              )
            ).rows[0]?.waiting,
          { timeout: 30_000 },
        )
        .toBe(true);
      // …and neither saw the other's message final when it started: the counters decide.
      await first.query('COMMIT');
      await racing;
      await second.query('COMMIT');
    } finally {
      first.release();
      second.release();
    }
    const campaign = await prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign).toMatchObject({ status: 'completed', deliveredCount: 2, failedCount: 0 });
    expect(campaign.completedAt).toBeInstanceOf(Date);
  });

  it("is 'scheduled' while its messages wait for a future send_at, 'sending' once one is routed", async () => {
    const orgId = await fundedOrg(1_000n);
    const { campaignId, ids } = await send(orgId, plainType, 1, {
      sendAt: new Date(Date.now() + 600_000),
      kind: 'scheduled',
    });
    const campaign = () => prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(await campaign()).toMatchObject({ kind: 'scheduled', status: 'scheduled' });
    // The due sweep routes it when send_at comes.
    await prisma.message.update({ where: { id: ids[0]! }, data: { sendAt: new Date(Date.now() - 1_000) } });
    await assignChannels(pool, [{ id: ids[0]!, channelId: cmppA }]);
    expect(await campaign()).toMatchObject({ status: 'sending' });
  });

  it('completes a scheduled campaign whose messages fail before any channel', async () => {
    const orgId = await fundedOrg(1_000n);
    const { campaignId, ids } = await send(orgId, plainType, 1, { sendAt: new Date(Date.now() + 600_000) });
    await inTransaction(pool, async (client) =>
      afterFinal(
        client,
        await failMessages(client, [{ id: ids[0]!, status: 'failed', errorCode: 'NO_ROUTE', detail: 'none' }]),
      ),
    );
    expect(await prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({
      status: 'completed',
      failedCount: 1,
    });
  });
});

// ───────────────────────────── charge bases ─────────────────────────────

describe('charge basis', () => {
  it('accepted: charged at intake, refunded only when nothing reached a carrier', async () => {
    const orgId = await fundedOrg(1_000n);
    const { ids } = await send(orgId, plainType, 3);
    expect(await money(orgId)).toMatchObject({ balance: 850n, reserved: 0n, ledgerSum: 850n });
    const carrier = await submitOn(cmppA, ids.slice(0, 2));
    await report(cmppA, carrier.get(ids[0]!)!, 'DELIVRD', 'DELIVRD');
    await report(cmppA, carrier.get(ids[1]!)!, 'UNDELIV', 'MK:0001');
    await inTransaction(pool, async (client) =>
      afterFinal(
        client,
        await failMessages(client, [{ id: ids[2]!, status: 'failed', errorCode: 'NO_ROUTE', detail: 'none' }]),
      ),
    );
    const after = await money(orgId);
    expect(after).toMatchObject({ balance: 900n, reserved: 0n, ledgerSum: 900n });
    expect(after.kinds).toEqual(['recharge 1000', 'charge -150', 'refund 50']);
  });

  it('delivered: held at intake, charged only for the delivered ones, every hold released', async () => {
    const orgId = await fundedOrg(200n);
    const { ids } = await send(orgId, onDeliveryType, 3);
    // Nothing charged yet: the balance is whole, 150 of it held.
    expect(await money(orgId)).toMatchObject({ balance: 200n, reserved: 150n, ledgerSum: 200n });
    expect((await money(orgId)).kinds).toEqual(['recharge 200']);
    const carrier = await submitOn(cmppA, ids);
    await report(cmppA, carrier.get(ids[0]!)!, 'DELIVRD', 'DELIVRD');
    await report(cmppA, carrier.get(ids[1]!)!, 'UNDELIV', 'MK:0001');
    await report(cmppA, carrier.get(ids[2]!)!, 'EXPIRED', 'EXPIRED');
    const after = await money(orgId);
    expect(after).toMatchObject({ balance: 150n, reserved: 0n, ledgerSum: 150n });
    expect(after.kinds).toEqual(['recharge 200', 'charge -50']);
  });

  it('delivered: what is held cannot be spent again, so a prepaid balance never goes below zero', async () => {
    const orgId = await fundedOrg(100n);
    await send(orgId, onDeliveryType, 2); // holds all 100
    for (const type of [onDeliveryType, plainType]) {
      const refused = await storeIntake(pool, {
        orgId,
        businessTypeId: type,
        clientRef: null,
        requestHash: 'b'.repeat(64),
        name: 'API call',
        commonText: null,
        sendAt: new Date(),
        expiresAt: new Date(Date.now() + 3_600_000),
        extension: null,
        recipientCount: 1,
        rejections: [],
        messages: [message()],
      });
      expect(refused).toMatchObject({ kind: 'refused', needed: 50n, balance: 100n, reserved: 100n });
    }
    expect(await money(orgId)).toMatchObject({ balance: 100n, reserved: 100n, ledgerSum: 100n });
  });
});

// ───────────────────────────── outcome failover ─────────────────────────────

describe('outcome failover', () => {
  it('sends a message a report of network trouble failed again through another channel, charged once, every attempt shown', async () => {
    const orgId = await fundedOrg(1_000n);
    const { campaignId, ids } = await send(orgId, failoverType, 1);
    const id = ids[0]!;
    const first = await submitOn(cmppA, [id]);
    // CMPP "MA:0054": the SMSC did not answer — the network's trouble, not the number's.
    expect(await report(cmppA, first.get(id)!, 'UNDELIV', 'MA:0054')).toEqual([id]);
    expect(await status(id)).toMatchObject({ status: 'accepted', errorCode: null });
    expect(await prisma.segment.count({ where: { messageId: id } })).toBe(0);
    expect(await prisma.messageAttempt.findMany({ where: { messageId: id } })).toMatchObject([
      { attempt: 1, channelId: cmppA, status: 'undelivered', reportCode: 'MA:0054', fault: 'network' },
    ]);
    // Not final: the campaign waits, nothing refunded, no webhook yet.
    expect(await prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({
      status: 'sending',
      failedCount: 0,
    });
    expect(await prisma.webhookDelivery.count({ where: { endpoint: { orgId } } })).toBe(0);

    // The dispatcher learns which channel failed, to route around it.
    expect(await loadForDispatch(pool, [id])).toMatchObject([{ id, attempts: 1, failedChannelIds: [cmppA] }]);
    const second = await submitOn(cmppB, [id]);
    expect(await report(cmppB, second.get(id)!, 'DELIVRD', 'DELIVRD')).toEqual([]);
    expect(await status(id)).toMatchObject({ status: 'delivered', channelId: cmppB });

    const view = await findVisibleMessage(pool, orgId, id);
    expect(view?.deliveryAttempts).toMatchObject([
      {
        attempt: 1,
        channel_id: String(cmppA),
        status: 'undelivered',
        error_code: 'UNDELIVERED',
        report_code: 'MA:0054',
      },
      { attempt: 2, channel_id: String(cmppB), status: 'delivered', error_code: null },
    ]);
    const hooks = await prisma.webhookDelivery.findMany({ where: { endpoint: { orgId } } });
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.payload).toMatchObject({
      message_id: String(id),
      status: 'delivered',
      attempts: [
        {
          attempt: 1,
          channel_id: String(cmppA),
          status: 'undelivered',
          error_code: 'UNDELIVERED',
          report_code: 'MA:0054',
        },
        { attempt: 2, channel_id: String(cmppB), status: 'delivered' },
      ],
    });
    expect(await prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({
      status: 'completed',
      deliveredCount: 1,
      failedCount: 0,
    });
    const after = await money(orgId);
    expect(after).toMatchObject({ balance: 950n, ledgerSum: 950n });
    expect(after.kinds).toEqual(['recharge 1000', 'charge -50']);
  });

  it("closes a message whose report is the number's fault, without a second send", async () => {
    const orgId = await fundedOrg(1_000n);
    const { ids } = await send(orgId, failoverType, 1);
    const id = ids[0]!;
    const carrier = await submitOn(cmppA, [id]);
    // CMPP "MK:0001": not in the HLR — the number is wrong, another channel cannot help.
    expect(await report(cmppA, carrier.get(id)!, 'UNDELIV', 'MK:0001')).toEqual([]);
    expect(await status(id)).toMatchObject({
      status: 'undelivered',
      errorCode: 'UNDELIVERED',
      statusDetail: 'carrier report MK:0001',
    });
    expect(await prisma.messageAttempt.count({ where: { messageId: id } })).toBe(0);
  });

  it('closes the message when its attempts are used up, with both attempts shown', async () => {
    const orgId = await fundedOrg(1_000n);
    const { ids } = await send(orgId, failoverType, 1);
    const id = ids[0]!;
    const first = await submitOn(cmppA, [id]);
    expect(await report(cmppA, first.get(id)!, 'UNDELIV', 'MA:0054')).toEqual([id]);
    const second = await submitOn(cmppB, [id]);
    expect(await report(cmppB, second.get(id)!, 'UNDELIV', 'IA:0054')).toEqual([]);
    expect(await status(id)).toMatchObject({
      status: 'undelivered',
      errorCode: 'UNDELIVERED',
      statusDetail: 'carrier report IA:0054',
    });
    expect((await findVisibleMessage(pool, orgId, id))?.deliveryAttempts).toMatchObject([
      {
        attempt: 1,
        channel_id: String(cmppA),
        status: 'undelivered',
        error_code: 'UNDELIVERED',
        report_code: 'MA:0054',
      },
      { attempt: 2, channel_id: String(cmppB), status: 'undelivered', error_code: 'UNDELIVERED' },
    ]);
    // Charged once at acceptance; it reached carriers, so no refund.
    expect((await money(orgId)).kinds).toEqual(['recharge 1000', 'charge -50']);
  });

  it('delivered basis: the hold lasts through the failover and is charged once on delivery', async () => {
    const orgId = await fundedOrg(100n);
    const { ids } = await send(orgId, onDeliveryType, 1);
    const id = ids[0]!;
    const first = await submitOn(cmppA, [id]);
    expect(await report(cmppA, first.get(id)!, 'UNDELIV', 'MB:0008')).toEqual([id]);
    expect(await money(orgId)).toMatchObject({ balance: 100n, reserved: 50n });
    const second = await submitOn(cmppB, [id]);
    await report(cmppB, second.get(id)!, 'DELIVRD', 'DELIVRD');
    const after = await money(orgId);
    expect(after).toMatchObject({ balance: 50n, reserved: 0n, ledgerSum: 50n });
    expect(after.kinds).toEqual(['recharge 100', 'charge -50']);
  });

  it('a type without failover closes the message as before', async () => {
    const orgId = await fundedOrg(1_000n);
    const { ids } = await send(orgId, plainType, 1);
    const id = ids[0]!;
    const carrier = await submitOn(cmppA, [id]);
    expect(await report(cmppA, carrier.get(id)!, 'UNDELIV', 'MA:0054')).toEqual([]);
    expect(await status(id)).toMatchObject({
      status: 'undelivered',
      errorCode: 'UNDELIVERED',
      statusDetail: 'carrier report MA:0054',
    });
  });
});
