import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportLedgerXlsx,
  exportStatementXlsx,
  getBillingOverview,
  getStatement,
  listLedger,
  manualRecharge,
  MAX_EXPORT_ROWS,
  transferToOrg,
  type Principal,
} from '../../src/index.js';
import { createBillingTree } from './billing-fixture.js';
import type { ConsoleTree } from './orgs-fixture.js';
import { refusal } from './refusal.js';

/** What the billing pages read: the overview, the ledger and its export, monthly statements and theirs. */
describe('billing reads', () => {
  let t: ConsoleTree;
  let platform: Principal;
  let provinceAdmin: Principal;
  let cityAdmin: Principal;
  let cityViewer: Principal;
  let countyOperator: Principal;
  let siblingAdmin: Principal;
  let notificationId: bigint;

  /** Rows of the city's ledger moved to a moment (Beijing time written with +08:00). */
  const backdate = async (entryId: bigint | null, iso: string) => {
    await t.fx.prisma.ledgerEntry.update({ where: { id: entryId! }, data: { createdAt: new Date(iso) } });
  };

  beforeAll(async () => {
    t = await createBillingTree();
    platform = await t.as(await t.user(t.fx.platform, 'admin'));
    provinceAdmin = await t.as(t.users.provinceAdmin);
    cityAdmin = await t.as(t.users.cityAdmin);
    cityViewer = await t.as(t.users.cityViewer);
    countyOperator = await t.as(t.users.countyOperator);
    siblingAdmin = await t.as(t.users.siblingAdmin);
    notificationId = t.fx.businessTypes.get('notification')!.id;

    // November: a recharge. 31 December 23:59 and 1 January 00:00 (Beijing): charges.
    const r = await manualRecharge(t.fx.deps, platform, { orgId: t.city.id, amountLi: 50_000n, receiptNumber: 'R-11' });
    await backdate(r.entryId, '2026-11-20T10:00:00.000+08:00');
    const charge = async (amount: bigint, iso: string, kind: 'charge' | 'refund' = 'charge') => {
      const row = await t.fx.prisma.ledgerEntry.create({
        data: {
          orgId: t.city.id,
          kind,
          amount,
          balanceAfter: 0n,
          businessTypeId: notificationId,
          createdAt: new Date(iso),
        },
      });
      return row.id;
    };
    // Charges written as intake would (the balance moved with them), in booking order.
    await charge(-350n, '2026-12-31T23:59:00.000+08:00');
    await charge(70n, '2026-12-31T23:59:30.000+08:00', 'refund');
    await charge(-140n, '2027-01-01T00:00:00.000+08:00');
    await t.fx.pool.query(
      `UPDATE ledger_entries l SET balance_after = s.running FROM (
         SELECT id, sum(amount) OVER (ORDER BY id) AS running FROM ledger_entries WHERE org_id = $1) s
        WHERE l.id = s.id`,
      [t.city.id],
    );
    await t.fx.prisma.org.update({ where: { id: t.city.id }, data: { balance: 50_000n - 350n + 70n - 140n } });
    const sent = await transferToOrg(t.fx.deps, cityAdmin, { toOrgId: t.county.id, amountLi: 1_000n, note: 'Jan' });
    expect(sent.toBalanceAfter).toBe(1_000n);
    const rows = await t.fx.prisma.ledgerEntry.findMany({ where: { kind: { in: ['transfer_out', 'transfer_in'] } } });
    for (const row of rows) await backdate(row.id, '2027-01-05T09:00:00.000+08:00');
    await t.fx.prisma.billingUsage.create({
      data: {
        orgId: t.city.id,
        businessTypeId: notificationId,
        month: new Date('2026-12-01'),
        segments: 5n,
        amount: 280n,
      },
    });
  });
  afterAll(() => t?.close());

  describe('getBillingOverview', () => {
    it('shows balance, spendable, status, packs and six months of spend', async () => {
      t.fx.clockOffsetMs = new Date('2027-01-10T12:00:00+08:00').getTime() - Date.now();
      try {
        await t.fx.prisma.messagePack.create({
          data: { orgId: t.city.id, segments: 100, segmentsLeft: 40, price: 0n },
        });
        const o = await getBillingOverview(t.fx.deps, cityAdmin);
        expect(o).toMatchObject({
          orgId: t.city.id,
          billingMode: 'prepaid',
          balance: 48_580n,
          spendable: 48_580n,
          frozen: false,
          thawBy: null,
          packSegmentsLeft: 40,
          month: '2027-01',
          monthSpent: 140n,
        });
        expect(o.lastMonths.map((m) => [m.month, m.spent])).toEqual([
          ['2026-08', 0n],
          ['2026-09', 0n],
          ['2026-10', 0n],
          ['2026-11', 0n],
          ['2026-12', 280n],
          ['2027-01', 140n],
        ]);
      } finally {
        t.fx.clockOffsetMs = 0;
      }
    });

    it('tells a frozen org how to thaw', async () => {
      await t.fx.prisma.org.update({
        where: { id: t.department.id },
        data: { status: 'frozen', frozenAt: new Date() },
      });
      const o = await getBillingOverview(t.fx.deps, cityAdmin, { orgId: t.department.id });
      expect(o).toMatchObject({ frozen: true, thawBy: 'recharge', status: 'frozen' });
      expect(o.frozenAt).not.toBeNull();
    });

    it('is 404 outside the subtree and refused without billing:read', async () => {
      expect((await refusal(getBillingOverview(t.fx.deps, siblingAdmin, { orgId: t.city.id }))).code).toBe('not_found');
      expect((await refusal(getBillingOverview(t.fx.deps, countyOperator, { orgId: t.city.id }))).code).toBe(
        'not_found',
      );
      expect((await refusal(getBillingOverview(t.fx.deps, cityViewer))).code).toBe('permission_denied');
    });
  });

  describe('listLedger', () => {
    it('pages newest first, with the totals of the whole filter', async () => {
      const page = await listLedger(t.fx.deps, cityAdmin, { page: 1, pageSize: 2 });
      expect(page.total).toBe(5);
      expect(page.items.map((e) => e.kind)).toEqual(['transfer_out', 'charge']);
      expect(page.items[0]).toMatchObject({ counterpartyOrgId: t.county.id, counterpartyOrgName: t.county.name });
      expect(page.totals).toEqual({ count: 5, credits: 50_070n, debits: -1_490n, net: 48_580n });
      const second = await listLedger(t.fx.deps, cityAdmin, { page: 3, pageSize: 2 });
      expect(second.items.map((e) => e.kind)).toEqual(['recharge']);
    });

    it('filters by kind, business type and time', async () => {
      const charges = await listLedger(t.fx.deps, cityAdmin, {
        kinds: ['charge', 'refund'],
        businessTypeId: notificationId,
      });
      expect(charges.totals).toMatchObject({ count: 3, net: -420n });
      const january = await listLedger(t.fx.deps, cityAdmin, {
        from: new Date('2027-01-01T00:00:00+08:00'),
        to: new Date('2027-02-01T00:00:00+08:00'),
      });
      expect(january.items.map((e) => e.kind)).toEqual(['transfer_out', 'charge']);
      const byCode = await listLedger(t.fx.deps, cityAdmin, { businessTypeCode: 'notification' });
      expect(byCode.total).toBe(3);
      expect((await refusal(listLedger(t.fx.deps, cityAdmin, { businessTypeCode: 'nope' }))).code).toBe(
        'unknown_business_type',
      );
      expect(
        (await refusal(listLedger(t.fx.deps, cityAdmin, { from: new Date('2027-01-02'), to: new Date('2027-01-01') })))
          .code,
      ).toBe('validation_error');
      expect((await refusal(listLedger(t.fx.deps, cityAdmin, { pageSize: 101 }))).code).toBe('validation_error');
    });

    it('reads an org below; never one beside or above', async () => {
      expect((await listLedger(t.fx.deps, provinceAdmin, { orgId: t.city.id })).total).toBe(5);
      expect((await refusal(listLedger(t.fx.deps, siblingAdmin, { orgId: t.city.id }))).code).toBe('not_found');
      expect((await refusal(listLedger(t.fx.deps, cityAdmin, { orgId: t.province.id }))).code).toBe('not_found');
    });
  });

  describe('exportLedgerXlsx', () => {
    it('writes the filter oldest first with two header rows and a totals row that add up', async () => {
      const file = await exportLedgerXlsx(t.fx.deps, cityAdmin, {});
      expect(file).toMatchObject({ rows: 5, filename: `ledger-${t.city.id}.xlsx` });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file.buffer as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
      expect(values(1)[0]).toBe('时间（北京）');
      expect(values(2)[0]).toBe('Time (Beijing)');
      expect(values(3)).toEqual(expect.arrayContaining(['2026-11-20 10:00:00', '充值 recharge', 50, 50_000]));
      expect(values(4)[0]).toBe('2026-12-31 23:59:00');
      const dataRows = [3, 4, 5, 6, 7].map(values);
      const sumLi = dataRows.reduce((sum, row) => sum + (row[4] as number), 0);
      const total = values(8);
      expect(total[0]).toBe('合计 Total');
      expect(total[1]).toBe(5);
      expect(total[4]).toBe(sumLi);
      expect(total[4]).toBe(48_580);
      expect(total[3]).toBeCloseTo(48.58, 6);
      expect(sheet.rowCount).toBe(8);
    });

    it('refuses more rows than an export holds', async () => {
      const big = await t.fx.org({ parentId: t.sibling.id, balance: 0n });
      await t.fx.pool.query(
        `INSERT INTO ledger_entries (org_id, kind, amount, balance_after)
         SELECT $1, 'adjustment', 1, g FROM generate_series(1, $2::int) g`,
        [big.id, MAX_EXPORT_ROWS + 1],
      );
      const error = await refusal(exportLedgerXlsx(t.fx.deps, siblingAdmin, { orgId: big.id }));
      expect(error).toMatchObject({ code: 'payload_too_large', details: { rows: MAX_EXPORT_ROWS + 1 } });
      await t.fx.pool.query('DELETE FROM ledger_entries WHERE org_id = $1', [big.id]);
    });
  });

  describe('getStatement', () => {
    it('puts 31 December 23:59 in December and 1 January 00:00 in January; January opens at December’s close', async () => {
      const november = await getStatement(t.fx.deps, cityAdmin, { month: '2026-11' });
      expect(november).toMatchObject({ opening: 0n, closing: 50_000n, recharges: 50_000n, entries: 1 });
      const december = await getStatement(t.fx.deps, cityAdmin, { month: '2026-12' });
      expect(december).toMatchObject({
        opening: 50_000n,
        closing: 49_720n,
        charged: -350n,
        refunds: 70n,
        recharges: 0n,
        entries: 2,
        amountDue: null,
      });
      expect(december.charges).toEqual([
        expect.objectContaining({ businessTypeCode: 'notification', segments: 5n, charged: -350n, refunded: 70n }),
      ]);
      const january = await getStatement(t.fx.deps, cityAdmin, { month: '2027-01' });
      expect(january).toMatchObject({
        opening: december.closing,
        closing: 48_580n,
        charged: -140n,
        transfersOut: -1_000n,
        transfersIn: 0n,
        entries: 2,
      });
      const county = await getStatement(t.fx.deps, cityAdmin, { orgId: t.county.id, month: '2027-01' });
      expect(county).toMatchObject({ opening: 0n, closing: 1_000n, transfersIn: 1_000n });
    });

    it('gives a postpaid org what it owes at the month’s end', async () => {
      const postpaid = await t.fx.org({
        parentId: t.city.id,
        balance: 0n,
        billingMode: 'postpaid',
        creditLimit: 10_000n,
      });
      const row = await t.fx.prisma.ledgerEntry.create({
        data: {
          orgId: postpaid.id,
          kind: 'charge',
          amount: -2_500n,
          balanceAfter: -2_500n,
          businessTypeId: notificationId,
        },
      });
      await t.fx.prisma.org.update({ where: { id: postpaid.id }, data: { balance: -2_500n } });
      const month = new Date(row.createdAt.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
      const statement = await getStatement(t.fx.deps, cityAdmin, { orgId: postpaid.id, month });
      expect(statement).toMatchObject({ billingMode: 'postpaid', opening: 0n, closing: -2_500n, amountDue: 2_500n });
    });

    it('refuses a malformed month and orgs outside the subtree', async () => {
      expect((await refusal(getStatement(t.fx.deps, cityAdmin, { month: '2026-13' }))).code).toBe('validation_error');
      expect((await refusal(getStatement(t.fx.deps, cityAdmin, { month: '2026-1' }))).code).toBe('validation_error');
      expect((await refusal(getStatement(t.fx.deps, siblingAdmin, { orgId: t.city.id, month: '2026-12' }))).code).toBe(
        'not_found',
      );
    });

    it('exports the statement as a workbook with the same figures', async () => {
      const file = await exportStatementXlsx(t.fx.deps, cityAdmin, { month: '2026-12' });
      expect(file.filename).toBe(`statement-${t.city.id}-2026-12.xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file.buffer as unknown as ArrayBuffer);
      const rows = workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
      const line = (label: string) => rows.find((row) => String(row[1]).startsWith(label));
      expect(line('期初余额')?.[4]).toBe(50_000);
      expect(line('期末余额')?.[4]).toBe(49_720);
      expect(line('扣费 Charges: ')?.slice(2, 5)).toEqual([5, -0.35, -350]);
    });
  });
});
