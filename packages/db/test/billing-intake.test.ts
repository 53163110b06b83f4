import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { createPool } from '../src/pool.js';
import { createPrisma } from '../src/prisma.js';
import { seedBase } from '../src/seed/seed-base.js';
import { afterFinal, failMessages } from '../src/store/finalize.js';
import {
  loadIntakeReferenceData,
  type IntakeBatch,
  type IntakeMessage,
  type IntakeOutcome,
} from '../src/store/intake.js';
import { IntakeCommitter } from '../src/store/intake-committer.js';
import { storeIntakeGroup } from '../src/store/intake-group.js';
import { bookLedgerEntry, ledgerMismatches } from '../src/store/ledger.js';
import { inTransaction } from '../src/store/queryable.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';
import { recordStatements } from './statement-log.js';

/**
 * Billing at intake against PostgreSQL (decision 0186): prices per carrier down the org tree,
 * message packs, monthly packages and caps, free plans, the month's usage across a month boundary
 * in Asia/Shanghai, refunds that give back exactly what was taken, and many concurrent calls
 * against a small balance.
 */
describe('billing at intake', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let pool: pg.Pool;
  let platformId: bigint;
  let notificationId: bigint;
  let marketingId: bigint;
  /** Every statement sent on a pooled connection, in order. */
  const statements: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.url);
    pool = createPool(db.url, { max: 6 });
    recordStatements(pool, { statements });
    const base = await seedBase(prisma);
    platformId = base.platform.id;
    notificationId = base.businessTypes.find((type) => type.code === 'notification')?.id ?? 0n;
    marketingId = base.businessTypes.find((type) => type.code === 'marketing')?.id ?? 0n;
  });

  afterAll(async () => {
    await pool?.end();
    await prisma?.$disconnect();
    await db?.drop();
  });

  let orgSequence = 0;
  /** An org whose balance came in as a ledger row (a recharge), so the ledger equals it. */
  const org = async (balance: bigint, parentId = platformId) => {
    const created = await prisma.org.create({
      data: { parentId, kind: 'enterprise', name: `billing org ${++orgSequence}` },
    });
    if (balance > 0n) {
      await inTransaction(pool, (client) =>
        bookLedgerEntry(client, { orgId: created.id, kind: 'recharge', amount: balance, note: 'test' }),
      );
    }
    return created;
  };

  let numbers = 0;
  /** A message of `segments` segments at 35 li a segment (notification's list price). */
  const message = (segments = 1, perSegment = 35n): IntakeMessage => ({
    recipient: `1390013${String(++numbers).padStart(4, '0')}`,
    carrierCode: 'CMCC',
    text: `【测试】通知 ${numbers}`,
    encoding: 'ucs2',
    segmentCount: segments,
    price: BigInt(segments) * perSegment,
  });
  const batch = (orgId: bigint, messages: IntakeMessage[], businessTypeId = notificationId): IntakeBatch => ({
    orgId,
    businessTypeId,
    clientRef: null,
    requestHash: 'b'.repeat(64),
    name: 'API call',
    commonText: null,
    sendAt: new Date('2026-12-31T00:00:00.000Z'),
    expiresAt: new Date('2027-01-02T00:00:00.000Z'),
    extension: null,
    recipientCount: messages.length,
    rejections: [],
    messages,
  });

  /** A clock the test moves: 23:00 on 31 December in Shanghai, then 00:30 on 1 January. */
  let clock = new Date('2026-12-31T15:00:00Z');
  const NEXT_MONTH = new Date('2026-12-31T16:30:00Z');
  const committer = () => new IntakeCommitter(pool, { now: () => clock });

  const stored = (outcome: IntakeOutcome) => {
    if (outcome.kind !== 'stored') throw new Error(`not stored: ${outcome.kind}`);
    return outcome;
  };
  /** Calls one after another (each alone: storeIntake's path) or together (a group). */
  async function send(orgId: bigint, calls: IntakeMessage[][], together = false, businessTypeId = notificationId) {
    const c = committer();
    if (together) return Promise.all(calls.map((messages) => c.store(batch(orgId, messages, businessTypeId))));
    const outcomes: IntakeOutcome[] = [];
    for (const messages of calls) outcomes.push(await c.store(batch(orgId, messages, businessTypeId)));
    return outcomes;
  }
  const usage = async (orgId: bigint, month: string, businessTypeId = notificationId) => {
    const row = await prisma.billingUsage.findUnique({
      where: { orgId_businessTypeId_month: { orgId, businessTypeId, month: new Date(`${month}T00:00:00Z`) } },
    });
    return row === null ? null : { segments: row.segments, amount: row.amount };
  };
  const balance = async (orgId: bigint) => (await prisma.org.findUniqueOrThrow({ where: { id: orgId } })).balance;
  const storedPrices = async (ids: readonly bigint[]) =>
    (await prisma.message.findMany({ where: { id: { in: [...ids] } }, orderBy: { id: 'asc' } })).map((m) => m.price);

  describe('prices down the org tree, per carrier', () => {
    it('a child without rows gets its parent’s, its own row wins, a carrier row beats *', async () => {
      const parent = await org(0n);
      const child = await org(0n, parent.id);
      const grandchild = await org(0n, child.id);
      await prisma.orgPrice.createMany({
        data: [
          { orgId: platformId, businessTypeId: notificationId, carrierCode: 'CUCC', pricePerSegment: 33n },
          { orgId: parent.id, businessTypeId: notificationId, carrierCode: '*', pricePerSegment: 30n },
          { orgId: grandchild.id, businessTypeId: notificationId, carrierCode: '*', pricePerSegment: 28n },
          { orgId: grandchild.id, businessTypeId: notificationId, carrierCode: 'CTCC', pricePerSegment: 25n },
        ],
      });
      const prices = async (orgId: bigint, orgPath: bigint[]) => {
        const data = await loadIntakeReferenceData(pool, {
          orgId,
          orgPath,
          businessTypeCode: 'notification',
          nationalNumbers: [],
          blacklistCandidates: [],
        });
        const type = data.businessType;
        if (type === null) throw new Error('no type');
        return Object.fromEntries(
          ['CMCC', 'CUCC', 'CTCC'].map((carrier) => [carrier, type.carrierPrices.get(carrier) ?? type.pricePerSegment]),
        );
      };
      // The parent's '*' is nearer than the platform's CUCC row.
      expect(await prices(child.id, [platformId, parent.id, child.id])).toEqual({ CMCC: 30n, CUCC: 30n, CTCC: 30n });
      expect(await prices(grandchild.id, [platformId, parent.id, child.id, grandchild.id])).toEqual({
        CMCC: 28n,
        CUCC: 28n,
        CTCC: 25n,
      });
      // An org whose path has only the platform's carrier row: that carrier at it, the rest at list.
      const lone = await org(0n);
      expect(await prices(lone.id, [platformId, lone.id])).toEqual({ CMCC: 35n, CUCC: 33n, CTCC: 35n });
    });
  });

  describe('plans across a month boundary', () => {
    it('monthly package: included segments free, then overage; usage starts again next month', async () => {
      clock = new Date('2026-12-31T15:00:00Z');
      const o = await org(10_000n);
      await prisma.billingPlan.create({
        data: {
          orgId: o.id,
          businessTypeId: notificationId,
          mode: 'monthly_package',
          monthlyFee: 1_000n,
          includedSegments: 3,
          overagePrice: 20n,
        },
      });
      // The month's fee, as the dispatcher's sweep books it (its own test books it for real).
      await prisma.billingUsage.create({
        data: { orgId: o.id, businessTypeId: notificationId, month: new Date('2026-12-01'), feeCharged: 1_000n },
      });
      const december = (await send(o.id, [[message(2)], [message(1)], [message(2)]])).map(stored);
      expect(december.map((outcome) => outcome.amount)).toEqual([0n, 0n, 40n]);
      expect(await storedPrices(december.flatMap((outcome) => outcome.messageIds))).toEqual([0n, 0n, 40n]);
      expect(await usage(o.id, '2026-12-01')).toEqual({ segments: 5n, amount: 40n });

      clock = NEXT_MONTH;
      // January's fee not booked yet: per segment at the price, no included segments.
      expect(stored((await send(o.id, [[message(1)]]))[0] as IntakeOutcome).amount).toBe(35n);
      await prisma.billingUsage.update({
        where: {
          orgId_businessTypeId_month: { orgId: o.id, businessTypeId: notificationId, month: new Date('2027-01-01') },
        },
        data: { feeCharged: 1_000n },
      });
      const january = (await send(o.id, [[message(2)], [message(1)]], true)).map(stored);
      expect(january.map((outcome) => outcome.amount)).toEqual([0n, 20n]);
      expect(await usage(o.id, '2027-01-01')).toEqual({ segments: 4n, amount: 55n });
      expect(await usage(o.id, '2026-12-01')).toEqual({ segments: 5n, amount: 40n });
      expect(await balance(o.id)).toBe(10_000n - 40n - 35n - 20n);
      expect(await ledgerMismatches(pool)).toEqual([]);
    });

    it('monthly cap: charged up to the cap, the crossing call pays the rest of it, free after; next month again', async () => {
      clock = new Date('2026-12-31T15:00:00Z');
      const o = await org(10_000n);
      await prisma.billingPlan.create({
        data: { orgId: o.id, businessTypeId: notificationId, mode: 'monthly_cap', monthlyCap: 100n },
      });
      const december = (await send(o.id, [[message(2)], [message(2)], [message(1)]], true)).map(stored);
      expect(december.map((outcome) => outcome.amount)).toEqual([70n, 30n, 0n]);
      expect(await usage(o.id, '2026-12-01')).toEqual({ segments: 5n, amount: 100n });
      clock = NEXT_MONTH;
      const january = (await send(o.id, [[message(1)]])).map(stored);
      expect(january[0]?.amount).toBe(35n);
      expect(await balance(o.id)).toBe(10_000n - 135n);
      const ledger = await prisma.ledgerEntry.findMany({
        where: { orgId: o.id, kind: 'charge' },
        orderBy: { id: 'asc' },
      });
      expect(ledger.map((entry) => [entry.amount, entry.businessTypeId])).toEqual([
        [-70n, notificationId],
        [-30n, notificationId],
        [-35n, notificationId],
      ]);
    });

    it('free: nothing charged, nothing booked, segments counted', async () => {
      const o = await org(0n);
      await prisma.billingPlan.create({ data: { orgId: o.id, businessTypeId: notificationId, mode: 'free' } });
      const outcomes = (await send(o.id, [[message(3)], [message(1)]], true)).map(stored);
      expect(outcomes.map((outcome) => outcome.amount)).toEqual([0n, 0n]);
      expect(await prisma.ledgerEntry.count({ where: { orgId: o.id } })).toBe(0);
      expect((await usage(o.id, '2027-01-01'))?.segments).toBe(4n);
    });
  });

  describe('message packs', () => {
    it('are used before money, per type before any type, expired ones ignored', async () => {
      clock = NEXT_MONTH;
      const o = await org(1_000n);
      const pack = (segments: number, businessTypeId: bigint | null, expiresAt: Date | null) =>
        prisma.messagePack.create({
          data: { orgId: o.id, businessTypeId, segments, segmentsLeft: segments, price: 0n, expiresAt },
        });
      const any = await pack(3, null, null);
      const typed = await pack(2, notificationId, new Date('2027-12-01T00:00:00Z'));
      const expired = await pack(50, notificationId, new Date('2026-12-31T16:00:00Z'));
      const other = await pack(50, marketingId, null);
      const outcomes = (await send(o.id, [[message(1)], [message(3)], [message(2)]], true)).map(stored);
      // 1 from the typed pack; 1 typed + 2 any; 1 any + 1 paid.
      expect(outcomes.map((outcome) => outcome.amount)).toEqual([0n, 0n, 35n]);
      const left = async (id: bigint) => (await prisma.messagePack.findUniqueOrThrow({ where: { id } })).segmentsLeft;
      expect([await left(typed.id), await left(any.id), await left(expired.id), await left(other.id)]).toEqual([
        0, 0, 50, 50,
      ]);
      const rows = await prisma.message.findMany({
        where: { id: { in: outcomes.flatMap((outcome) => outcome.messageIds) } },
        orderBy: { id: 'asc' },
      });
      expect(rows.map((row) => [row.price, row.packSegments])).toEqual([
        [0n, 1],
        [0n, 3],
        [35n, 1],
      ]);
      // Only the paid segment counts in the month.
      expect(await usage(o.id, '2027-01-01')).toEqual({ segments: 1n, amount: 35n });
      expect(await balance(o.id)).toBe(965n);
    });

    it('are never refunded: a pack-paid message that fails gives nothing back', async () => {
      clock = new Date();
      const o = await org(0n);
      const pack = await prisma.messagePack.create({
        data: { orgId: o.id, businessTypeId: null, segments: 2, segmentsLeft: 2, price: 0n },
      });
      const outcome = stored((await send(o.id, [[message(2)]]))[0] as IntakeOutcome);
      expect(outcome.amount).toBe(0n);
      await inTransaction(pool, async (client) =>
        afterFinal(
          client,
          await failMessages(client, [
            { id: outcome.messageIds[0] as bigint, status: 'failed', errorCode: 'NO_ROUTE', detail: 'no route' },
          ]),
        ),
      );
      expect((await prisma.messagePack.findUniqueOrThrow({ where: { id: pack.id } })).segmentsLeft).toBe(0);
      expect(await prisma.ledgerEntry.count({ where: { orgId: o.id } })).toBe(0);
      expect(await balance(o.id)).toBe(0n);
    });
  });

  it('a refund of an undeliverable message gives back exactly its charge and its usage', async () => {
    clock = new Date();
    const shanghaiMonth = new Date(clock.getTime() + 8 * 3_600_000).toISOString().slice(0, 7) + '-01';
    const o = await org(1_000n);
    await prisma.billingPlan.create({
      data: { orgId: o.id, businessTypeId: notificationId, mode: 'monthly_cap', monthlyCap: 50n },
    });
    // 35 charged, then 15 (the rest of the cap) for a 35 li message.
    const [first, second] = (await send(o.id, [[message(1)], [message(1)]])).map(stored);
    expect([first?.amount, second?.amount]).toEqual([35n, 15n]);
    expect(await usage(o.id, shanghaiMonth)).toEqual({ segments: 2n, amount: 50n });
    await inTransaction(pool, async (client) =>
      afterFinal(
        client,
        await failMessages(client, [
          { id: second?.messageIds[0] as bigint, status: 'failed', errorCode: 'NO_ROUTE', detail: 'no route' },
        ]),
      ),
    );
    expect(await balance(o.id)).toBe(1_000n - 35n);
    const refund = await prisma.ledgerEntry.findFirstOrThrow({ where: { orgId: o.id, kind: 'refund' } });
    expect([refund.amount, refund.businessTypeId]).toEqual([15n, notificationId]);
    expect(await usage(o.id, shanghaiMonth)).toEqual({ segments: 1n, amount: 35n });
    expect(await ledgerMismatches(pool)).toEqual([]);
  });

  it('a held message (charged on delivery) that fails releases exactly its hold and its usage', async () => {
    clock = new Date();
    const shanghaiMonth = new Date(clock.getTime() + 8 * 3_600_000).toISOString().slice(0, 7) + '-01';
    const onDelivery = await prisma.businessType.create({
      data: {
        code: 'billing-on-delivery',
        name: 'on delivery',
        priority: 50,
        pricePerSegment: 35n,
        maxQueueWaitSeconds: 60,
        validitySeconds: 3_600,
        chargeBasis: 'delivered',
      },
    });
    const o = await org(1_000n);
    await prisma.billingPlan.create({
      data: { orgId: o.id, businessTypeId: onDelivery.id, mode: 'monthly_cap', monthlyCap: 50n },
    });
    const [first, second] = (await send(o.id, [[message(1)], [message(1)]], false, onDelivery.id)).map(stored);
    expect([first?.amount, first?.chargeBasis, second?.amount]).toEqual([35n, 'delivered', 15n]);
    const row = await prisma.org.findUniqueOrThrow({ where: { id: o.id } });
    expect([row.balance, row.reserved]).toEqual([1_000n, 50n]);
    await inTransaction(pool, async (client) =>
      afterFinal(
        client,
        await failMessages(client, [
          { id: second?.messageIds[0] as bigint, status: 'failed', errorCode: 'NO_ROUTE', detail: 'no route' },
        ]),
      ),
    );
    const after = await prisma.org.findUniqueOrThrow({ where: { id: o.id } });
    expect([after.balance, after.reserved]).toEqual([1_000n, 35n]);
    expect(await usage(o.id, shanghaiMonth, onDelivery.id)).toEqual({ segments: 1n, amount: 35n });
    expect(await ledgerMismatches(pool)).toEqual([]);
  });

  it('200 concurrent single-message calls against a small balance never overdraw, and the ledger equals it', async () => {
    clock = new Date();
    const o = await org(35n * 57n + 20n);
    const c = committer();
    const outcomes = await Promise.all(Array.from({ length: 200 }, () => c.store(batch(o.id, [message(1)]))));
    const storedCount = outcomes.filter((outcome) => outcome.kind === 'stored').length;
    expect(storedCount).toBe(57);
    expect(outcomes.filter((outcome) => outcome.kind === 'refused')).toHaveLength(143);
    expect(await prisma.message.count({ where: { orgId: o.id } })).toBe(57);
    expect(await prisma.campaign.count({ where: { orgId: o.id } })).toBe(57);
    expect(await balance(o.id)).toBe(20n);
    expect(await ledgerMismatches(pool)).toEqual([]);
  });

  it('two committers (two processes) at once use a pack and a balance exactly: nothing taken twice', async () => {
    clock = new Date();
    const o = await org(35n * 20n);
    const pack = await prisma.messagePack.create({
      data: { orgId: o.id, businessTypeId: null, segments: 50, segmentsLeft: 50, price: 0n },
    });
    const [a, b] = [committer(), committer()];
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).store(batch(o.id, [message(1)]))),
    );
    const charged = outcomes.filter((outcome) => outcome.kind === 'stored');
    expect(charged).toHaveLength(70);
    expect(charged.filter((outcome) => outcome.amount === 0n)).toHaveLength(50);
    expect((await prisma.messagePack.findUniqueOrThrow({ where: { id: pack.id } })).segmentsLeft).toBe(0);
    expect(await prisma.message.count({ where: { orgId: o.id } })).toBe(70);
    expect(await prisma.message.count({ where: { orgId: o.id, price: 0n, packSegments: 1 } })).toBe(50);
    expect(await balance(o.id)).toBe(0n);
    expect(await ledgerMismatches(pool)).toEqual([]);
  });

  it('two committers at once never charge past a monthly cap', async () => {
    clock = new Date();
    const shanghaiMonth = new Date(clock.getTime() + 8 * 3_600_000).toISOString().slice(0, 7) + '-01';
    const o = await org(100_000n);
    await prisma.billingPlan.create({
      data: { orgId: o.id, businessTypeId: notificationId, mode: 'monthly_cap', monthlyCap: 35n * 20n + 10n },
    });
    const [a, b] = [committer(), committer()];
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).store(batch(o.id, [message(1)]))),
    );
    expect(outcomes.every((outcome) => outcome.kind === 'stored')).toBe(true);
    expect(await balance(o.id)).toBe(100_000n - 710n);
    expect(await usage(o.id, shanghaiMonth)).toEqual({ segments: 200n, amount: 710n });
    expect(await ledgerMismatches(pool)).toEqual([]);
  });

  it('stores a group of single-message calls of orgs without plans or packs with the statements it took before', async () => {
    clock = new Date();
    const orgs = await Promise.all([org(1_000n), org(1_000n), org(1_000n)]);
    statements.length = 0;
    const grouped = await storeIntakeGroup(
      pool,
      orgs.flatMap((o) => [batch(o.id, [message(1)]), batch(o.id, [message(1)])]),
    );
    expect(grouped.every((outcome) => outcome.kind === 'stored')).toBe(true);
    // BEGIN, campaigns, messages, lock, charge (orgs + ledger + usage), COMMIT: as before.
    expect(statements[0]).toBe('BEGIN');
    expect(statements.at(-1)).toBe('COMMIT');
    const groupStatements = statements.length - 2;
    expect(groupStatements).toBe(4);
  });
});
