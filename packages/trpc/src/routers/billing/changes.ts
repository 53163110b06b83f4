import {
  adjustBalance,
  grantMessagePack,
  manualRecharge,
  removeBillingPlan,
  removePrice,
  setBillingPlan,
  setLowBalanceThreshold,
  setPrice,
  transferToOrg,
} from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { defined } from '../orgs/limits.js';
import { Id } from '../orgs/wire.js';
import { billingPlanWire, BillingPlanModeInput, bookedWire, Instant, Li, SignedLi } from './wire.js';

/** A carrier's code or '*' (every carrier without a row of its own). */
const CarrierCode = z.string().min(1).max(8);

export const SetPriceInput = z.object({
  orgId: Id,
  businessTypeId: Id,
  carrierCode: CarrierCode,
  pricePerSegmentLi: Li,
});

export const RemovePriceInput = z.object({ orgId: Id, businessTypeId: Id, carrierCode: CarrierCode });

export const SetBillingPlanInput = z.object({
  orgId: Id,
  businessTypeId: Id,
  mode: BillingPlanModeInput,
  monthlyFeeLi: Li.optional(),
  includedSegments: z.number().int().min(0).max(2_147_483_647).optional(),
  overagePriceLi: Li.nullable().optional(),
  monthlyCapLi: Li.nullable().optional(),
});

export const RemoveBillingPlanInput = z.object({ orgId: Id, businessTypeId: Id });

export const TransferToOrgInput = z.object({
  toOrgId: Id,
  amountLi: Li,
  note: z.string().max(500).nullable().optional(),
});

export const ManualRechargeInput = z.object({
  orgId: Id,
  amountLi: Li,
  note: z.string().max(500).nullable().optional(),
  receiptNumber: z.string().max(64),
});

export const AdjustBalanceInput = z.object({ orgId: Id, amountLi: SignedLi, note: z.string().max(500) });

export const GrantMessagePackInput = z.object({
  orgId: Id,
  businessTypeId: Id.nullable(),
  segments: z.number().int().min(1).max(100_000_000),
  priceLi: Li,
  expiresAt: Instant.nullable(),
});

export const SetLowBalanceThresholdInput = z.object({ orgId: Id, thresholdLi: Li.nullable() });

/** A price of an org below the caller's (the platform: also its own rows, the platform price list). */
export const setPriceProcedure = permissionProcedure('billing:manage')
  .input(SetPriceInput)
  .mutation(async ({ ctx, input }) => {
    const row = await setPrice(ctx.deps, ctx.principal, input);
    return {
      businessTypeId: String(row.businessTypeId),
      businessTypeCode: row.businessTypeCode,
      carrierCode: row.carrierCode,
      pricePerSegmentLi: String(row.pricePerSegment),
      updatedAt: row.updatedAt.toISOString(),
    };
  });

export const removePriceProcedure = permissionProcedure('billing:manage')
  .input(RemovePriceInput)
  .mutation(async ({ ctx, input }) => removePrice(ctx.deps, ctx.principal, input));

/** The plan of an org below the caller's for one business type, checked per mode. */
export const setBillingPlanProcedure = permissionProcedure('billing:manage')
  .input(SetBillingPlanInput)
  .mutation(async ({ ctx, input }) => billingPlanWire(await setBillingPlan(ctx.deps, ctx.principal, defined(input))));

export const removeBillingPlanProcedure = permissionProcedure('billing:manage')
  .input(RemoveBillingPlanInput)
  .mutation(async ({ ctx, input }) => removeBillingPlan(ctx.deps, ctx.principal, input));

/** 上级为下级充值: from the caller's org's balance to an org below it. */
export const transferToOrgProcedure = permissionProcedure('billing:recharge')
  .input(TransferToOrgInput)
  .mutation(async ({ ctx, input }) => {
    const t = await transferToOrg(ctx.deps, ctx.principal, defined(input));
    return {
      fromOrgId: String(t.fromOrgId),
      toOrgId: String(t.toOrgId),
      amountLi: String(t.amount),
      fromBalanceAfterLi: String(t.fromBalanceAfter),
      toBalanceAfterLi: String(t.toBalanceAfter),
      thawed: t.thawed,
    };
  });

/** Platform: a recharge against a receipt number (once per org and receipt). */
export const manualRechargeProcedure = permissionProcedure('billing:operate')
  .input(ManualRechargeInput)
  .mutation(async ({ ctx, input }) => bookedWire(await manualRecharge(ctx.deps, ctx.principal, defined(input))));

/** Platform: a signed correction with a note. */
export const adjustBalanceProcedure = permissionProcedure('billing:operate')
  .input(AdjustBalanceInput)
  .mutation(async ({ ctx, input }) => bookedWire(await adjustBalance(ctx.deps, ctx.principal, input)));

/** Platform: a message pack paid from the org's balance. */
export const grantMessagePackProcedure = permissionProcedure('billing:operate')
  .input(GrantMessagePackInput)
  .mutation(async ({ ctx, input }) => {
    const pack = await grantMessagePack(ctx.deps, ctx.principal, input);
    return {
      packId: String(pack.packId),
      orgId: String(pack.orgId),
      entryId: pack.entryId === null ? null : String(pack.entryId),
      balanceAfterLi: String(pack.balanceAfter),
    };
  });

/** The low-balance alert's threshold (null: never) of an org below, or of the caller's own by its admins. */
export const setLowBalanceThresholdProcedure = permissionProcedure('billing:manage')
  .input(SetLowBalanceThresholdInput)
  .mutation(async ({ ctx, input }) => {
    const result = await setLowBalanceThreshold(ctx.deps, ctx.principal, input);
    return {
      orgId: String(result.orgId),
      lowBalanceThresholdLi: result.lowBalanceThreshold === null ? null : String(result.lowBalanceThreshold),
    };
  });
