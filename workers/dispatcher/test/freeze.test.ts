import { bookLedgerEntry, createPool, createPrisma, inTransaction, seedBase } from '@smshub/db';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_FREEZE_SETTINGS,
  decideFreeze,
  type FreezeCandidate,
  FREEZE_SETTING_KEYS,
  runFreezeSweep,
} from '../src/freeze.js';

const DAY = 86_400_000;
const t0 = new Date('2026-03-01T00:00:00Z');
const at = (days: number) => new Date(t0.getTime() + days * DAY);

describe('decideFreeze', () => {
  const org = (over: Partial<FreezeCandidate>): FreezeCandidate => ({
    id: 1n,
    status: 'active',
    spendable: 0n,
    packSegments: 0,
    emptySince: null,
    frozenAt: null,
    ...over,
  });
  const cases: [string, Partial<FreezeCandidate>, Date, ReturnType<typeof decideFreeze>][] = [
    ['nothing to spend, not marked: mark it', {}, t0, 'mark_empty'],
    ['money left, not marked: nothing', { spendable: 1n }, t0, null],
    ['pack segments left count as something to spend', { packSegments: 3, emptySince: t0 }, at(40), 'clear_empty'],
    ['money back after being marked: clear', { spendable: 5n, emptySince: t0 }, at(1), 'clear_empty'],
    ['empty 29 days: wait', { emptySince: t0 }, at(29), null],
    ['empty 30 days: freeze', { emptySince: t0 }, at(30), 'freeze'],
    [
      'holds count against the balance (spendable below zero is empty)',
      { spendable: -5n, emptySince: t0 },
      at(31),
      'freeze',
    ],
    ['frozen 89 days: wait', { status: 'frozen', emptySince: t0, frozenAt: at(30) }, at(119), null],
    ['frozen 90 days: close', { status: 'frozen', emptySince: t0, frozenAt: at(30) }, at(120), 'close'],
  ];
  it.each(cases)('%s', (_name, over, now, step) => {
    expect(decideFreeze(org(over), DEFAULT_FREEZE_SETTINGS, now)).toBe(step);
  });
});

describe('the freeze sweep', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let prisma: ReturnType<typeof createPrisma>;
  let platformId: bigint;

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
  const org = (data: {
    balance?: bigint;
    billingMode?: 'prepaid' | 'postpaid';
    status?: 'active' | 'pending' | 'refused' | 'suspended';
  }) =>
    prisma.org.create({
      data: {
        parentId: platformId,
        kind: 'enterprise',
        name: `freeze org ${++n}`,
        balance: data.balance ?? 0n,
        billingMode: data.billingMode ?? 'prepaid',
        status: data.status ?? 'active',
      },
    });
  const state = (id: bigint) =>
    prisma.org.findUniqueOrThrow({
      where: { id },
      select: { status: true, emptySince: true, frozenAt: true, closedAt: true, balance: true },
    });

  it('marks an empty prepaid org, freezes it after the period, closes it after the next, and deletes nothing', async () => {
    const empty = await org({});
    const withMoney = await org({ balance: 5_000n });
    const withPack = await org({});
    await prisma.messagePack.create({ data: { orgId: withPack.id, segments: 100, segmentsLeft: 10, price: 0n } });
    const postpaid = await org({ billingMode: 'postpaid' });
    const pending = await org({ status: 'pending' });
    const refused = await org({ status: 'refused' });
    const suspended = await org({ status: 'suspended' });

    const first = await runFreezeSweep(pool, t0);
    expect(first.markedEmpty).toContain(empty.id);
    for (const other of [withMoney, withPack, postpaid, pending, refused, suspended]) {
      expect(first.markedEmpty).not.toContain(other.id);
    }
    expect(first.markedEmpty).not.toContain(platformId);
    expect(await state(empty.id)).toMatchObject({ status: 'active', emptySince: t0 });

    expect((await runFreezeSweep(pool, at(29))).frozen).toEqual([]);
    const frozen = await runFreezeSweep(pool, at(30));
    expect(frozen.frozen).toContain(empty.id);
    for (const other of [withMoney, withPack, postpaid, pending, refused, suspended]) {
      expect(frozen.frozen).not.toContain(other.id);
      expect((await state(other.id)).status).not.toBe('frozen');
    }
    expect((await state(platformId)).status).toBe('active');
    expect(await state(empty.id)).toMatchObject({ status: 'frozen', frozenAt: at(30) });
    expect(await prisma.auditEntry.count({ where: { orgId: empty.id, action: 'org.freeze' } })).toBe(1);

    expect((await runFreezeSweep(pool, at(119))).closed).toEqual([]);
    const closed = await runFreezeSweep(pool, at(120));
    expect(closed.closed).toEqual([empty.id]);
    expect(await state(empty.id)).toMatchObject({ status: 'closed', closedAt: at(120) });
    expect(await prisma.auditEntry.count({ where: { orgId: empty.id, action: 'org.close' } })).toBe(1);
  });

  it('clears the mark when money comes back before the period ends', async () => {
    const o = await org({});
    await runFreezeSweep(pool, t0);
    expect((await state(o.id)).emptySince).toEqual(t0);
    // A pack bought from elsewhere (not through the ledger): only the sweep notices.
    await prisma.messagePack.create({ data: { orgId: o.id, segments: 5, segmentsLeft: 5, price: 0n } });
    const swept = await runFreezeSweep(pool, at(10));
    expect(swept.cleared).toContain(o.id);
    expect((await state(o.id)).emptySince).toBeNull();
    expect((await runFreezeSweep(pool, at(40))).frozen).not.toContain(o.id);
  });

  it('honours the platform settings for both periods', async () => {
    await prisma.platformSetting.createMany({
      data: [
        { key: FREEZE_SETTING_KEYS.freezeAfterDays, value: 7 },
        { key: FREEZE_SETTING_KEYS.closeAfterDays, value: 14 },
      ],
    });
    try {
      const o = await org({});
      const start = at(200);
      await runFreezeSweep(pool, start);
      expect((await runFreezeSweep(pool, new Date(start.getTime() + 6 * DAY))).frozen).not.toContain(o.id);
      expect((await runFreezeSweep(pool, new Date(start.getTime() + 7 * DAY))).frozen).toContain(o.id);
      expect((await runFreezeSweep(pool, new Date(start.getTime() + 21 * DAY))).closed).toContain(o.id);
    } finally {
      await prisma.platformSetting.deleteMany({ where: { key: { in: Object.values(FREEZE_SETTING_KEYS) } } });
    }
  });

  it('is thawed at once by a recharge, and the sweep does not freeze it again', async () => {
    const o = await org({});
    await runFreezeSweep(pool, t0);
    await runFreezeSweep(pool, at(30));
    expect((await state(o.id)).status).toBe('frozen');
    const booked = await inTransaction(pool, (tx) =>
      bookLedgerEntry(tx, { orgId: o.id, kind: 'recharge', amount: 10_000n, externalRef: `test-thaw-${o.id}` }),
    );
    expect(booked).toMatchObject({ kind: 'booked', thawed: true });
    expect(await state(o.id)).toMatchObject({ status: 'active', frozenAt: null, emptySince: null, balance: 10_000n });
    const after = await runFreezeSweep(pool, at(31));
    expect(after.frozen).not.toContain(o.id);
    expect(after.markedEmpty).not.toContain(o.id);
  });
});
