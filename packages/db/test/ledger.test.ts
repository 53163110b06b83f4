import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { createPool } from '../src/pool.js';
import { createPrisma } from '../src/prisma.js';
import { seedBase } from '../src/seed/seed-base.js';
import {
  billingMonthOf,
  billingMonthRange,
  effectivePrices,
  ledgerMonth,
  shiftBillingMonth,
} from '../src/store/billing-read.js';
import { bookLedgerEntry, ledgerMismatches, transferBalance, type LedgerBooking } from '../src/store/ledger.js';
import { inTransaction } from '../src/store/queryable.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

/**
 * The one way to book money outside intake: bookLedgerEntry and transferBalance, against real
 * PostgreSQL — an external ref books once, a debit beyond what the org may owe changes nothing, a
 * booking that leaves a frozen org something to spend thaws it, opposite transfers at once do not
 * deadlock, and every balance stays the sum of its ledger. Then the reads built on the ledger.
 */
describe('ledger', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let pool: pg.Pool;
  let platformId: bigint;
  let platformPath: bigint[];
  let notificationId: bigint;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.url);
    pool = createPool(db.url, { max: 8 });
    const base = await seedBase(prisma);
    platformId = base.platform.id;
    platformPath = (await prisma.org.findUniqueOrThrow({ where: { id: platformId } })).path;
    notificationId = base.businessTypes.find((type) => type.code === 'notification')?.id ?? 0n;
  });

  afterAll(async () => {
    await pool?.end();
    await prisma?.$disconnect();
    await db?.drop();
  });

  let sequence = 0;
  /** An org with an empty ledger and a zero balance (so balance = ledger from the start). */
  const org = (data: { billingMode?: 'prepaid' | 'postpaid'; creditLimit?: bigint; parentId?: bigint } = {}) =>
    prisma.org.create({
      data: {
        parentId: data.parentId ?? platformId,
        kind: 'enterprise',
        name: `ledger org ${++sequence}`,
        billingMode: data.billingMode ?? 'prepaid',
        creditLimit: data.creditLimit ?? 0n,
      },
    });
  const book = (booking: LedgerBooking) => inTransaction(pool, (tx) => bookLedgerEntry(tx, booking));
  const state = async (orgId: bigint) => {
    const row = await prisma.org.findUniqueOrThrow({ where: { id: orgId } });
    const entries = await prisma.ledgerEntry.count({ where: { orgId } });
    return { balance: row.balance, status: row.status, frozenAt: row.frozenAt, emptySince: row.emptySince, entries };
  };

  it('books a recharge once per external ref, with the balance after it', async () => {
    const o = await org();
    const first = await book({ orgId: o.id, kind: 'recharge', amount: 5000n, externalRef: `test:${o.id}:1` });
    expect(first).toMatchObject({ kind: 'booked', balanceAfter: 5000n, thawed: false });
    const again = await book({ orgId: o.id, kind: 'recharge', amount: 5000n, externalRef: `test:${o.id}:1` });
    expect(again).toEqual({ kind: 'duplicate', entryId: first.kind === 'booked' ? first.entryId : -1n });
    expect(await state(o.id)).toMatchObject({ balance: 5000n, entries: 1 });
    const row = await prisma.ledgerEntry.findFirstOrThrow({ where: { orgId: o.id } });
    expect(row).toMatchObject({ kind: 'recharge', amount: 5000n, balanceAfter: 5000n });
  });

  it('books the same external ref once when two bookings race', async () => {
    const o = await org();
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        book({ orgId: o.id, kind: 'recharge', amount: 700n, externalRef: `race:${o.id}` }).catch(
          (error: unknown) => error,
        ),
      ),
    );
    const booked = results.filter((r) => (r as { kind?: string }).kind === 'booked');
    expect(booked).toHaveLength(1);
    expect(await state(o.id)).toMatchObject({ balance: 700n, entries: 1 });
  });

  it('refuses a debit a prepaid org cannot pay, counting holds, and changes nothing', async () => {
    const o = await org();
    await book({ orgId: o.id, kind: 'recharge', amount: 1000n });
    await prisma.org.update({ where: { id: o.id }, data: { reserved: 300n } });
    const before = await state(o.id);
    expect(await book({ orgId: o.id, kind: 'adjustment', amount: -701n })).toEqual({
      kind: 'insufficient',
      spendable: 700n,
    });
    expect(await state(o.id)).toEqual(before);
    expect(await book({ orgId: o.id, kind: 'adjustment', amount: -700n })).toMatchObject({ balanceAfter: 300n });
    await prisma.org.update({ where: { id: o.id }, data: { reserved: 0n } });
  });

  it('lets a postpaid org go down to its credit line, not beyond', async () => {
    const o = await org({ billingMode: 'postpaid', creditLimit: 2000n });
    expect(await book({ orgId: o.id, kind: 'pack_purchase', amount: -2000n })).toMatchObject({
      kind: 'booked',
      balanceAfter: -2000n,
    });
    expect(await book({ orgId: o.id, kind: 'pack_purchase', amount: -1n })).toEqual({
      kind: 'insufficient',
      spendable: 0n,
    });
    expect(await state(o.id)).toMatchObject({ balance: -2000n, entries: 1 });
  });

  it('answers no_org for an org that does not exist', async () => {
    expect(await book({ orgId: 987_654_321n, kind: 'recharge', amount: 1n })).toEqual({ kind: 'no_org' });
  });

  it('thaws a frozen org when a booking leaves it something to spend, and clears empty_since', async () => {
    const o = await org();
    const since = new Date(Date.now() - 40 * 86_400_000);
    await prisma.org.update({
      where: { id: o.id },
      data: { status: 'frozen', frozenAt: new Date(), emptySince: since },
    });
    const result = await book({ orgId: o.id, kind: 'recharge', amount: 10n });
    expect(result).toMatchObject({ kind: 'booked', thawed: true });
    expect(await state(o.id)).toMatchObject({ status: 'active', frozenAt: null, emptySince: null, balance: 10n });
  });

  it('transfers between two orgs as two rows naming each other; refuses more than the sender has', async () => {
    const parent = await org();
    const child = await org({ parentId: parent.id });
    await book({ orgId: parent.id, kind: 'recharge', amount: 10_000n });
    const refused = await inTransaction(pool, (tx) =>
      transferBalance(tx, { fromOrgId: parent.id, toOrgId: child.id, amount: 10_001n }),
    );
    expect(refused).toEqual({ kind: 'insufficient', spendable: 10_000n });
    expect(await state(child.id)).toMatchObject({ balance: 0n, entries: 0 });
    expect(await state(parent.id)).toMatchObject({ balance: 10_000n, entries: 1 });

    await prisma.org.update({ where: { id: child.id }, data: { status: 'frozen', frozenAt: new Date() } });
    const done = await inTransaction(pool, (tx) =>
      transferBalance(tx, { fromOrgId: parent.id, toOrgId: child.id, amount: 4_000n, note: 'for December' }),
    );
    expect(done).toEqual({ kind: 'transferred', fromBalanceAfter: 6_000n, toBalanceAfter: 4_000n });
    expect(await state(child.id)).toMatchObject({ balance: 4_000n, status: 'active', frozenAt: null });
    const rows = await prisma.ledgerEntry.findMany({
      where: { orgId: { in: [parent.id, child.id] }, kind: { in: ['transfer_in', 'transfer_out'] } },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((r) => [r.orgId, r.kind, r.amount, r.counterpartyOrgId, r.note])).toEqual([
      [parent.id, 'transfer_out', -4_000n, child.id, 'for December'],
      [child.id, 'transfer_in', 4_000n, parent.id, 'for December'],
    ]);
  });

  it('runs opposite transfers between the same orgs at once without a deadlock', async () => {
    const a = await org();
    const b = await org();
    await book({ orgId: a.id, kind: 'recharge', amount: 100_000n });
    await book({ orgId: b.id, kind: 'recharge', amount: 100_000n });
    // One transaction each, never retried: a deadlock would surface as an error here.
    const once = async (from: bigint, to: bigint) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await transferBalance(client, { fromOrgId: from, toOrgId: to, amount: 100n });
        // Hold both locks a moment so the transactions overlap.
        await client.query('SELECT pg_sleep(0.01)');
        await client.query('COMMIT');
        return result.kind;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    };
    const kinds = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? once(a.id, b.id) : once(b.id, a.id))),
    );
    expect(kinds.every((kind) => kind === 'transferred')).toBe(true);
    expect((await state(a.id)).balance + (await state(b.id)).balance).toBe(200_000n);
    expect((await state(a.id)).entries).toBe(31);
  });

  it('keeps every balance the sum of its ledger', async () => {
    expect(await ledgerMismatches(pool)).toEqual([]);
  });

  it('finds an org whose balance left the ledger', async () => {
    const o = await org();
    await book({ orgId: o.id, kind: 'recharge', amount: 50n });
    await prisma.org.update({ where: { id: o.id }, data: { balance: 60n } });
    expect(await ledgerMismatches(pool)).toEqual([{ orgId: o.id, balance: 60n, ledgerSum: 50n }]);
    await prisma.org.update({ where: { id: o.id }, data: { balance: 50n } });
  });

  describe('months in Beijing time', () => {
    it('cuts months at Beijing midnight', () => {
      expect(billingMonthRange('2026-12')).toEqual({
        start: new Date('2026-11-30T16:00:00.000Z'),
        end: new Date('2026-12-31T16:00:00.000Z'),
      });
      expect(billingMonthOf(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12');
      expect(billingMonthOf(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01');
      expect(shiftBillingMonth('2026-12', 1)).toBe('2027-01');
      expect(shiftBillingMonth('2026-01', -1)).toBe('2025-12');
      expect(() => billingMonthRange('2026-13')).toThrow(/YYYY-MM/);
    });

    it('puts the 31st 23:59 and the 1st 00:00 in their months; a month opens at the last one’s close', async () => {
      const o = await org();
      const at = async (iso: string, amount: bigint, kind: LedgerBooking['kind'] = 'recharge') => {
        const result = await book({
          orgId: o.id,
          kind,
          amount,
          businessTypeId: kind === 'charge' ? notificationId : null,
        });
        if (result.kind !== 'booked') throw new Error(result.kind);
        await prisma.ledgerEntry.update({ where: { id: result.entryId }, data: { createdAt: new Date(iso) } });
      };
      await at('2026-11-15T04:00:00.000+08:00', 10_000n);
      await at('2026-12-31T23:59:00.000+08:00', -300n, 'charge');
      await at('2027-01-01T00:00:00.000+08:00', -200n, 'charge');
      await at('2027-01-02T09:00:00.000+08:00', 1_000n, 'adjustment');

      const december = await ledgerMonth(pool, o.id, '2026-12');
      expect(december).toMatchObject({ opening: 10_000n, closing: 9_700n, entries: 1 });
      expect(december.byKind.charge).toBe(-300n);
      expect(december.byBusinessType).toEqual([
        expect.objectContaining({ businessTypeId: notificationId, charged: -300n, refunded: 0n }),
      ]);
      const january = await ledgerMonth(pool, o.id, '2027-01');
      expect(january).toMatchObject({ opening: 9_700n, closing: 10_500n, entries: 2 });
      expect(january.byKind).toMatchObject({ charge: -200n, adjustment: 1_000n, recharge: 0n });
      const october = await ledgerMonth(pool, o.id, '2026-10');
      expect(october).toMatchObject({ opening: 0n, closing: 0n, entries: 0 });
      const february = await ledgerMonth(pool, o.id, '2027-02');
      expect(february).toMatchObject({ opening: 10_500n, closing: 10_500n, entries: 0 });
    });
  });

  describe('effective prices', () => {
    it('takes the nearest org’s row, the carrier’s before "*", then the list price', async () => {
      const province = await org();
      const city = await org({ parentId: province.id });
      const path = (await prisma.org.findUniqueOrThrow({ where: { id: city.id } })).path;
      const list = (await prisma.businessType.findUniqueOrThrow({ where: { id: notificationId } })).pricePerSegment;
      await prisma.orgPrice.createMany({
        data: [
          { orgId: province.id, businessTypeId: notificationId, carrierCode: '*', pricePerSegment: 40n },
          { orgId: province.id, businessTypeId: notificationId, carrierCode: 'CMCC', pricePerSegment: 45n },
          { orgId: city.id, businessTypeId: notificationId, carrierCode: 'CTCC', pricePerSegment: 30n },
        ],
      });
      const prices = (await effectivePrices(pool, path)).filter((p) => p.businessTypeId === notificationId);
      const of = (carrier: string) => prices.find((p) => p.carrierCode === carrier);
      expect(of('CTCC')).toMatchObject({
        pricePerSegment: 30n,
        source: 'own',
        sourceOrgId: city.id,
        viaWildcard: false,
      });
      expect(of('CMCC')).toMatchObject({ pricePerSegment: 45n, source: 'ancestor', sourceOrgId: province.id });
      expect(of('CUCC')).toMatchObject({ pricePerSegment: 40n, source: 'ancestor', viaWildcard: true });
      const platform = (await effectivePrices(pool, platformPath)).find(
        (p) => p.businessTypeId === notificationId && p.carrierCode === 'CUCC',
      );
      expect(platform).toMatchObject({ pricePerSegment: list, source: 'list', sourceOrgId: null });
    });
  });
});
