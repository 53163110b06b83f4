import { z } from 'zod';
import type { ApiDeps } from '../../v1/deps.js';
import { requirePermission, type Principal } from '../principal.js';
import { visibleOrgsWhere } from '../visibility.js';
import { API_KEY_VIEW_SELECT, apiKeyView, type ApiKeyView } from './api-key-view.js';

export const ListApiKeysInput = z.strictObject({
  /** One org of the subtree; default: the principal's org and every org below it. */
  orgId: z
    .string()
    .regex(/^[1-9]\d{0,18}$/)
    .optional(),
  includeRevoked: z.boolean().default(false),
});
export type ListApiKeysInput = z.input<typeof ListApiKeysInput>;

/** Most keys one list shows; orgs have a handful each. */
const MAX_KEYS = 500;

/**
 * Keys of the principal's org and of the orgs below it (a parent's administrators run their
 * sub-accounts' integrations too; a sibling's or a parent's keys are never listed), newest first.
 */
export async function listApiKeys(
  deps: ApiDeps,
  principal: Principal,
  input: ListApiKeysInput = {},
): Promise<ApiKeyView[]> {
  requirePermission(principal, 'api_keys:manage');
  const { orgId, includeRevoked } = ListApiKeysInput.parse(input);
  const rows = await deps.prisma.apiKey.findMany({
    where: {
      org: visibleOrgsWhere(principal),
      ...(orgId === undefined ? {} : { orgId: BigInt(orgId) }),
      ...(includeRevoked ? {} : { revokedAt: null }),
    },
    select: API_KEY_VIEW_SELECT,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: MAX_KEYS,
  });
  return rows.map(apiKeyView);
}

/** The prefixes of the principal's org's live keys: the developer page fills its examples with them. */
export async function apiKeyPrefixes(deps: ApiDeps, principal: Principal): Promise<string[]> {
  requirePermission(principal, 'api_keys:manage');
  const rows = await deps.prisma.apiKey.findMany({
    where: { orgId: principal.orgId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: deps.now() } }] },
    select: { prefix: true },
    orderBy: { createdAt: 'desc' },
    take: 20,
  });
  return rows.map((row) => row.prefix);
}
