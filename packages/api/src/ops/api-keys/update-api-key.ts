import { z } from 'zod';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { recordAudit } from '../audit.js';
import { requirePermission, type Principal } from '../principal.js';
import {
  API_KEY_VIEW_SELECT,
  ApiKeyName,
  ApiKeyRate,
  apiKeyView,
  checkAllowListWithinOrg,
  forgetCachedKey,
  IpAllowListInput,
  visibleApiKeyWhere,
  type ApiKeyView,
} from './api-key-view.js';

export const UpdateApiKeyInput = z.strictObject({
  id: z.string().regex(/^[1-9]\d{0,18}$/),
  name: ApiKeyName.optional(),
  ipAllowList: IpAllowListInput.optional(),
  rateLimit: ApiKeyRate.optional(),
});
export type UpdateApiKeyInput = z.input<typeof UpdateApiKeyInput>;

/**
 * Renames a key or changes its allow-list or rate. Scopes and expiry stay as issued: a key that
 * should do more, or longer, is a new key. A revoked key cannot be changed.
 */
export async function updateApiKey(deps: ApiDeps, principal: Principal, input: UpdateApiKeyInput): Promise<ApiKeyView> {
  requirePermission(principal, 'api_keys:manage');
  const parsed = UpdateApiKeyInput.parse(input);
  const id = BigInt(parsed.id);
  const row = await deps.prisma.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: visibleApiKeyWhere(principal, id), select: API_KEY_VIEW_SELECT });
    if (key === null) throw ApiError.notFound('api key', parsed.id);
    if (key.revokedAt !== null) {
      throw new ApiError('validation_error', `api key ${parsed.id} was revoked; it cannot be changed`, {
        part: 'body',
        issues: [{ path: 'id', code: 'revoked', message: 'revoked' }],
        issue_count: 1,
      });
    }
    if (parsed.ipAllowList !== undefined) await checkAllowListWithinOrg(tx, key.orgId, parsed.ipAllowList);
    const updated = await tx.apiKey.update({
      where: { id },
      data: {
        ...(parsed.name === undefined ? {} : { name: parsed.name }),
        ...(parsed.ipAllowList === undefined ? {} : { ipAllowList: parsed.ipAllowList }),
        ...(parsed.rateLimit === undefined ? {} : { rateLimit: parsed.rateLimit }),
      },
      select: API_KEY_VIEW_SELECT,
    });
    await recordAudit(tx, principal, {
      orgId: key.orgId,
      action: 'api_key.update',
      targetType: 'api_key',
      targetId: id,
      details: {
        prefix: key.prefix,
        before: { name: key.name, ipAllowList: key.ipAllowList, rateLimit: key.rateLimit },
        after: { name: updated.name, ipAllowList: updated.ipAllowList, rateLimit: updated.rateLimit },
      },
    });
    return updated;
  });
  forgetCachedKey(deps, row.prefix);
  return apiKeyView(row);
}
