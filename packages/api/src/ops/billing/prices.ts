import { effectivePrices, type EffectivePrice, type Queryable } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { requirePermission, type Principal } from '../principal.js';
import { auditInTransaction, findBillingOrg, inBillingTransaction, type BillingOrg } from './billing-org.js';

/** The highest price per segment anyone may set: 1,000 yuan. */
export const MAX_PRICE_LI = 1_000_000n;

export interface OwnPrice {
  readonly businessTypeId: bigint;
  readonly businessTypeCode: string;
  readonly carrierCode: string;
  readonly pricePerSegment: bigint;
  readonly updatedAt: Date;
}

export interface PriceList {
  readonly orgId: bigint;
  readonly orgName: string;
  /** Per enabled business type and carrier: what the org pays and where it comes from. */
  readonly prices: readonly EffectivePrice[];
  /** The org's own rows (what setPrice / removePrice change). */
  readonly own: readonly OwnPrice[];
  /** Whether the principal may change this org's rows. */
  readonly manageable: boolean;
}

/** The price list of one org of the subtree. */
export async function listPrices(
  deps: ApiDeps,
  principal: Principal,
  input: { orgId?: bigint } = {},
): Promise<PriceList> {
  requirePermission(principal, 'billing:read');
  const org = await findBillingOrg(deps.pool, principal, input.orgId);
  const [prices, own] = await Promise.all([
    effectivePrices(deps.pool, org.path),
    deps.pool.query<{
      business_type_id: bigint;
      code: string;
      carrier_code: string;
      price_per_segment: bigint;
      updated_at: Date;
    }>(
      `SELECT op.business_type_id, bt.code, op.carrier_code, op.price_per_segment, op.updated_at
         FROM org_prices op JOIN business_types bt ON bt.id = op.business_type_id
        WHERE op.org_id = $1 ORDER BY bt.priority DESC, bt.id, op.carrier_code`,
      [org.id],
    ),
  ]);
  return {
    orgId: org.id,
    orgName: org.name,
    prices,
    own: own.rows.map((row) => ({
      businessTypeId: row.business_type_id,
      businessTypeCode: row.code,
      carrierCode: row.carrier_code,
      pricePerSegment: row.price_per_segment,
      updatedAt: row.updated_at,
    })),
    manageable: principal.permissions.has('billing:manage') && mayManagePrices(principal, org),
  };
}

/** Orgs strictly below the principal's; the platform also its own rows (the platform's price list). */
function mayManagePrices(principal: Principal, org: BillingOrg): boolean {
  return org.id !== principal.orgId || principal.orgKind === 'platform';
}

/** The org whose prices the principal may change, locked; NOT_FOUND / own_org_refused otherwise. */
async function managedOrg(tx: Queryable, principal: Principal, orgId: bigint): Promise<BillingOrg> {
  const org = await findBillingOrg(tx, principal, orgId, 'visible', true);
  if (!mayManagePrices(principal, org)) {
    throw new ApiError('own_org_refused', 'your own prices are set by the org above yours', { org_id: String(org.id) });
  }
  return org;
}

async function checkBusinessType(tx: Queryable, businessTypeId: bigint): Promise<string> {
  const result = await tx.query<{ code: string }>('SELECT code FROM business_types WHERE id = $1', [businessTypeId]);
  const row = result.rows[0];
  if (row === undefined) {
    throw new ApiError('unknown_business_type', `business type ${businessTypeId} does not exist`, {
      field: 'businessTypeId',
    });
  }
  return row.code;
}

async function checkCarrier(tx: Queryable, carrierCode: string): Promise<string> {
  if (carrierCode === '*') return carrierCode;
  const result = await tx.query('SELECT 1 FROM carriers WHERE code = $1', [carrierCode]);
  if (result.rowCount === 0) {
    throw new ApiError(
      'validation_error',
      `carrierCode: ${JSON.stringify(carrierCode)} is no carrier (or '*' for all)`,
      {
        field: 'carrierCode',
      },
    );
  }
  return carrierCode;
}

export interface SetPriceInput {
  readonly orgId: bigint;
  readonly businessTypeId: bigint;
  /** A carrier's code, or '*' for every carrier without a row of its own. */
  readonly carrierCode: string;
  readonly pricePerSegmentLi: bigint;
}

/** Sets (creates or replaces) one price row of an org below the principal's. */
export async function setPrice(deps: ApiDeps, principal: Principal, input: SetPriceInput): Promise<OwnPrice> {
  requirePermission(principal, 'billing:manage');
  if (input.pricePerSegmentLi < 0n || input.pricePerSegmentLi > MAX_PRICE_LI) {
    throw new ApiError('validation_error', `pricePerSegmentLi: 0 to ${MAX_PRICE_LI} li`, {
      field: 'pricePerSegmentLi',
    });
  }
  return inBillingTransaction(deps, async (tx) => {
    const org = await managedOrg(tx, principal, input.orgId);
    const code = await checkBusinessType(tx, input.businessTypeId);
    const carrier = await checkCarrier(tx, input.carrierCode);
    const before = await tx.query<{ price_per_segment: bigint }>(
      'SELECT price_per_segment FROM org_prices WHERE org_id = $1 AND business_type_id = $2 AND carrier_code = $3',
      [org.id, input.businessTypeId, carrier],
    );
    const saved = await tx.query<{ updated_at: Date }>(
      `INSERT INTO org_prices (org_id, business_type_id, carrier_code, price_per_segment)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (org_id, business_type_id, carrier_code)
       DO UPDATE SET price_per_segment = EXCLUDED.price_per_segment, updated_at = now()
       RETURNING updated_at`,
      [org.id, input.businessTypeId, carrier, input.pricePerSegmentLi],
    );
    await auditInTransaction(tx, principal, {
      orgId: org.id,
      action: 'billing.price_set',
      targetType: 'org_price',
      targetId: `${org.id}:${code}:${carrier}`,
      details: {
        business_type: code,
        carrier,
        price_li: String(input.pricePerSegmentLi),
        previous_li: before.rows[0] === undefined ? null : String(before.rows[0].price_per_segment),
      },
    });
    return {
      businessTypeId: input.businessTypeId,
      businessTypeCode: code,
      carrierCode: carrier,
      pricePerSegment: input.pricePerSegmentLi,
      updatedAt: saved.rows[0]!.updated_at,
    };
  });
}

/** Removes one price row of an org below the principal's (it then inherits again); removed: false when there was none. */
export async function removePrice(
  deps: ApiDeps,
  principal: Principal,
  input: { orgId: bigint; businessTypeId: bigint; carrierCode: string },
): Promise<{ removed: boolean }> {
  requirePermission(principal, 'billing:manage');
  return inBillingTransaction(deps, async (tx) => {
    const org = await managedOrg(tx, principal, input.orgId);
    const deleted = await tx.query<{ price_per_segment: bigint }>(
      `DELETE FROM org_prices WHERE org_id = $1 AND business_type_id = $2 AND carrier_code = $3
       RETURNING price_per_segment`,
      [org.id, input.businessTypeId, input.carrierCode],
    );
    const row = deleted.rows[0];
    if (row === undefined) return { removed: false };
    await auditInTransaction(tx, principal, {
      orgId: org.id,
      action: 'billing.price_remove',
      targetType: 'org_price',
      targetId: `${org.id}:${input.businessTypeId}:${input.carrierCode}`,
      details: {
        business_type_id: String(input.businessTypeId),
        carrier: input.carrierCode,
        previous_li: String(row.price_per_segment),
      },
    });
    return { removed: true };
  });
}
