import { Writable } from 'node:stream';
import { bookLedgerEntry, createPool, createPrisma, inTransaction, seedBase, seedDemo } from '@smshub/db';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import { createTestRedis } from '@smshub/queue/testing';
import type pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { beijingDate, nightlyReconciliation, runReconciliation } from '../src/reconcile.js';
import type { SweepContext } from '../src/sweeps.js';

describe('the nightly reconciliation', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let prisma: ReturnType<typeof createPrisma>;
  let platformId: bigint;
  let orgId: bigint;
  const testRedis = createTestRedis({ name: 'reconcile' });
  const lines: { level: number; msg: string; orgs?: { org: string; balanceLi: string; ledgerSumLi: string }[] }[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as (typeof lines)[number]);
        done();
      },
    }),
  );
  const now = new Date('2026-06-01T19:30:00Z'); // 03:30 in Beijing, 2 June

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = createPool(db.url);
    prisma = createPrisma(db.url);
    platformId = (await seedBase(prisma)).platform.id;
    orgId = (await seedDemo(prisma, { balance: 50_000n })).org.id;
    await inTransaction(pool, (tx) => bookLedgerEntry(tx, { orgId, kind: 'recharge', amount: 7_000n }));
  });
  afterAll(async () => {
    await testRedis.close();
    await prisma.$disconnect();
    await pool.end();
    await db.drop();
  });
  beforeEach(() => {
    lines.length = 0;
  });

  const alarms = () => prisma.auditEntry.findMany({ where: { action: 'ledger.mismatch' } });

  it('raises nothing on a consistent database', async () => {
    expect(await runReconciliation(pool, now, log)).toEqual([]);
    expect(await alarms()).toEqual([]);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });

  it('raises an alarm for a tampered balance: an error log with the figures and an audit row on the org', async () => {
    await pool.query('UPDATE orgs SET balance = balance + 123 WHERE id = $1', [orgId]);
    try {
      const found = await runReconciliation(pool, now, log);
      expect(found).toEqual([{ orgId, balance: 57_123n, ledgerSum: 57_000n }]);
      const error = lines.find((line) => line.level === 50);
      expect(error?.orgs).toEqual([
        { org: String(orgId), balanceLi: '57123', ledgerSumLi: '57000', differenceLi: '123' },
      ]);
      expect(await alarms()).toEqual([
        expect.objectContaining({
          orgId,
          actorOrgId: platformId,
          targetType: 'org',
          targetId: String(orgId),
          details: { balance_li: '57123', ledger_sum_li: '57000', difference_li: '123', checked_at: now.toISOString() },
        }),
      ]);
    } finally {
      await pool.query('UPDATE orgs SET balance = balance - 123 WHERE id = $1', [orgId]);
      await prisma.auditEntry.deleteMany({ where: { action: 'ledger.mismatch' } });
    }
  });

  it('runs once per Beijing day, from 02:00', async () => {
    await pool.query('UPDATE orgs SET balance = balance + 1 WHERE id = $1', [orgId]);
    try {
      let clock = new Date('2026-06-01T17:30:00Z'); // 01:30 Beijing, 2 June: too early
      const context = {
        pool,
        queue: testRedis.queue,
        keys: testRedis.keys,
        log,
        now: () => clock,
      } as unknown as SweepContext;
      expect(await nightlyReconciliation(context)).toBe(0);
      expect(await alarms()).toHaveLength(0);
      clock = now;
      expect(await nightlyReconciliation(context)).toBe(1);
      clock = new Date(now.getTime() + 3_600_000);
      expect(await nightlyReconciliation(context)).toBe(0); // done today
      expect(await alarms()).toHaveLength(1);
      clock = new Date(now.getTime() + 86_400_000);
      expect(beijingDate(clock)).toBe('2026-06-03');
      expect(await nightlyReconciliation(context)).toBe(1);
      expect(await alarms()).toHaveLength(2);
    } finally {
      await pool.query('UPDATE orgs SET balance = balance - 1 WHERE id = $1', [orgId]);
    }
  });
});
