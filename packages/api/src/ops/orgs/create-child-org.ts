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
  /**
   * li a postpaid org may owe before intake refuses it. Only the platform extends credit: an
   * admin below it could otherwise let its own children send on money nobody holds.
   */
  readonly creditLimit?: bigint;
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
  const billingMode = input.billingMode ?? 'prepaid';
  const creditLimit = input.creditLimit ?? 0n;
  checkCreditLimit(principal, billingMode, creditLimit);
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
          billingMode,
          creditLimit,
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
      details: {
        parent_id: String(parent.id),
        name,
        kind: input.kind,
        extension_code: created.extensionCode,
        billing_mode: billingMode,
        credit_limit_li: String(creditLimit),
      },
    });
    return toOrgView(principal, created);
  });
}

/** Credit is for postpaid orgs, within what a bigint column and a person's typing can mean, and the platform's to give. */
export function checkCreditLimit(principal: Principal, billingMode: BillingMode, creditLimit: bigint): void {
  if (creditLimit === 0n) return;
  if (creditLimit < 0n || creditLimit > MAX_CREDIT_LIMIT_LI) {
    throw new ApiError('validation_error', `credit_limit: 0 to ${MAX_CREDIT_LIMIT_LI} li`, { field: 'credit_limit' });
  }
  if (billingMode !== 'postpaid') {
    throw new ApiError('validation_error', 'credit_limit: only a postpaid org has a credit line', {
      field: 'credit_limit',
      billing_mode: billingMode,
    });
  }
  if (principal.orgKind !== 'platform') {
    throw new ApiError(
      'permission_denied',
      'only the platform extends credit: create the org prepaid or without a credit line',
      {
        field: 'credit_limit',
      },
    );
  }
}

/** 1,000,000,000 CNY: more than any contract, far below where li overflow. */
export const MAX_CREDIT_LIMIT_LI = 1_000_000_000_000n;

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
