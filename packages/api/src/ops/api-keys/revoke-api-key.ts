import { z } from 'zod';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { recordAudit } from '../audit.js';
import { requirePermission, type Principal } from '../principal.js';
import {
  API_KEY_VIEW_SELECT,
  apiKeyView,
  forgetCachedKey,
  visibleApiKeyWhere,
  type ApiKeyView,
} from './api-key-view.js';

export const RevokeApiKeyInput = z.strictObject({ id: z.string().regex(/^[1-9]\d{0,18}$/) });
export type RevokeApiKeyInput = z.input<typeof RevokeApiKeyInput>;

/**
 * Revokes a key (revoked_at; the row stays for the audit log and "last used"). It stops working
 * in this process at once — its cache entry is dropped — and in every other API process within
 * the key cache's 5 s (ApiKeyCache). Revoking a revoked key changes nothing and says so.
 */
export async function revokeApiKey(deps: ApiDeps, principal: Principal, input: RevokeApiKeyInput): Promise<ApiKeyView> {
  requirePermission(principal, 'api_keys:manage');
  const { id: idText } = RevokeApiKeyInput.parse(input);
  const id = BigInt(idText);
  const row = await deps.prisma.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: visibleApiKeyWhere(principal, id), select: API_KEY_VIEW_SELECT });
    if (key === null) throw ApiError.notFound('api key', idText);
    if (key.revokedAt !== null) return key;
    const revoked = await tx.apiKey.update({
      where: { id },
      data: { revokedAt: deps.now() },
      select: API_KEY_VIEW_SELECT,
    });
    await recordAudit(tx, principal, {
      orgId: key.orgId,
      action: 'api_key.revoke',
      targetType: 'api_key',
      targetId: id,
      details: { name: key.name, prefix: key.prefix },
    });
    return revoked;
  });
  forgetCachedKey(deps, row.prefix);
  return apiKeyView(row);
}
