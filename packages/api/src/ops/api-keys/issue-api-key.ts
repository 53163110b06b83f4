import { generateApiKey } from '@smshub/db';
import { z } from 'zod';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { recordAudit } from '../audit.js';
import { requirePermission, type Principal } from '../principal.js';
import { visibleOrgsWhere } from '../visibility.js';
import {
  API_KEY_VIEW_SELECT,
  ApiKeyName,
  ApiKeyRate,
  ApiKeyScopes,
  apiKeyView,
  checkAllowListWithinOrg,
  checkScopes,
  IpAllowListInput,
  type ApiKeyView,
} from './api-key-view.js';

export const IssueApiKeyInput = z.strictObject({
  /** The org the key acts for: the principal's (default) or one below it. */
  orgId: z
    .string()
    .regex(/^[1-9]\d{0,18}$/)
    .optional(),
  name: ApiKeyName,
  scopes: ApiKeyScopes,
  ipAllowList: IpAllowListInput.default([]),
  expiresAt: z.coerce.date().nullable().default(null),
  rateLimit: ApiKeyRate.default(null),
});
export type IssueApiKeyInput = z.input<typeof IssueApiKeyInput>;

export interface IssuedApiKey {
  readonly key: ApiKeyView;
  /** `sk_<prefix>_<secret>`: in this answer only; only its hash is stored. */
  readonly secret: string;
}

/** Issues a key; its full text is returned once and never stored (api_keys.secret_hash). */
export async function issueApiKey(deps: ApiDeps, principal: Principal, input: IssueApiKeyInput): Promise<IssuedApiKey> {
  requirePermission(principal, 'api_keys:manage');
  const parsed = IssueApiKeyInput.parse(input);
  const orgId = parsed.orgId === undefined ? principal.orgId : BigInt(parsed.orgId);
  if (parsed.expiresAt !== null && parsed.expiresAt.getTime() <= deps.now().getTime()) {
    throw new ApiError('validation_error', 'expiresAt: must lie in the future', {
      part: 'body',
      issues: [{ path: 'expiresAt', code: 'too_small', message: 'must lie in the future' }],
      issue_count: 1,
    });
  }
  const generated = generateApiKey();
  const row = await deps.prisma.$transaction(async (tx) => {
    const org = await tx.org.findFirst({
      where: { id: orgId, ...visibleOrgsWhere(principal) },
      select: { id: true, kind: true, status: true },
    });
    if (org === null) throw ApiError.notFound('org', String(orgId));
    if (org.status === 'closed') throw new ApiError('org_closed', `org ${orgId} is closed: it gets no new keys`);
    checkScopes(parsed.scopes, org.kind);
    await checkAllowListWithinOrg(tx, org.id, parsed.ipAllowList);
    const created = await tx.apiKey.create({
      data: {
        orgId: org.id,
        name: parsed.name,
        prefix: generated.prefix,
        secretHash: generated.hash,
        scopes: parsed.scopes,
        ipAllowList: parsed.ipAllowList,
        rateLimit: parsed.rateLimit,
        expiresAt: parsed.expiresAt,
        createdById: principal.actor.kind === 'user' ? principal.actor.userId : null,
      },
      select: API_KEY_VIEW_SELECT,
    });
    await recordAudit(tx, principal, {
      orgId: org.id,
      action: 'api_key.issue',
      targetType: 'api_key',
      targetId: created.id,
      details: {
        name: parsed.name,
        prefix: generated.prefix,
        scopes: parsed.scopes,
        ipAllowList: parsed.ipAllowList,
        rateLimit: parsed.rateLimit,
        expiresAt: parsed.expiresAt?.toISOString() ?? null,
      },
    });
    return created;
  });
  return { key: apiKeyView(row), secret: generated.full };
}
