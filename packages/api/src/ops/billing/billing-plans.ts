import type { BillingPlanMode, Queryable } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { requirePermission, type Principal } from '../principal.js';
import { auditInTransaction, findBillingOrg, inBillingTransaction, MAX_AMOUNT_LI } from './billing-org.js';
import { MAX_PRICE_LI } from './prices.js';

export const BILLING_PLAN_MODES: readonly BillingPlanMode[] = ['per_segment', 'monthly_package', 'monthly_cap', 'free'];

export interface BillingPlanView {
  readonly businessTypeId: bigint;
  readonly businessTypeCode: string;
  readonly businessTypeName: string;
  /** per_segment when the org has no plan for the type (`planned` false). */
  readonly mode: BillingPlanMode;
  readonly planned: boolean;
  /** li. */
  readonly monthlyFee: bigint;
  readonly includedSegments: number;
  readonly overagePrice: bigint | null;
  readonly monthlyCap: bigint | null;
  readonly updatedAt: Date | null;
}

export interface BillingPlans {
  readonly orgId: bigint;
  readonly orgName: string;
  readonly plans: readonly BillingPlanView[];
  /** Whether the principal may change them (an org strictly below its own, with billing:manage). */
  readonly manageable: boolean;
}

/** One org's plan per enabled business type (a contract is one org's; plans are not inherited). */
export async function getBillingPlans(
  deps: ApiDeps,
  principal: Principal,
  input: { orgId?: bigint } = {},
): Promise<BillingPlans> {
  requirePermission(principal, 'billing:read');
  const org = await findBillingOrg(deps.pool, principal, input.orgId);
  const result = await deps.pool.query<{
    id: bigint;
    code: string;
    name: string;
    mode: BillingPlanMode | null;
    monthly_fee: bigint | null;
    included_segments: number | null;
    overage_price: bigint | null;
    monthly_cap: bigint | null;
    updated_at: Date | null;
  }>(
    `SELECT bt.id, bt.code, bt.name, p.mode, p.monthly_fee, p.included_segments, p.overage_price, p.monthly_cap, p.updated_at
       FROM business_types bt LEFT JOIN billing_plans p ON p.business_type_id = bt.id AND p.org_id = $1
      WHERE bt.enabled OR p.org_id IS NOT NULL
      ORDER BY bt.priority DESC, bt.id`,
    [org.id],
  );
  return {
    orgId: org.id,
    orgName: org.name,
    plans: result.rows.map((row) => ({
      businessTypeId: row.id,
      businessTypeCode: row.code,
      businessTypeName: row.name,
      mode: row.mode ?? 'per_segment',
      planned: row.mode !== null,
      monthlyFee: row.monthly_fee ?? 0n,
      includedSegments: row.included_segments ?? 0,
      overagePrice: row.overage_price,
      monthlyCap: row.monthly_cap,
      updatedAt: row.updated_at,
    })),
    manageable: principal.permissions.has('billing:manage') && org.id !== principal.orgId,
  };
}

export interface SetBillingPlanInput {
  readonly orgId: bigint;
  readonly businessTypeId: bigint;
  readonly mode: BillingPlanMode;
  /** li; monthly_package only. */
  readonly monthlyFeeLi?: bigint;
  readonly includedSegments?: number;
  /** li per segment beyond the included ones; null = the org's price. */
  readonly overagePriceLi?: bigint | null;
  /** li; monthly_cap only. */
  readonly monthlyCapLi?: bigint | null;
}

interface PlanAmounts {
  monthlyFee: bigint;
  includedSegments: number;
  overagePrice: bigint | null;
  monthlyCap: bigint | null;
}

/** The amounts a mode keeps (the others are stored as their defaults), checked per mode. */
export function checkPlan(input: SetBillingPlanInput): PlanAmounts {
  const refuse = (field: string, message: string) =>
    new ApiError('validation_error', `${field}: ${message}`, { field, mode: input.mode });
  if (!BILLING_PLAN_MODES.includes(input.mode)) throw refuse('mode', BILLING_PLAN_MODES.join(', '));
  if (input.mode === 'monthly_package') {
    const fee = input.monthlyFeeLi ?? 0n;
    const included = input.includedSegments ?? 0;
    if (fee < 0n || fee > MAX_AMOUNT_LI) throw refuse('monthlyFeeLi', `0 to ${MAX_AMOUNT_LI} li`);
    if (!Number.isInteger(included) || included < 1 || included > 2_147_483_647) {
      throw refuse('includedSegments', 'a monthly package includes at least one segment');
    }
    const overage = input.overagePriceLi ?? null;
    if (overage !== null && (overage < 0n || overage > MAX_PRICE_LI))
      throw refuse('overagePriceLi', `0 to ${MAX_PRICE_LI} li`);
    return { monthlyFee: fee, includedSegments: included, overagePrice: overage, monthlyCap: null };
  }
  if (input.mode === 'monthly_cap') {
    const cap = input.monthlyCapLi ?? null;
    if (cap === null || cap < 1n || cap > MAX_AMOUNT_LI) throw refuse('monthlyCapLi', `1 to ${MAX_AMOUNT_LI} li`);
    return { monthlyFee: 0n, includedSegments: 0, overagePrice: null, monthlyCap: cap };
  }
  return { monthlyFee: 0n, includedSegments: 0, overagePrice: null, monthlyCap: null };
}

async function belowOrg(tx: Queryable, principal: Principal, orgId: bigint) {
  if (orgId === principal.orgId) {
    throw new ApiError('own_org_refused', 'your own billing plans are set by the org above yours');
  }
  return findBillingOrg(tx, principal, orgId, 'below', true);
}

/**
 * Sets one org's plan for one business type (an org strictly below the principal's). A change
 * mid-month applies from the next message; the month's usage stays (decision 0186).
 */
export async function setBillingPlan(
  deps: ApiDeps,
  principal: Principal,
  input: SetBillingPlanInput,
): Promise<BillingPlanView> {
  requirePermission(principal, 'billing:manage');
  const amounts = checkPlan(input);
  return inBillingTransaction(deps, async (tx) => {
    const org = await belowOrg(tx, principal, input.orgId);
    const type = await tx.query<{ code: string; name: string }>('SELECT code, name FROM business_types WHERE id = $1', [
      input.businessTypeId,
    ]);
    const bt = type.rows[0];
    if (bt === undefined) {
      throw new ApiError('unknown_business_type', `business type ${input.businessTypeId} does not exist`, {
        field: 'businessTypeId',
      });
    }
    const saved = await tx.query<{ updated_at: Date }>(
      `INSERT INTO billing_plans (org_id, business_type_id, mode, monthly_fee, included_segments, overage_price, monthly_cap)
       VALUES ($1, $2, $3::billing_plan_mode, $4, $5, $6, $7)
       ON CONFLICT (org_id, business_type_id) DO UPDATE
         SET mode = EXCLUDED.mode, monthly_fee = EXCLUDED.monthly_fee, included_segments = EXCLUDED.included_segments,
             overage_price = EXCLUDED.overage_price, monthly_cap = EXCLUDED.monthly_cap, updated_at = now()
       RETURNING updated_at`,
      [
        org.id,
        input.businessTypeId,
        input.mode,
        amounts.monthlyFee,
        amounts.includedSegments,
        amounts.overagePrice,
        amounts.monthlyCap,
      ],
    );
    await auditInTransaction(tx, principal, {
      orgId: org.id,
      action: 'billing.plan_set',
      targetType: 'billing_plan',
      targetId: `${org.id}:${bt.code}`,
      details: {
        business_type: bt.code,
        mode: input.mode,
        monthly_fee_li: String(amounts.monthlyFee),
        included_segments: amounts.includedSegments,
        overage_price_li: amounts.overagePrice === null ? null : String(amounts.overagePrice),
        monthly_cap_li: amounts.monthlyCap === null ? null : String(amounts.monthlyCap),
      },
    });
    return {
      businessTypeId: input.businessTypeId,
      businessTypeCode: bt.code,
      businessTypeName: bt.name,
      mode: input.mode,
      planned: true,
      ...amounts,
      updatedAt: saved.rows[0]!.updated_at,
    };
  });
}

/** Removes one org's plan for a type (it is then charged per segment); removed: false when it had none. */
export async function removeBillingPlan(
  deps: ApiDeps,
  principal: Principal,
  input: { orgId: bigint; businessTypeId: bigint },
): Promise<{ removed: boolean }> {
  requirePermission(principal, 'billing:manage');
  return inBillingTransaction(deps, async (tx) => {
    const org = await belowOrg(tx, principal, input.orgId);
    const deleted = await tx.query<{ mode: BillingPlanMode }>(
      'DELETE FROM billing_plans WHERE org_id = $1 AND business_type_id = $2 RETURNING mode',
      [org.id, input.businessTypeId],
    );
    const row = deleted.rows[0];
    if (row === undefined) return { removed: false };
    await auditInTransaction(tx, principal, {
      orgId: org.id,
      action: 'billing.plan_remove',
      targetType: 'billing_plan',
      targetId: `${org.id}:${input.businessTypeId}`,
      details: { business_type_id: String(input.businessTypeId), previous_mode: row.mode },
    });
    return { removed: true };
  });
}
