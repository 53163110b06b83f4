import type { Prisma } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { recordAudit } from '../audit.js';
import { orgsBelowWhere } from '../orgs/org-view.js';
import { ownOrgRefused } from '../orgs/update-org.js';
import { requirePermission, type Principal } from '../principal.js';
import { visibleOrgsWhere } from '../visibility.js';
import { effectiveBusinessTypes } from './effective.js';

type Reader = Pick<Prisma.TransactionClient, 'businessType' | 'orgBusinessType'>;

export interface BusinessTypeChoice {
  readonly code: string;
  readonly name: string;
}

export interface OrgEntitlements {
  readonly orgId: bigint;
  /** The org's own list; empty: it may use everything its parent may. */
  readonly own: readonly string[];
  /** What it may use, its ancestors' lists applied. */
  readonly effective: readonly string[];
  /** What its parent may use: the most it can be given (every type for the root). */
  readonly parentEffective: readonly string[];
  /** Every enabled business type, for the picker. */
  readonly businessTypes: readonly BusinessTypeChoice[];
}

/** Business types of an org of the principal's subtree. */
export async function getOrgEntitlements(
  deps: ApiDeps,
  principal: Principal,
  input: { orgId: bigint },
): Promise<OrgEntitlements> {
  requirePermission(principal, 'orgs:read');
  const org = await deps.prisma.org.findFirst({
    where: { id: input.orgId, ...visibleOrgsWhere(principal) },
    select: { id: true, path: true },
  });
  if (org === null) throw ApiError.notFound('org', String(input.orgId));
  return entitlementsAlong(deps.prisma, org.id, org.path);
}

/** An org's entitlements from its path (root … org), in two queries whatever the depth. */
export async function entitlementsAlong(db: Reader, orgId: bigint, path: readonly bigint[]): Promise<OrgEntitlements> {
  const [types, rows] = await Promise.all([
    db.businessType.findMany({
      where: { enabled: true },
      select: { id: true, code: true, name: true },
      orderBy: { id: 'asc' },
    }),
    db.orgBusinessType.findMany({ where: { orgId: { in: [...path] } }, select: { orgId: true, businessTypeId: true } }),
  ]);
  const codeOf = new Map(types.map((type) => [type.id, type.code]));
  const lists = path.map((id) =>
    rows.filter((row) => row.orgId === id).flatMap((row) => codeOf.get(row.businessTypeId) ?? []),
  );
  const all = types.map((type) => type.code);
  return {
    orgId,
    own: lists[lists.length - 1] ?? [],
    effective: effectiveBusinessTypes(all, lists),
    parentEffective: effectiveBusinessTypes(all, lists.slice(0, -1)),
    businessTypes: types.map((type) => ({ code: type.code, name: type.name })),
  };
}

/**
 * Sets the business types of an org strictly below the principal's: each must be one its parent
 * may use. An empty list removes the org's own list (it may then use everything its parent may).
 */
export async function setOrgEntitlements(
  deps: ApiDeps,
  principal: Principal,
  input: { orgId: bigint; businessTypes: readonly string[] },
): Promise<OrgEntitlements> {
  requirePermission(principal, 'orgs:manage');
  if (input.orgId === principal.orgId) throw ownOrgRefused();
  const codes = [...new Set(input.businessTypes)];
  return deps.prisma.$transaction(async (tx) => {
    const org = await tx.org.findFirst({
      where: { id: input.orgId, ...orgsBelowWhere(principal) },
      select: { id: true, path: true },
    });
    if (org === null) throw ApiError.notFound('org', String(input.orgId));
    const before = await entitlementsAlong(tx, org.id, org.path);
    const ids = await businessTypeIds(tx, codes);
    const beyond = codes.filter((code) => !before.parentEffective.includes(code));
    if (beyond.length > 0) {
      throw new ApiError(
        'business_type_not_allowed',
        `the parent org may not use ${beyond.join(', ')}, so neither may this org`,
        { business_types: beyond },
      );
    }
    await tx.orgBusinessType.deleteMany({ where: { orgId: org.id } });
    if (ids.length > 0) {
      await tx.orgBusinessType.createMany({ data: ids.map((businessTypeId) => ({ orgId: org.id, businessTypeId })) });
    }
    await recordAudit(tx, principal, {
      orgId: org.id,
      action: 'org.set_business_types',
      targetType: 'org',
      targetId: org.id,
      details: { before: before.own, after: codes },
    });
    return entitlementsAlong(tx, org.id, org.path);
  });
}

/** The ids of enabled business types with these codes; unknown_business_type names the others. */
export async function businessTypeIds(
  db: Pick<Prisma.TransactionClient, 'businessType'>,
  codes: readonly string[],
): Promise<bigint[]> {
  if (codes.length === 0) return [];
  const found = await db.businessType.findMany({
    where: { code: { in: [...codes] }, enabled: true },
    select: { id: true, code: true },
  });
  const unknown = codes.filter((code) => !found.some((type) => type.code === code));
  if (unknown.length > 0) {
    throw new ApiError('unknown_business_type', `no enabled business type has the code ${unknown.join(', ')}`, {
      business_types: unknown,
    });
  }
  return found.map((type) => type.id);
}
