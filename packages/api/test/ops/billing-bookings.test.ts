import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adjustBalance,
  grantMessagePack,
  manualRecharge,
  setLowBalanceThreshold,
  transferToOrg,
  type Principal,
} from '../../src/index.js';
import { createBillingTree, expectLedgerBalanced, moneySnapshot } from './billing-fixture.js';
import type { ConsoleTree } from './orgs-fixture.js';
import { refusal } from './refusal.js';

/** The bookings people make: transfers down the tree, the platform's recharges, adjustments and packs, thresholds. */
describe('billing bookings', () => {
  let t: ConsoleTree;
  let platform: Principal;
  let provinceAdmin: Principal;
  let cityAdmin: Principal;
  let cityFinance: Principal;
  let cityViewer: Principal;
  let siblingAdmin: Principal;

  beforeAll(async () => {
    t = await createBillingTree();
    platform = await t.as(await t.user(t.fx.platform, 'admin'));
    provinceAdmin = await t.as(t.users.provinceAdmin);
    cityAdmin = await t.as(t.users.cityAdmin);
    cityFinance = await t.as(await t.user(t.city, 'finance'));
    cityViewer = await t.as(t.users.cityViewer);
    siblingAdmin = await t.as(t.users.siblingAdmin);
  });
  afterAll(() => t?.close());

  const balanceOf = async (orgId: bigint) =>
    (await t.fx.prisma.org.findUniqueOrThrow({ where: { id: orgId } })).balance;
  /** Refused with `code`, and nothing anywhere changed. */
  const refusedUnchanged = async (attempt: () => Promise<unknown>, code: string) => {
    const before = await moneySnapshot(t.fx);
    const error = await refusal(attempt());
    expect(error.code, error.message).toBe(code);
    expect(await moneySnapshot(t.fx)).toEqual(before);
    return error;
  };

  describe('manualRecharge', () => {
    it('books a recharge against a receipt, with its audit row', async () => {
      const booked = await manualRecharge(t.fx.deps, platform, {
        orgId: t.province.id,
        amountLi: 100_000n,
        receiptNumber: 'BANK-2026-001',
        note: 'wire transfer',
      });
      expect(booked).toMatchObject({ orgId: t.province.id, balanceAfter: 100_000n, duplicate: false, thawed: false });
      expect(await balanceOf(t.province.id)).toBe(100_000n);
      const entry = await t.fx.prisma.ledgerEntry.findUniqueOrThrow({ where: { id: booked.entryId! } });
      expect(entry).toMatchObject({
        kind: 'recharge',
        amount: 100_000n,
        receiptNumber: 'BANK-2026-001',
        externalRef: `manual:${t.province.id}:BANK-2026-001`,
        note: 'wire transfer',
      });
      const audit = await t.fx.prisma.auditEntry.findFirstOrThrow({ where: { action: 'billing.manual_recharge' } });
      expect(audit).toMatchObject({ orgId: t.province.id, targetId: String(booked.entryId) });
    });

    it('books a double submit once', async () => {
      const before = await moneySnapshot(t.fx);
      const again = await manualRecharge(t.fx.deps, platform, {
        orgId: t.province.id,
        amountLi: 100_000n,
        receiptNumber: 'BANK-2026-001',
      });
      expect(again).toMatchObject({ duplicate: true, balanceAfter: 100_000n });
      expect(await moneySnapshot(t.fx)).toEqual(before);
    });

    it('takes the same receipt number for another org', async () => {
      const booked = await manualRecharge(t.fx.deps, platform, {
        orgId: t.sibling.id,
        amountLi: 5_000n,
        receiptNumber: 'BANK-2026-001',
      });
      expect(booked).toMatchObject({ duplicate: false, balanceAfter: 5_000n });
    });

    it('refuses without a receipt, a zero or too large amount, an unknown org, and outside the platform', async () => {
      const input = { orgId: t.city.id, amountLi: 1_000n, receiptNumber: 'R-1' };
      await refusedUnchanged(
        () => manualRecharge(t.fx.deps, platform, { ...input, receiptNumber: '  ' }),
        'validation_error',
      );
      await refusedUnchanged(() => manualRecharge(t.fx.deps, platform, { ...input, amountLi: 0n }), 'validation_error');
      await refusedUnchanged(
        () => manualRecharge(t.fx.deps, platform, { ...input, amountLi: 100_000_000_001n * 1000n }),
        'validation_error',
      );
      await refusedUnchanged(() => manualRecharge(t.fx.deps, platform, { ...input, orgId: 999_999_999n }), 'not_found');
      // billing:operate is the platform's: to anyone else the operation does not exist.
      await refusedUnchanged(() => manualRecharge(t.fx.deps, provinceAdmin, input), 'not_found');
      await refusedUnchanged(() => manualRecharge(t.fx.deps, cityAdmin, { ...input, orgId: t.city.id }), 'not_found');
    });
  });

  describe('adjustBalance', () => {
    it('books a signed correction with a note', async () => {
      await adjustBalance(t.fx.deps, platform, { orgId: t.sibling.id, amountLi: 500n, note: 'goodwill' });
      const down = await adjustBalance(t.fx.deps, platform, { orgId: t.sibling.id, amountLi: -300n, note: 'fix' });
      expect(down).toMatchObject({ balanceAfter: 5_200n });
      expect(await t.fx.prisma.ledgerEntry.count({ where: { orgId: t.sibling.id, kind: 'adjustment' } })).toBe(2);
    });

    it('refuses a debit the org cannot carry (with the figures), no note, zero, and tenants', async () => {
      const error = await refusedUnchanged(
        () => adjustBalance(t.fx.deps, platform, { orgId: t.sibling.id, amountLi: -5_201n, note: 'too much' }),
        'insufficient_balance',
      );
      expect(error.details).toMatchObject({ needed_li: '5201', spendable_li: '5200' });
      await refusedUnchanged(
        () => adjustBalance(t.fx.deps, platform, { orgId: t.sibling.id, amountLi: 1n, note: '' }),
        'validation_error',
      );
      await refusedUnchanged(
        () => adjustBalance(t.fx.deps, platform, { orgId: t.sibling.id, amountLi: 0n, note: 'x' }),
        'validation_error',
      );
      await refusedUnchanged(
        () => adjustBalance(t.fx.deps, provinceAdmin, { orgId: t.city.id, amountLi: 1n, note: 'x' }),
        'not_found',
      );
    });
  });

  describe('transferToOrg', () => {
    it('moves money from my org to one below it, audited', async () => {
      const done = await transferToOrg(t.fx.deps, provinceAdmin, {
        toOrgId: t.city.id,
        amountLi: 30_000n,
        note: '12月',
      });
      expect(done).toMatchObject({ fromBalanceAfter: 70_000n, toBalanceAfter: 30_000n, thawed: false });
      const audit = await t.fx.prisma.auditEntry.findFirstOrThrow({ where: { action: 'billing.transfer' } });
      expect(audit).toMatchObject({ orgId: t.city.id, actorOrgId: t.province.id });
      // Below, not only directly below.
      await transferToOrg(t.fx.deps, provinceAdmin, { toOrgId: t.department.id, amountLi: 1_000n });
      expect(await balanceOf(t.department.id)).toBe(1_000n);
    });

    it('lets finance users transfer, and thaws a frozen org at once', async () => {
      await t.fx.prisma.org.update({
        where: { id: t.county.id },
        data: { status: 'frozen', frozenAt: new Date(), emptySince: new Date(Date.now() - 40 * 86_400_000) },
      });
      const done = await transferToOrg(t.fx.deps, cityFinance, { toOrgId: t.county.id, amountLi: 2_000n });
      expect(done).toMatchObject({ thawed: true, toBalanceAfter: 2_000n, fromBalanceAfter: 28_000n });
      expect(await t.fx.prisma.org.findUniqueOrThrow({ where: { id: t.county.id } })).toMatchObject({
        status: 'active',
        frozenAt: null,
        emptySince: null,
      });
    });

    it('refuses more than my org may spend, with the figures', async () => {
      const error = await refusedUnchanged(
        () => transferToOrg(t.fx.deps, cityAdmin, { toOrgId: t.county.id, amountLi: 28_001n }),
        'insufficient_balance',
      );
      expect(error.details).toMatchObject({ org_id: String(t.city.id), needed_li: '28001', spendable_li: '28000' });
    });

    it('refuses my own org, orgs above, beside and elsewhere (404), roles without billing:recharge and keys', async () => {
      const to = (toOrgId: bigint) => ({ toOrgId, amountLi: 1n });
      await refusedUnchanged(() => transferToOrg(t.fx.deps, cityAdmin, to(t.city.id)), 'not_found');
      await refusedUnchanged(() => transferToOrg(t.fx.deps, cityAdmin, to(t.province.id)), 'not_found');
      await refusedUnchanged(() => transferToOrg(t.fx.deps, cityAdmin, to(t.sibling.id)), 'not_found');
      await refusedUnchanged(() => transferToOrg(t.fx.deps, siblingAdmin, to(t.county.id)), 'not_found');
      await refusedUnchanged(() => transferToOrg(t.fx.deps, provinceAdmin, to(t.other.id)), 'not_found');
      await refusedUnchanged(() => transferToOrg(t.fx.deps, cityViewer, to(t.county.id)), 'permission_denied');
      await refusedUnchanged(() => transferToOrg(t.fx.deps, t.asKey(t.city), to(t.county.id)), 'insufficient_scope');
      await refusedUnchanged(
        () => transferToOrg(t.fx.deps, cityAdmin, { toOrgId: t.county.id, amountLi: 0n }),
        'validation_error',
      );
      await refusedUnchanged(
        () => transferToOrg(t.fx.deps, cityAdmin, { toOrgId: t.county.id, amountLi: 100_000_000_001n * 1000n }),
        'validation_error',
      );
    });
  });

  describe('grantMessagePack', () => {
    it('books the purchase and creates the pack in one go', async () => {
      const before = await balanceOf(t.city.id);
      const pack = await grantMessagePack(t.fx.deps, platform, {
        orgId: t.city.id,
        businessTypeId: t.fx.businessTypes.get('notification')!.id,
        segments: 1_000,
        priceLi: 3_000n,
        expiresAt: new Date(Date.now() + 365 * 86_400_000),
      });
      expect(pack.balanceAfter).toBe(before - 3_000n);
      const row = await t.fx.prisma.messagePack.findUniqueOrThrow({ where: { id: pack.packId } });
      expect(row).toMatchObject({
        orgId: t.city.id,
        segments: 1_000,
        segmentsLeft: 1_000,
        price: 3_000n,
        ledgerEntryId: pack.entryId,
      });
      const entry = await t.fx.prisma.ledgerEntry.findUniqueOrThrow({ where: { id: pack.entryId! } });
      expect(entry).toMatchObject({ kind: 'pack_purchase', amount: -3_000n });
    });

    it('refuses an org that cannot pay, a past expiry, no segments, and tenants; nothing changes', async () => {
      const input = { orgId: t.city.id, businessTypeId: null, segments: 10, priceLi: 1_000_000n, expiresAt: null };
      await refusedUnchanged(() => grantMessagePack(t.fx.deps, platform, input), 'insufficient_balance');
      await refusedUnchanged(
        () => grantMessagePack(t.fx.deps, platform, { ...input, priceLi: 1n, expiresAt: new Date(Date.now() - 1000) }),
        'validation_error',
      );
      await refusedUnchanged(
        () => grantMessagePack(t.fx.deps, platform, { ...input, priceLi: 1n, segments: 0 }),
        'validation_error',
      );
      await refusedUnchanged(
        () => grantMessagePack(t.fx.deps, platform, { ...input, priceLi: 1n, businessTypeId: 999_999n }),
        'unknown_business_type',
      );
      await refusedUnchanged(() => grantMessagePack(t.fx.deps, provinceAdmin, { ...input, priceLi: 1n }), 'not_found');
    });
  });

  describe('setLowBalanceThreshold', () => {
    it('is set by an admin above, or by the org’s own admin', async () => {
      await setLowBalanceThreshold(t.fx.deps, provinceAdmin, { orgId: t.city.id, thresholdLi: 10_000n });
      expect((await t.fx.prisma.org.findUniqueOrThrow({ where: { id: t.city.id } })).lowBalanceThreshold).toBe(10_000n);
      await setLowBalanceThreshold(t.fx.deps, cityAdmin, { orgId: t.city.id, thresholdLi: null });
      expect((await t.fx.prisma.org.findUniqueOrThrow({ where: { id: t.city.id } })).lowBalanceThreshold).toBeNull();
      expect(await t.fx.prisma.auditEntry.count({ where: { action: 'billing.low_balance_threshold' } })).toBe(2);
    });

    it('refuses roles without billing:manage, orgs outside the subtree and a negative threshold', async () => {
      await refusedUnchanged(
        () => setLowBalanceThreshold(t.fx.deps, cityFinance, { orgId: t.city.id, thresholdLi: 1n }),
        'permission_denied',
      );
      await refusedUnchanged(
        () => setLowBalanceThreshold(t.fx.deps, siblingAdmin, { orgId: t.city.id, thresholdLi: 1n }),
        'not_found',
      );
      await refusedUnchanged(
        () => setLowBalanceThreshold(t.fx.deps, cityAdmin, { orgId: t.province.id, thresholdLi: 1n }),
        'not_found',
      );
      await refusedUnchanged(
        () => setLowBalanceThreshold(t.fx.deps, cityAdmin, { orgId: t.county.id, thresholdLi: -1n }),
        'validation_error',
      );
    });
  });

  it('books nothing into a closed, pending or refused org', async () => {
    const closed = await t.fx.org({ parentId: t.city.id, balance: 0n, status: 'closed' });
    const error = await refusedUnchanged(
      () => transferToOrg(t.fx.deps, cityAdmin, { toOrgId: closed.id, amountLi: 1n }),
      'invalid_status_change',
    );
    expect(error.details).toMatchObject({ status: 'closed' });
    await refusedUnchanged(
      () => manualRecharge(t.fx.deps, platform, { orgId: closed.id, amountLi: 1n, receiptNumber: 'R-closed' }),
      'invalid_status_change',
    );
    await refusedUnchanged(
      () =>
        grantMessagePack(t.fx.deps, platform, {
          orgId: closed.id,
          businessTypeId: null,
          segments: 1,
          priceLi: 0n,
          expiresAt: null,
        }),
      'invalid_status_change',
    );
  });

  it('leaves every balance the sum of its ledger', async () => {
    expect(await expectLedgerBalanced(t.fx)).toEqual([]);
  });
});
