import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  afterFinal,
  createPool,
  createPrisma,
  finalizeFromSegments,
  inTransaction,
  seedDemo,
  storeAcknowledged,
  storeReports,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

/* Dual send: the copy's outcome decides the original's when the copy is delivered. */

let db: TestDatabase;
let pool: ReturnType<typeof createPool>;
let prisma: ReturnType<typeof createPrisma>;
let orgId: bigint;
let channelA: bigint;
let channelB: bigint;
let alarmType: bigint;
let campaignId: bigint;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url);
  prisma = createPrisma(db.url);
  orgId = (await seedDemo(prisma, { webhookUrl: 'https://hooks.example/sms' })).org.id;
  alarmType = (await prisma.businessType.findUniqueOrThrow({ where: { code: 'alarm' } })).id;
  const base = {
    protocol: 'smpp' as const,
    protocolVersion: '3.4',
    host: '127.0.0.1',
    port: 1,
    account: 'a',
    secret: 's',
    spNumber: '1069',
  };
  channelA = (await prisma.channel.create({ data: { ...base, name: 'a' } })).id;
  channelB = (await prisma.channel.create({ data: { ...base, name: 'b' } })).id;
  campaignId = (
    await prisma.campaign.create({
      data: { orgId, kind: 'api', name: 'alarms', businessTypeId: alarmType, status: 'sending', recipientCount: 1 },
    })
  ).id;
});

afterAll(async () => {
  await prisma.$disconnect();
  await pool.end();
  await db.drop();
});

async function pair(): Promise<{ original: bigint; copy: bigint }> {
  const fields = {
    orgId,
    businessTypeId: alarmType,
    recipient: '13800138000',
    carrierCode: 'CMCC',
    text: '告警',
    encoding: 'ucs2' as const,
    segmentCount: 1,
    status: 'submitted' as const,
    expiresAt: new Date(Date.now() + 3_600_000),
  };
  const original = await prisma.message.create({ data: { ...fields, campaignId, price: 50n, channelId: channelA } });
  const copy = await prisma.message.create({
    data: { ...fields, price: 0n, channelId: channelB, twinOf: original.id },
  });
  await storeAcknowledged(pool, [
    {
      messageId: original.id,
      seq: 1,
      total: 1,
      channelId: channelA,
      carrierMessageId: `a-${original.id}`,
      attempts: 1,
      submittedAt: new Date(),
    },
    {
      messageId: copy.id,
      seq: 1,
      total: 1,
      channelId: channelB,
      carrierMessageId: `b-${copy.id}`,
      attempts: 1,
      submittedAt: new Date(),
    },
  ]);
  return { original: original.id, copy: copy.id };
}

async function report(channelId: bigint, carrierMessageId: string, state: 'DELIVRD' | 'UNDELIV'): Promise<void> {
  await inTransaction(pool, async (client) => {
    const touched = await storeReports(client, [
      { channelId, carrierMessageId, recipient: '13800138000', state, code: state, error: null, doneAt: null },
    ]);
    await afterFinal(client, await finalizeFromSegments(client, touched));
  });
}

async function state(id: bigint) {
  return prisma.message.findUniqueOrThrow({ where: { id }, select: { status: true, statusDetail: true } });
}

async function hooksFor(id: bigint): Promise<string[]> {
  const rows = await pool.query<{ status: string }>(
    `SELECT payload->>'status' AS status FROM webhook_deliveries WHERE payload->>'message_id' = $1 ORDER BY id`,
    [String(id)],
  );
  return rows.rows.map((r) => r.status);
}

describe('dual send', () => {
  it('a delivered copy makes an original that failed delivered, and the customer hears of the original only', async () => {
    const { original, copy } = await pair();
    const before = await prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    await report(channelA, `a-${original}`, 'UNDELIV');
    expect((await state(original)).status).toBe('undelivered');
    await report(channelB, `b-${copy}`, 'DELIVRD');
    expect(await state(original)).toEqual({
      status: 'delivered',
      statusDetail: 'delivered through its dual-send copy',
    });
    expect(await hooksFor(original)).toEqual(['undelivered', 'delivered']);
    expect(await hooksFor(copy)).toEqual([]);
    const after = await prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect([after.deliveredCount - before.deliveredCount, after.failedCount - before.failedCount]).toEqual([1, 0]);
  });

  it('an original whose copy was delivered first is delivered at once, whatever its own report', async () => {
    const { original, copy } = await pair();
    await report(channelB, `b-${copy}`, 'DELIVRD');
    expect((await state(original)).status).toBe('delivered');
    await report(channelA, `a-${original}`, 'UNDELIV');
    expect((await state(original)).status).toBe('delivered');
    expect(await hooksFor(original)).toEqual(['delivered']);
  });

  it('a copy that fails changes nothing', async () => {
    const { original, copy } = await pair();
    await report(channelB, `b-${copy}`, 'UNDELIV');
    expect((await state(original)).status).toBe('submitted');
    await report(channelA, `a-${original}`, 'DELIVRD');
    expect((await state(original)).status).toBe('delivered');
  });
});
