import type { Prisma } from '@smshub/db';
import type { Principal } from './principal.js';

/**
 * The one answer to "which orgs may this principal see": its own org and everything below it,
 * never above or beside. Every read and write of tenant data goes through one of these, so the
 * rule is written once (in SQL and as a Prisma filter, which say the same thing).
 */

/** Prisma: orgs in the principal's subtree (served by the GIN index on orgs.path). */
export function visibleOrgsWhere(principal: Principal): Prisma.OrgWhereInput {
  return { path: { has: principal.orgId } };
}

/** Prisma: rows whose org_id is in the principal's subtree. */
export function visibleOrgRelation(principal: Principal): { org: Prisma.OrgWhereInput } {
  return { org: visibleOrgsWhere(principal) };
}

/**
 * SQL: a condition on an `orgs` alias (`o`) that holds for the principal's subtree; the
 * principal's org id is the parameter `$n`.
 */
export function visibleOrgsSql(alias: string, parameter: number): string {
  return `${alias}.path @> ARRAY[$${parameter}::bigint]`;
}

/** True when `orgPath` (an org's orgs.path) lies in the principal's subtree. */
export function isVisibleOrgPath(principal: Principal, orgPath: readonly bigint[]): boolean {
  return orgPath.includes(principal.orgId);
}

/** Strictly below the principal's org: what its admins may create, change or disable. */
export function isBelowOrgPath(principal: Principal, orgPath: readonly bigint[]): boolean {
  return orgPath.includes(principal.orgId) && orgPath[orgPath.length - 1] !== principal.orgId;
}
