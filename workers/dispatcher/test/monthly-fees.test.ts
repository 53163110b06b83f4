import { bookLedgerEntry, createPool, createPrisma, inTransaction, ledgerMismatches, seedBase } from '@smshub/db';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeMonthlyFees } from '../src/monthly-fees.js';

let db: TestDatabase;
let pool: pg.Pool;
let prisma: ReturnType<typeof createPrisma>;
let platformId: bigint;
let notificationId: bigint;
let alarmId: bigint;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, { max: 6 });
  prisma = createPrisma(db.url);
  const base = await seedBase(prisma);
  platformId = base.platform.id;
  notificationId = base.businessTypes.find((type) => type.code === 'notification')?.id ?? 0n;
  alarmId = base.businessTypes.find((type) => type.code === 'alarm')?.id ?? 0n;
});

afterAll(async () => {
  await pool?.end();
  await prisma?.$disconnect();
  await db?.drop();
});

let orgs = 0;
async function org(balance: bigint) {
  const created = await prisma.org.create({
    data: { parentId: platformId, kind: 'enterprise', name: `fee org ${++orgs}` },
  });
  if (balance > 0n) await recharge(created.id, balance);
  return created;
}
const recharge = (orgId: bigint, amount: bigint) =>
  inTransaction(pool, (client) => bookLedgerEntry(client, { orgId, kind: 'recharge', amount, note: 'test' }));
const fees = (orgId: bigint) =>
  prisma.ledgerEntry.findMany({ where: { orgId, kind: 'monthly_fee' }, orderBy: { id: 'asc' } });
const feeCharged = async (orgId: bigint, businessTypeId: bigint, month: string) =>
  (
    await prisma.billingUsage.findUnique({
      where: { orgId_businessTypeId_month: { orgId, businessTypeId, month: new Date(`${month}T00:00:00Z`) } },
    })
  )?.feeCharged ?? 0n;

/** 23:30 on 31 December in Shanghai, and half an hour later, in January. */
const DECEMBER = new Date('2026-12-31T15:30:00Z');
const JANUARY = new Date('2026-12-31T16:00:00Z');

describe('monthly fees (包月一次扣费)', () => {
  it('books each package’s fee once a month, however many dispatchers run, and again the next month', async () => {
    const o = await org(5_000n);
    await prisma.billingPlan.createMany({
      data: [
        {
          orgId: o.id,
          businessTypeId: notificationId,
          mode: 'monthly_package',
          monthlyFee: 1_000n,
          includedSegments: 100,
        },
        { orgId: o.id, businessTypeId: alarmId, mode: 'monthly_cap', monthlyCap: 500n },
      ],
    });
    // Three dispatchers at once, then another run: one fee.
    const runs = await Promise.all([1, 2, 3].map(() => chargeMonthlyFees(pool, DECEMBER)));
    expect(runs.reduce((sum, run) => sum + run.booked, 0)).toBe(1);
    await chargeMonthlyFees(pool, DECEMBER);
    const december = await fees(o.id);
    expect(december.map((entry) => [entry.amount, entry.externalRef, entry.businessTypeId])).toEqual([
      [-1_000n, `monthly_fee:${o.id}:${notificationId}:2026-12`, notificationId],
    ]);
    expect(await feeCharged(o.id, notificationId, '2026-12-01')).toBe(1_000n);

    // The next month in Shanghai: its own fee, once.
    await chargeMonthlyFees(pool, JANUARY);
    await chargeMonthlyFees(pool, JANUARY);
    expect((await fees(o.id)).map((entry) => entry.externalRef)).toEqual([
      `monthly_fee:${o.id}:${notificationId}:2026-12`,
      `monthly_fee:${o.id}:${notificationId}:2027-01`,
    ]);
    expect(await feeCharged(o.id, notificationId, '2027-01-01')).toBe(1_000n);
    expect((await prisma.org.findUniqueOrThrow({ where: { id: o.id } })).balance).toBe(3_000n);
    expect(await ledgerMismatches(pool)).toEqual([]);
  });

  it('does not book a prepaid org’s fee it cannot pay, and books it once it can', async () => {
    const o = await org(300n);
    await prisma.billingPlan.create({
      data: {
        orgId: o.id,
        businessTypeId: notificationId,
        mode: 'monthly_package',
        monthlyFee: 1_000n,
        includedSegments: 10,
      },
    });
    const first = await chargeMonthlyFees(pool, DECEMBER);
    expect(first.unpaid).toBeGreaterThanOrEqual(1);
    expect(await fees(o.id)).toEqual([]);
    expect(await feeCharged(o.id, notificationId, '2026-12-01')).toBe(0n);
    expect((await prisma.org.findUniqueOrThrow({ where: { id: o.id } })).balance).toBe(300n);

    await recharge(o.id, 700n);
    await chargeMonthlyFees(pool, DECEMBER);
    expect((await fees(o.id)).map((entry) => entry.amount)).toEqual([-1_000n]);
    expect(await feeCharged(o.id, notificationId, '2026-12-01')).toBe(1_000n);
    expect((await prisma.org.findUniqueOrThrow({ where: { id: o.id } })).balance).toBe(0n);
    expect(await ledgerMismatches(pool)).toEqual([]);
  });
});
