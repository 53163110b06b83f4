import { createPool, createPrisma, type DeliveryState, seedBase } from '@smshub/db';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import type pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutcomeWriter } from '../src/index.js';

/*
 * The writer's side of outcome failover against a real PostgreSQL: a report of network trouble
 * is acknowledged after its flush commits, the message goes back to the dispatcher through the
 * failover sink — told only after that commit — and a report that closes the message does not.
 */

let db: TestDatabase;
let pool: pg.Pool;
let prisma: ReturnType<typeof createPrisma>;
let writer: OutcomeWriter;
let channelId: bigint;
let orgId: bigint;
let businessTypeId: bigint;
const failedOver: bigint[][] = [];
const log = pino({ level: process.env.TEST_LOG ?? 'silent' });

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url);
  prisma = createPrisma(db.url);
  const base = await seedBase(prisma);
  orgId = (await prisma.org.create({ data: { parentId: base.platform.id, kind: 'enterprise', name: 'shop' } })).id;
  businessTypeId = (
    await prisma.businessType.create({
      data: {
        code: 'failover',
        name: 'failover',
        priority: 20,
        pricePerSegment: 0n,
        maxQueueWaitSeconds: 60,
        validitySeconds: 3600,
        outcomeFailoverAttempts: 1,
      },
    })
  ).id;
  channelId = (
    await prisma.channel.create({
      data: {
        name: 'cmcc',
        protocol: 'cmpp',
        protocolVersion: '3.0',
        host: '127.0.0.1',
        port: 1,
        account: 'a',
        secret: 's',
        spNumber: '1069',
      },
    })
  ).id;
  writer = new OutcomeWriter(pool, log, {
    onFailover: async (ids) => {
      // Called after COMMIT: the message is already 'accepted' for any other session.
      const rows = await pool.query<{ status: string }>('SELECT status FROM messages WHERE id = ANY ($1::bigint[])', [
        ids.map(String),
      ]);
      expect(rows.rows.map((r) => r.status)).toEqual(ids.map(() => 'accepted'));
      failedOver.push([...ids]);
    },
  });
});

afterAll(async () => {
  await writer?.stop();
  await prisma?.$disconnect();
  await pool?.end();
  await db?.drop();
});

let sequence = 0;
async function submitted(): Promise<{ id: bigint; carrierMessageId: string }> {
  const carrierMessageId = `gw-${++sequence}`;
  const message = await prisma.message.create({
    data: {
      orgId,
      businessTypeId,
      recipient: '13800138000',
      carrierCode: 'CMCC',
      text: 'hi',
      encoding: 'ucs2',
      segmentCount: 1,
      status: 'submitted',
      attempts: 1,
      channelId,
      expiresAt: new Date(Date.now() + 3_600_000),
      segments: { create: { seq: 1, total: 1, channelId, carrierMessageId, status: 'submitted', submitAttempts: 1 } },
    },
  });
  return { id: message.id, carrierMessageId };
}

function report(carrierMessageId: string, state: DeliveryState, code: string): Promise<boolean> {
  return new Promise((settle) =>
    writer.report(
      { channelId, carrierMessageId, recipient: '13800138000', state, code, error: null, doneAt: null },
      settle,
    ),
  );
}

describe('OutcomeWriter: outcome failover', () => {
  it('hands a message a report of network trouble failed back to the dispatcher after the commit', async () => {
    const { id, carrierMessageId } = await submitted();
    expect(await report(carrierMessageId, 'UNDELIV', 'MA:0054')).toBe(true);
    await expect.poll(() => failedOver.flat(), { timeout: 30_000 }).toContain(id);
    expect(writer.counters.failedOver).toBeGreaterThanOrEqual(1);
    expect(await prisma.messageAttempt.count({ where: { messageId: id } })).toBe(1);
  });

  it("closes a message whose report is the number's fault, and tells the dispatcher nothing", async () => {
    const { id, carrierMessageId } = await submitted();
    expect(await report(carrierMessageId, 'UNDELIV', 'MK:0001')).toBe(true);
    expect((await prisma.message.findUniqueOrThrow({ where: { id } })).status).toBe('undelivered');
    expect(failedOver.flat()).not.toContain(id);
  });
});
