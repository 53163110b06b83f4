import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getBillingPlans,
  listPrices,
  removeBillingPlan,
  removePrice,
  setBillingPlan,
  setPrice,
  type Principal,
} from '../../src/index.js';
import { createBillingTree, moneySnapshot } from './billing-fixture.js';
import type { ConsoleTree } from './orgs-fixture.js';
import { refusal } from './refusal.js';

/** The price list down the tree and the billing plans of orgs below. */
describe('billing prices and plans', () => {
  let t: ConsoleTree;
  let platform: Principal;
  let provinceAdmin: Principal;
  let cityAdmin: Principal;
  let cityFinance: Principal;
  let siblingAdmin: Principal;
  let notificationId: bigint;
  let listPrice: bigint;

  beforeAll(async () => {
    t = await createBillingTree();
    platform = await t.as(await t.user(t.fx.platform, 'admin'));
    provinceAdmin = await t.as(t.users.provinceAdmin);
    cityAdmin = await t.as(t.users.cityAdmin);
    cityFinance = await t.as(await t.user(t.city, 'finance'));
    siblingAdmin = await t.as(t.users.siblingAdmin);
    const notification = t.fx.businessTypes.get('notification')!;
    notificationId = notification.id;
    listPrice = notification.pricePerSegment;
  });
  afterAll(() => t?.close());

  const refusedUnchanged = async (attempt: () => Promise<unknown>, code: string) => {
    const before = await moneySnapshot(t.fx);
    const error = await refusal(attempt());
    expect(error.code, error.message).toBe(code);
    expect(await moneySnapshot(t.fx)).toEqual(before);
    return error;
  };
  const priceOf = async (principal: Principal, orgId: bigint, carrier: string) =>
    (await listPrices(t.fx.deps, principal, { orgId })).prices.find(
      (p) => p.businessTypeId === notificationId && p.carrierCode === carrier,
    );

  describe('setPrice / listPrices', () => {
    it('starts at the list price', async () => {
      expect(await priceOf(cityAdmin, t.city.id, 'CMCC')).toMatchObject({ pricePerSegment: listPrice, source: 'list' });
    });

    it('lets the platform set its own rows (the platform list) and admins set orgs below, inherited down', async () => {
      await setPrice(t.fx.deps, platform, {
        orgId: t.fx.platform.id,
        businessTypeId: notificationId,
        carrierCode: '*',
        pricePerSegmentLi: 50n,
      });
      expect(await priceOf(cityAdmin, t.county.id, 'CUCC')).toMatchObject({
        pricePerSegment: 50n,
        source: 'ancestor',
        sourceOrgId: t.fx.platform.id,
        viaWildcard: true,
      });
      const row = await setPrice(t.fx.deps, provinceAdmin, {
        orgId: t.city.id,
        businessTypeId: notificationId,
        carrierCode: 'CMCC',
        pricePerSegmentLi: 42n,
      });
      expect(row).toMatchObject({ carrierCode: 'CMCC', pricePerSegment: 42n, businessTypeCode: 'notification' });
      expect(await priceOf(cityAdmin, t.city.id, 'CMCC')).toMatchObject({ pricePerSegment: 42n, source: 'own' });
      expect(await priceOf(cityAdmin, t.county.id, 'CMCC')).toMatchObject({
        pricePerSegment: 42n,
        source: 'ancestor',
        sourceOrgId: t.city.id,
      });
      // Replaced, not duplicated; audited each time.
      await setPrice(t.fx.deps, provinceAdmin, {
        orgId: t.city.id,
        businessTypeId: notificationId,
        carrierCode: 'CMCC',
        pricePerSegmentLi: 41n,
      });
      const list = await listPrices(t.fx.deps, provinceAdmin, { orgId: t.city.id });
      expect(list.own.map((o) => [o.carrierCode, o.pricePerSegment])).toEqual([['CMCC', 41n]]);
      expect(list.manageable).toBe(true);
      expect((await listPrices(t.fx.deps, cityAdmin)).manageable).toBe(false);
      expect(await t.fx.prisma.auditEntry.count({ where: { action: 'billing.price_set' } })).toBe(3);
    });

    it('refuses my own org, orgs outside, bad carriers, prices and types, and roles without billing:manage', async () => {
      const input = { orgId: t.county.id, businessTypeId: notificationId, carrierCode: '*', pricePerSegmentLi: 30n };
      await refusedUnchanged(() => setPrice(t.fx.deps, cityAdmin, { ...input, orgId: t.city.id }), 'own_org_refused');
      await refusedUnchanged(() => setPrice(t.fx.deps, cityAdmin, { ...input, orgId: t.province.id }), 'not_found');
      await refusedUnchanged(() => setPrice(t.fx.deps, siblingAdmin, input), 'not_found');
      await refusedUnchanged(
        () => setPrice(t.fx.deps, cityAdmin, { ...input, carrierCode: 'XXXX' }),
        'validation_error',
      );
      await refusedUnchanged(
        () => setPrice(t.fx.deps, cityAdmin, { ...input, pricePerSegmentLi: -1n }),
        'validation_error',
      );
      await refusedUnchanged(
        () => setPrice(t.fx.deps, cityAdmin, { ...input, pricePerSegmentLi: 1_000_001n }),
        'validation_error',
      );
      await refusedUnchanged(
        () => setPrice(t.fx.deps, cityAdmin, { ...input, businessTypeId: 999_999n }),
        'unknown_business_type',
      );
      await refusedUnchanged(() => setPrice(t.fx.deps, cityFinance, input), 'permission_denied');
      // The edges are allowed: free, and the most.
      await setPrice(t.fx.deps, cityAdmin, { ...input, pricePerSegmentLi: 0n });
      await setPrice(t.fx.deps, cityAdmin, { ...input, pricePerSegmentLi: 1_000_000n });
    });

    it('removes a row, after which the org inherits again', async () => {
      expect(
        await removePrice(t.fx.deps, provinceAdmin, {
          orgId: t.city.id,
          businessTypeId: notificationId,
          carrierCode: 'CMCC',
        }),
      ).toEqual({ removed: true });
      expect(await priceOf(cityAdmin, t.city.id, 'CMCC')).toMatchObject({ pricePerSegment: 50n, source: 'ancestor' });
      expect(
        await removePrice(t.fx.deps, provinceAdmin, {
          orgId: t.city.id,
          businessTypeId: notificationId,
          carrierCode: 'CMCC',
        }),
      ).toEqual({ removed: false });
      await refusedUnchanged(
        () =>
          removePrice(t.fx.deps, siblingAdmin, {
            orgId: t.county.id,
            businessTypeId: notificationId,
            carrierCode: '*',
          }),
        'not_found',
      );
      await refusedUnchanged(
        () => removePrice(t.fx.deps, cityAdmin, { orgId: t.city.id, businessTypeId: notificationId, carrierCode: '*' }),
        'own_org_refused',
      );
    });
  });

  describe('billing plans', () => {
    it('shows per segment where there is no plan', async () => {
      const plans = await getBillingPlans(t.fx.deps, cityAdmin, { orgId: t.county.id });
      expect(plans.plans.find((p) => p.businessTypeId === notificationId)).toMatchObject({
        mode: 'per_segment',
        planned: false,
      });
      expect(plans.manageable).toBe(true);
    });

    it('sets each mode with its amounts, for orgs below', async () => {
      const pkg = await setBillingPlan(t.fx.deps, cityAdmin, {
        orgId: t.county.id,
        businessTypeId: notificationId,
        mode: 'monthly_package',
        monthlyFeeLi: 100_000n,
        includedSegments: 5_000,
        overagePriceLi: 30n,
      });
      expect(pkg).toMatchObject({
        mode: 'monthly_package',
        monthlyFee: 100_000n,
        includedSegments: 5_000,
        overagePrice: 30n,
      });
      const cap = await setBillingPlan(t.fx.deps, cityAdmin, {
        orgId: t.county.id,
        businessTypeId: notificationId,
        mode: 'monthly_cap',
        monthlyCapLi: 200_000n,
        // Amounts of another mode are not kept.
        monthlyFeeLi: 5n,
      });
      expect(cap).toMatchObject({ mode: 'monthly_cap', monthlyCap: 200_000n, monthlyFee: 0n, includedSegments: 0 });
      await setBillingPlan(t.fx.deps, cityAdmin, { orgId: t.county.id, businessTypeId: notificationId, mode: 'free' });
      const row = await t.fx.prisma.billingPlan.findUniqueOrThrow({
        where: { orgId_businessTypeId: { orgId: t.county.id, businessTypeId: notificationId } },
      });
      expect(row).toMatchObject({ mode: 'free', monthlyCap: null, monthlyFee: 0n });
      expect(await t.fx.prisma.auditEntry.count({ where: { action: 'billing.plan_set' } })).toBe(3);
    });

    it('refuses a package without included segments, a cap without a cap, my own org and orgs outside', async () => {
      const base = { orgId: t.county.id, businessTypeId: notificationId };
      await refusedUnchanged(
        () =>
          setBillingPlan(t.fx.deps, cityAdmin, {
            ...base,
            mode: 'monthly_package',
            monthlyFeeLi: 10n,
            includedSegments: 0,
          }),
        'validation_error',
      );
      await refusedUnchanged(
        () =>
          setBillingPlan(t.fx.deps, cityAdmin, {
            ...base,
            mode: 'monthly_package',
            monthlyFeeLi: -1n,
            includedSegments: 1,
          }),
        'validation_error',
      );
      await refusedUnchanged(
        () => setBillingPlan(t.fx.deps, cityAdmin, { ...base, mode: 'monthly_cap' }),
        'validation_error',
      );
      await refusedUnchanged(
        () => setBillingPlan(t.fx.deps, cityAdmin, { ...base, mode: 'monthly_cap', monthlyCapLi: 0n }),
        'validation_error',
      );
      await refusedUnchanged(
        () => setBillingPlan(t.fx.deps, cityAdmin, { ...base, orgId: t.city.id, mode: 'free' }),
        'own_org_refused',
      );
      await refusedUnchanged(() => setBillingPlan(t.fx.deps, siblingAdmin, { ...base, mode: 'free' }), 'not_found');
      await refusedUnchanged(
        () => setBillingPlan(t.fx.deps, cityFinance, { ...base, mode: 'free' }),
        'permission_denied',
      );
      await refusedUnchanged(
        () => setBillingPlan(t.fx.deps, cityAdmin, { ...base, businessTypeId: 999_999n, mode: 'free' }),
        'unknown_business_type',
      );
      expect((await refusal(getBillingPlans(t.fx.deps, siblingAdmin, { orgId: t.county.id }))).code).toBe('not_found');
    });

    it('removes a plan (back to per segment)', async () => {
      const base = { orgId: t.county.id, businessTypeId: notificationId };
      await refusedUnchanged(() => removeBillingPlan(t.fx.deps, siblingAdmin, base), 'not_found');
      expect(await removeBillingPlan(t.fx.deps, cityAdmin, base)).toEqual({ removed: true });
      expect(await removeBillingPlan(t.fx.deps, cityAdmin, base)).toEqual({ removed: false });
      const plans = await getBillingPlans(t.fx.deps, cityAdmin, { orgId: t.county.id });
      expect(plans.plans.find((p) => p.businessTypeId === notificationId)).toMatchObject({ mode: 'per_segment' });
    });
  });
});
