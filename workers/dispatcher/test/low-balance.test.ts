import { bookLedgerEntry, createPool, createPrisma, inTransaction, seedBase } from '@smshub/db';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import type pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The body the OpenAPI document declares for balance.low (the API package's schema, read from its source).
import { BalanceLowEvent } from '../../../packages/api/src/v1/schemas.js';
import { runLowBalanceSweep } from '../src/low-balance.js';

describe('the low-balance alert', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let prisma: ReturnType<typeof createPrisma>;
  let platformId: bigint;
  const enqueued: { ids: readonly bigint[]; priority: number }[] = [];
  const enqueue = async (ids: readonly bigint[], priority: number) => {
    enqueued.push({ ids, priority });
  };
  const log = pino({ level: 'silent' });
  const now = new Date('2026-05-04T02:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = createPool(db.url);
    prisma = createPrisma(db.url);
    platformId = (await seedBase(prisma)).platform.id;
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await pool.end();
    await db.drop();
  });

  let n = 0;
  async function orgWithUsers(
    balance: bigint,
    threshold: bigint | null,
    users: { role: 'finance' | 'admin' | 'operator'; phone: string | null }[],
  ) {
    const org = await prisma.org.create({
      data: { parentId: platformId, kind: 'enterprise', name: `低余额单位 ${++n}`, lowBalanceThreshold: threshold },
    });
    if (balance > 0n) {
      await inTransaction(pool, (tx) => bookLedgerEntry(tx, { orgId: org.id, kind: 'recharge', amount: balance }));
    }
    for (const [i, user] of users.entries()) {
      await prisma.user.create({
        data: {
          orgId: org.id,
          email: `low-${org.id}-${i}@smshub.test`,
          name: `user ${i}`,
          passwordHash: 'x',
          role: user.role,
          phone: user.phone,
        },
      });
    }
    const endpoint = await prisma.webhookEndpoint.create({
      data: { orgId: org.id, url: 'https://hooks.example.com/smshub', secret: 's', events: ['balance.low'] },
    });
    return { org, endpoint };
  }
  const platformMessagesTo = (recipient: string) =>
    prisma.message.findMany({
      where: { orgId: platformId, recipient },
      select: { id: true, text: true, status: true },
    });

  it('tells the finance users by SMS and the endpoints by balance.low, once, and again after a recharge and a new fall', async () => {
    const { org, endpoint } = await orgWithUsers(5_000n, 10_000n, [
      { role: 'finance', phone: '13800138101' },
      { role: 'admin', phone: '13800138102' },
      { role: 'finance', phone: null },
      { role: 'operator', phone: '13800138103' },
    ]);
    enqueued.length = 0;
    const first = await runLowBalanceSweep(pool, now, enqueue, log);
    expect(first.alerted).toContain(org.id);
    expect((await prisma.org.findUniqueOrThrow({ where: { id: org.id } })).lowBalanceAlertedAt).toEqual(now);

    const texts = await platformMessagesTo('13800138101');
    expect(texts).toHaveLength(1);
    expect(texts[0]?.text).toContain('5.000');
    expect(texts[0]?.text).toContain('充值');
    expect(await platformMessagesTo('13800138102')).toEqual([]); // an admin, and the org has finance users
    expect(await platformMessagesTo('13800138103')).toEqual([]);
    expect(enqueued.flatMap((e) => e.ids)).toEqual(texts.map((t) => t.id));

    const deliveries = await prisma.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      event: 'balance.low',
      payload: {
        org_id: String(org.id),
        billing_mode: 'prepaid',
        balance_li: 5_000,
        spendable_li: 5_000,
        threshold_li: 10_000,
        alerted_at: now.toISOString(),
      },
    });
    // What the webhooks worker POSTs (the envelope around the payload) is what the document declares.
    const body = {
      id: String(deliveries[0]?.id),
      event: 'balance.low',
      created_at: now.toISOString(),
      data: deliveries[0]?.payload,
    };
    expect(BalanceLowEvent.safeParse(body).error).toBeUndefined();

    // Still low: nothing more.
    const again = await runLowBalanceSweep(pool, new Date(now.getTime() + 60_000), enqueue, log);
    expect(again.alerted).not.toContain(org.id);
    expect(await platformMessagesTo('13800138101')).toHaveLength(1);

    // Recharged above the threshold: cleared; fallen again: alerted again.
    await inTransaction(pool, (tx) => bookLedgerEntry(tx, { orgId: org.id, kind: 'recharge', amount: 20_000n }));
    const cleared = await runLowBalanceSweep(pool, new Date(now.getTime() + 120_000), enqueue, log);
    expect(cleared.cleared).toContain(org.id);
    expect((await prisma.org.findUniqueOrThrow({ where: { id: org.id } })).lowBalanceAlertedAt).toBeNull();
    await inTransaction(pool, (tx) => bookLedgerEntry(tx, { orgId: org.id, kind: 'adjustment', amount: -24_000n }));
    const later = new Date(now.getTime() + 180_000);
    expect((await runLowBalanceSweep(pool, later, enqueue, log)).alerted).toContain(org.id);
    expect(await platformMessagesTo('13800138101')).toHaveLength(2);
    expect(await prisma.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(2);
  });

  it('tells the admins when the org has no finance user with a phone', async () => {
    const { org } = await orgWithUsers(0n, 1_000n, [
      { role: 'admin', phone: '13800138201' },
      { role: 'finance', phone: null },
    ]);
    expect((await runLowBalanceSweep(pool, now, enqueue, log)).alerted).toContain(org.id);
    expect(await platformMessagesTo('13800138201')).toHaveLength(1);
  });

  it('leaves alone an org without a threshold, and one that can spend its threshold', async () => {
    const none = await orgWithUsers(0n, null, [{ role: 'finance', phone: '13800138301' }]);
    const fine = await orgWithUsers(10_000n, 10_000n, [{ role: 'finance', phone: '13800138302' }]);
    const swept = await runLowBalanceSweep(pool, now, enqueue, log);
    expect(swept.alerted).not.toContain(none.org.id);
    expect(swept.alerted).not.toContain(fine.org.id);
    expect(await platformMessagesTo('13800138301')).toEqual([]);
    expect(await platformMessagesTo('13800138302')).toEqual([]);
  });
});
