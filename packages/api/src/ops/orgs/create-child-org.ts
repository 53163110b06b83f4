import type { BillingMode, OrgKind } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { recordAudit } from '../audit.js';
import { requirePermission, type Principal } from '../principal.js';
import { visibleOrgsWhere } from '../visibility.js';
import { extensionCodeRefusal } from './extension-code-refusal.js';
import { CHILD_KINDS, isChildKindAllowed } from './org-kinds.js';
import { ORG_VIEW_SELECT, toOrgView, type OrgView } from './org-view.js';
import type { OrgLimits } from './update-org.js';

export interface CreateChildOrgInput extends Partial<OrgLimits> {
  readonly parentId: bigint;
  readonly name: string;
  readonly kind: OrgKind;
  /** Digits extending the parent's code; absent: the database allocates the next free one. */
  readonly extensionCode?: string | null;
  /** Default prepaid: a new org cannot owe until someone decides it may. */
  readonly billingMode?: BillingMode;
}

/**
 * A new org below `parentId`, which may be the principal's own org or any below it. The kind must
 * be allowed under the parent's (CHILD_KINDS); the extension code, when given, must extend the
 * parent's — the database keeps it prefix-free against every other org (decision 0140).
 */
export async function createChildOrg(
  deps: ApiDeps,
  principal: Principal,
  input: CreateChildOrgInput,
): Promise<OrgView> {
  requirePermission(principal, 'orgs:manage');
  const name = input.name.trim();
  if (name === '') throw new ApiError('validation_error', 'name: must not be empty', { field: 'name' });
  return deps.prisma.$transaction(async (tx) => {
    const parent = await tx.org.findFirst({
      where: { id: input.parentId, ...visibleOrgsWhere(principal) },
      select: { id: true, kind: true, status: true, extensionCode: true },
    });
    if (parent === null) throw ApiError.notFound('org', String(input.parentId));
    if (!isChildKindAllowed(parent.kind, input.kind)) {
      throw new ApiError(
        'org_kind_not_allowed',
        `an org of kind ${input.kind} cannot be created below a ${parent.kind}; allowed: ${CHILD_KINDS[parent.kind].join(', ') || 'none'}`,
        { parent_kind: parent.kind, kind: input.kind, allowed: CHILD_KINDS[parent.kind] },
      );
    }
    if (parent.status !== 'active') {
      throw new ApiError(
        'invalid_status_change',
        `org ${parent.id} is ${parent.status}: no org can be created below it`,
        {
          status: parent.status,
        },
      );
    }
    const code = input.extensionCode ?? null;
    if (code !== null) checkExtensionCode(code, parent.extensionCode);

    let created;
    try {
      created = await tx.org.create({
        data: {
          parentId: parent.id,
          name,
          kind: input.kind,
          billingMode: input.billingMode ?? 'prepaid',
          ...(code === null ? {} : { extensionCode: code }),
          ...(input.dailyLimit === undefined ? {} : { dailyLimit: input.dailyLimit }),
          ...(input.monthlyLimit === undefined ? {} : { monthlyLimit: input.monthlyLimit }),
          ...(input.rateLimit === undefined ? {} : { rateLimit: input.rateLimit }),
          ...(input.ipAllowList === undefined ? {} : { ipAllowList: [...input.ipAllowList] }),
        },
        select: ORG_VIEW_SELECT,
      });
    } catch (error) {
      throw extensionCodeRefusal(error, code) ?? error;
    }
    await recordAudit(tx, principal, {
      orgId: created.id,
      action: 'org.create',
      targetType: 'org',
      targetId: created.id,
      details: { parent_id: String(parent.id), name, kind: input.kind, extension_code: created.extensionCode },
    });
    return toOrgView(principal, created);
  });
}

function checkExtensionCode(code: string, parentCode: string | null): void {
  if (!/^[0-9]{1,12}$/.test(code)) {
    throw new ApiError('validation_error', 'extension_code: 1 to 12 digits', { field: 'extension_code' });
  }
  if (parentCode !== null && (!code.startsWith(parentCode) || code.length === parentCode.length)) {
    throw new ApiError(
      'validation_error',
      `extension_code: must extend the parent's code ${parentCode} by at least one digit`,
      { field: 'extension_code', parent_code: parentCode },
    );
  }
}
