import { isIP } from 'node:net';
import type { Prisma } from '@smshub/db';
import { z } from 'zod';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { API_KEY_SCOPES, PLATFORM_PERMISSIONS, type ApiKeyScope } from '../permissions.js';
import type { Principal } from '../principal.js';
import { visibleOrgsWhere } from '../visibility.js';

/** An API key as the console lists it: never its secret or hash, only the prefix that names it. */
export interface ApiKeyView {
  readonly id: string;
  readonly orgId: string;
  readonly orgName: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly string[];
  readonly ipAllowList: readonly string[];
  readonly rateLimit: number | null;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
}

export const API_KEY_VIEW_SELECT = {
  id: true,
  orgId: true,
  org: { select: { name: true } },
  name: true,
  prefix: true,
  scopes: true,
  ipAllowList: true,
  rateLimit: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} satisfies Prisma.ApiKeySelect;

type ApiKeyRow = Prisma.ApiKeyGetPayload<{ select: typeof API_KEY_VIEW_SELECT }>;

export function apiKeyView(row: ApiKeyRow): ApiKeyView {
  return {
    id: String(row.id),
    orgId: String(row.orgId),
    orgName: row.org.name,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    ipAllowList: row.ipAllowList,
    rateLimit: row.rateLimit,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}

/** A key of an org in the principal's subtree; anything else is the same 404 as no key at all. */
export function visibleApiKeyWhere(principal: Principal, id: bigint): Prisma.ApiKeyWhereInput {
  return { id, org: visibleOrgsWhere(principal) };
}

/** Requests per second; the bucket is per key across every API process (decision 0181). */
export const API_KEY_RATE_MAX = 100_000;

export const ApiKeyName = z.string().trim().min(1).max(100);
export const ApiKeyRate = z.number().int().min(1).max(API_KEY_RATE_MAX).nullable();
/** Addresses or networks as PostgreSQL's inet writes them: 203.0.113.7, 10.0.0.0/8, 2001:db8::/32. */
export const IpAllowListInput = z
  .array(
    z
      .string()
      .trim()
      .refine(isAddressOrNetwork, { message: 'not an IPv4/IPv6 address or network (e.g. 203.0.113.7 or 10.0.0.0/8)' }),
  )
  .max(100);

function isAddressOrNetwork(entry: string): boolean {
  const [address = '', bits, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * A key's allow-list must lie within its org's own: every entry contained in (`<<=`) one of the
 * org's entries, as PostgreSQL's inet containment decides. An org without a list allows any.
 * The org's row is read in the caller's transaction.
 */
export async function checkAllowListWithinOrg(
  tx: Prisma.TransactionClient,
  orgId: bigint,
  entries: readonly string[],
): Promise<void> {
  if (entries.length === 0) return;
  const outside = await tx.$queryRaw<{ entry: string }[]>`
    SELECT host(e)::text || '/' || masklen(e)::text AS entry
      FROM unnest(${[...entries]}::inet[]) AS e, orgs o
     WHERE o.id = ${orgId} AND cardinality(o.ip_allow_list) > 0
       AND NOT EXISTS (SELECT 1 FROM unnest(o.ip_allow_list) AS allowed WHERE e <<= allowed)`;
  if (outside.length > 0) {
    throw new ApiError(
      'validation_error',
      `ipAllowList: ${outside.map((r) => r.entry).join(', ')} lies outside the org's own allow-list`,
      {
        part: 'body',
        issues: outside.map((r) => ({ path: 'ipAllowList', code: 'outside_org_list', message: r.entry })),
        issue_count: outside.length,
      },
    );
  }
}

/** Scopes an org's key may hold: the platform-only ones (operations) for the platform org alone. */
export function checkScopes(scopes: readonly ApiKeyScope[], orgKind: string): void {
  for (const scope of scopes) {
    if (PLATFORM_PERMISSIONS.has(scope) && orgKind !== 'platform') {
      throw new ApiError('validation_error', `scopes: ${scope} is for the platform org's keys only`, {
        part: 'body',
        issues: [{ path: 'scopes', code: 'platform_only', message: scope }],
        issue_count: 1,
      });
    }
  }
}

export const ApiKeyScopes = z.array(z.enum(API_KEY_SCOPES)).min(1).max(API_KEY_SCOPES.length);

/** Drops a key from this process's cache: a change to it holds here at once, elsewhere within 5 s. */
export function forgetCachedKey(deps: ApiDeps, prefix: string): void {
  deps.apiKeys.forget(prefix);
}
