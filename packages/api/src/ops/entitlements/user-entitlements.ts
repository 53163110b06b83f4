import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { recordAudit } from '../audit.js';
import { requirePermission, type Principal } from '../principal.js';
import { checkRoleReach } from '../users/roles.js';
import { visibleOrgRelation } from '../visibility.js';
import { effectiveBusinessTypes } from './effective.js';
import { businessTypeIds, entitlementsAlong, type BusinessTypeChoice } from './org-entitlements.js';

export interface UserEntitlements {
  readonly userId: bigint;
  /** The user's own list; empty: everything the org may use. */
  readonly own: readonly string[];
  readonly effective: readonly string[];
  /** What the user's org may use: the most the user can be given. */
  readonly orgEffective: readonly string[];
  readonly businessTypes: readonly BusinessTypeChoice[];
}

type Db = ApiDeps['prisma'] | Parameters<Parameters<ApiDeps['prisma']['$transaction']>[0]>[0];

async function userEntitlements(
  db: Db,
  user: { id: bigint; orgId: bigint; path: readonly bigint[] },
): Promise<UserEntitlements> {
  const [org, rows] = await Promise.all([
    entitlementsAlong(db, user.orgId, user.path),
    db.userBusinessType.findMany({
      where: { userId: user.id },
      select: { businessType: { select: { code: true, enabled: true } } },
    }),
  ]);
  const own = rows.filter((row) => row.businessType.enabled).map((row) => row.businessType.code);
  return {
    userId: user.id,
    own,
    effective: effectiveBusinessTypes(org.effective, [own]),
    orgEffective: org.effective,
    businessTypes: org.businessTypes,
  };
}

async function findVisibleUser(db: Db, principal: Principal, userId: bigint) {
  const user = await db.user.findFirst({
    where: { id: userId, ...visibleOrgRelation(principal) },
    select: { id: true, orgId: true, role: true, org: { select: { path: true } } },
  });
  if (user === null) throw ApiError.notFound('user', String(userId));
  return { id: user.id, orgId: user.orgId, role: user.role, path: user.org.path };
}

/** The business types a user of the principal's subtree may send. */
export async function getUserEntitlements(
  deps: ApiDeps,
  principal: Principal,
  input: { userId: bigint },
): Promise<UserEntitlements> {
  requirePermission(principal, 'users:read');
  return userEntitlements(deps.prisma, await findVisibleUser(deps.prisma, principal, input.userId));
}

/**
 * Narrows what a user may send to business types its org may use; an empty list removes the
 * user's own list (everything the org may).
 */
export async function setUserEntitlements(
  deps: ApiDeps,
  principal: Principal,
  input: { userId: bigint; businessTypes: readonly string[] },
): Promise<UserEntitlements> {
  requirePermission(principal, 'users:manage');
  const codes = [...new Set(input.businessTypes)];
  return deps.prisma.$transaction(async (tx) => {
    const user = await findVisibleUser(tx, principal, input.userId);
    checkRoleReach(principal, user.role, 'change');
    const before = await userEntitlements(tx, user);
    const ids = await businessTypeIds(tx, codes);
    const beyond = codes.filter((code) => !before.orgEffective.includes(code));
    if (beyond.length > 0) {
      throw new ApiError(
        'business_type_not_allowed',
        `the user's org may not use ${beyond.join(', ')}, so neither may the user`,
        { business_types: beyond },
      );
    }
    await tx.userBusinessType.deleteMany({ where: { userId: user.id } });
    if (ids.length > 0) {
      await tx.userBusinessType.createMany({
        data: ids.map((businessTypeId) => ({ userId: user.id, businessTypeId })),
      });
    }
    await recordAudit(tx, principal, {
      orgId: user.orgId,
      action: 'user.set_business_types',
      targetType: 'user',
      targetId: user.id,
      details: { before: before.own, after: codes },
    });
    return userEntitlements(tx, user);
  });
}
