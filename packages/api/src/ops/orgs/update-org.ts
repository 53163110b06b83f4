import { isIP } from 'node:net';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { recordAudit } from '../audit.js';
import { requirePermission, type Principal } from '../principal.js';
import { ORG_VIEW_SELECT, orgsBelowWhere, toOrgView, type OrgView } from './org-view.js';

/** What an admin may set on an org below its own; null = unlimited (or any address). */
export interface OrgLimits {
  /** Messages per day / month. */
  readonly dailyLimit: number | null;
  readonly monthlyLimit: number | null;
  /** API intake, messages per second. */
  readonly rateLimit: number | null;
  /** Addresses and networks (`203.0.113.7`, `10.0.0.0/8`, `2001:db8::/32`); empty = any. */
  readonly ipAllowList: readonly string[];
}

export interface UpdateOrgInput extends Partial<OrgLimits> {
  readonly orgId: bigint;
  readonly name?: string;
}

/**
 * Renames an org strictly below the principal's or changes its limits. The principal's own org
 * is changed by the org above it (own_org_refused); anything outside its subtree is 404.
 */
export async function updateOrg(deps: ApiDeps, principal: Principal, input: UpdateOrgInput): Promise<OrgView> {
  requirePermission(principal, 'orgs:manage');
  if (input.orgId === principal.orgId) throw ownOrgRefused();
  const data = {
    ...(input.name === undefined ? {} : { name: checkName(input.name) }),
    ...(input.dailyLimit === undefined ? {} : { dailyLimit: checkLimit('daily_limit', input.dailyLimit) }),
    ...(input.monthlyLimit === undefined ? {} : { monthlyLimit: checkLimit('monthly_limit', input.monthlyLimit) }),
    ...(input.rateLimit === undefined ? {} : { rateLimit: checkLimit('rate_limit', input.rateLimit) }),
    ...(input.ipAllowList === undefined ? {} : { ipAllowList: checkIpAllowList(input.ipAllowList) }),
  };
  return deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.org.updateMany({ where: { id: input.orgId, ...orgsBelowWhere(principal) }, data });
    if (count === 0) throw ApiError.notFound('org', String(input.orgId));
    const row = await tx.org.findUniqueOrThrow({ where: { id: input.orgId }, select: ORG_VIEW_SELECT });
    await recordAudit(tx, principal, {
      orgId: row.id,
      action: 'org.update',
      targetType: 'org',
      targetId: row.id,
      details: { changed: Object.keys(data), ...data },
    });
    return toOrgView(principal, row);
  });
}

export function ownOrgRefused(): ApiError {
  return new ApiError('own_org_refused', 'your own org is changed by the org above it, not by you');
}

export function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 200) {
    throw new ApiError('validation_error', 'name: 1 to 200 characters', { field: 'name' });
  }
  return trimmed;
}

export function checkLimit(field: string, value: number | null): number | null {
  if (value === null) return null;
  if (!Number.isInteger(value) || value < 1 || value > 2_147_483_647) {
    throw new ApiError('validation_error', `${field}: a whole number from 1 (or null for unlimited)`, { field });
  }
  return value;
}

/** Each entry an address or a network as PostgreSQL's inet takes it, host bits of a network zero or not. */
export function checkIpAllowList(entries: readonly string[]): string[] {
  if (entries.length > 100) {
    throw new ApiError('validation_error', 'ip_allow_list: at most 100 entries', { field: 'ip_allow_list' });
  }
  return entries.map((raw, i) => {
    const entry = raw.trim();
    const [address = '', bits, extra] = entry.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const ok =
      family !== 0 && extra === undefined && (bits === undefined || (/^[0-9]{1,3}$/.test(bits) && Number(bits) <= max));
    if (!ok) {
      throw new ApiError(
        'validation_error',
        `ip_allow_list[${i}]: ${JSON.stringify(raw)} is not an IPv4/IPv6 address or network (10.0.0.0/8)`,
        { field: 'ip_allow_list', index: i },
      );
    }
    return entry;
  });
}
