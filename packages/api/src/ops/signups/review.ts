import type { OrgStatus } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { recordAudit } from '../audit.js';
import { sendPlatformSms } from '../auth/platform-sms.js';
import { requirePermission, type Principal } from '../principal.js';
import { visibleOrgsWhere } from '../visibility.js';
import { describeHits, findBarredHits, type BarredPartyView } from './barred.js';
import { readLicenceFile, uploadDirectory } from './licence.js';

/** The applications an operator sees: waiting ones, or those already decided. */
export const SIGNUP_STATUSES = ['pending', 'active', 'refused'] as const satisfies readonly OrgStatus[];
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];

export interface SignupSummary {
  readonly orgId: string;
  readonly status: OrgStatus;
  readonly companyName: string;
  readonly creditCode: string;
  readonly contactName: string;
  readonly contactPhone: string;
  readonly submittedAt: Date;
  readonly reviewedAt: Date | null;
  /** Hits on the barred list now (a party may be barred after applying). */
  readonly barredHits: readonly BarredPartyView[];
}

export interface SignupDetail extends SignupSummary {
  readonly contactIdNumber: string;
  readonly contactEmail: string | null;
  readonly licence: { readonly type: string; readonly bytes: number; readonly sha256: string };
  readonly reviewedBy: string | null;
  readonly refusalReason: string | null;
  /** What the barred list said when the org was reviewed, if it said anything. */
  readonly barredHitAtReview: string | null;
}

const identitySelect = {
  orgId: true,
  companyName: true,
  creditCode: true,
  contactName: true,
  contactIdNumber: true,
  contactPhone: true,
  contactEmail: true,
  licenceType: true,
  licenceBytes: true,
  licenceSha256: true,
  licencePath: true,
  barredHit: true,
  submittedAt: true,
  reviewedAt: true,
  reviewedById: true,
  refusalReason: true,
  org: { select: { status: true } },
} as const;

/** Applications in the principal's subtree with the given status, newest first, a page at a time. */
export async function listSignups(
  deps: ApiDeps,
  principal: Principal,
  input: { readonly status: SignupStatus; readonly page: number; readonly pageSize: number },
): Promise<{ total: number; items: SignupSummary[] }> {
  requirePermission(principal, 'signups:review');
  const where = { org: { ...visibleOrgsWhere(principal), status: input.status } };
  const [total, rows] = await Promise.all([
    deps.prisma.orgIdentity.count({ where }),
    deps.prisma.orgIdentity.findMany({
      where,
      select: identitySelect,
      orderBy: { submittedAt: input.status === 'pending' ? 'asc' : 'desc' },
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
  ]);
  const items = await Promise.all(
    rows.map(async (row) => ({
      orgId: String(row.orgId),
      status: row.org.status,
      companyName: row.companyName,
      creditCode: row.creditCode,
      contactName: row.contactName,
      contactPhone: row.contactPhone,
      submittedAt: row.submittedAt,
      reviewedAt: row.reviewedAt,
      barredHits: await findBarredHits(deps.prisma, row),
    })),
  );
  return { total, items };
}

async function loadVisible(deps: ApiDeps, principal: Principal, orgId: bigint) {
  const row = await deps.prisma.orgIdentity.findFirst({
    where: { orgId, org: visibleOrgsWhere(principal) },
    select: identitySelect,
  });
  if (row === null) throw ApiError.notFound('sign-up', String(orgId));
  return row;
}

export async function getSignup(
  deps: ApiDeps,
  principal: Principal,
  input: { readonly orgId: bigint },
): Promise<SignupDetail> {
  requirePermission(principal, 'signups:review');
  const row = await loadVisible(deps, principal, input.orgId);
  return {
    orgId: String(row.orgId),
    status: row.org.status,
    companyName: row.companyName,
    creditCode: row.creditCode,
    contactName: row.contactName,
    contactIdNumber: row.contactIdNumber,
    contactPhone: row.contactPhone,
    contactEmail: row.contactEmail,
    submittedAt: row.submittedAt,
    reviewedAt: row.reviewedAt,
    reviewedBy: row.reviewedById === null ? null : String(row.reviewedById),
    refusalReason: row.refusalReason,
    barredHitAtReview: row.barredHit,
    licence: { type: row.licenceType, bytes: row.licenceBytes, sha256: row.licenceSha256 },
    barredHits: await findBarredHits(deps.prisma, row),
  };
}

/** The uploaded licence, for the operator to look at (base64: it crosses tRPC as JSON). */
export async function getSignupLicence(
  deps: ApiDeps,
  principal: Principal,
  input: { readonly orgId: bigint },
): Promise<{ type: string; fileName: string; data: string }> {
  requirePermission(principal, 'signups:review');
  const row = await loadVisible(deps, principal, input.orgId);
  const bytes = await readLicenceFile(uploadDirectory(), row.licencePath);
  const extension = row.licencePath.slice(row.licencePath.lastIndexOf('.') + 1);
  return { type: row.licenceType, fileName: `licence-${row.creditCode}.${extension}`, data: bytes.toString('base64') };
}

export interface ReviewResult {
  readonly orgId: string;
  readonly status: 'active' | 'refused';
  /** False when the text to the applicant could not be sent (the decision stands; it is logged). */
  readonly applicantNotified: boolean;
}

export async function approveSignup(
  deps: ApiDeps,
  principal: Principal,
  input: { readonly orgId: bigint },
): Promise<ReviewResult> {
  return decide(deps, principal, input.orgId, { status: 'active', reason: null });
}

export async function refuseSignup(
  deps: ApiDeps,
  principal: Principal,
  input: { readonly orgId: bigint; readonly reason: string },
): Promise<ReviewResult> {
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 500) {
    throw new ApiError('validation_error', 'reason: say why, in 2 to 500 characters', {
      part: 'body',
      issues: [{ path: 'reason', code: reason.length < 2 ? 'too_small' : 'too_big', message: '2 to 500 characters' }],
      issue_count: 1,
    });
  }
  return decide(deps, principal, input.orgId, { status: 'refused', reason });
}

/**
 * One decision on a pending application: the org's status changes only from pending (a guard in
 * the UPDATE, so two operators deciding at once cannot both win), the identity row records who
 * and when, the audit row commits with it; the applicant is told by SMS afterwards. Approval is
 * refused while the company or person is on the barred list (added after they applied).
 */
async function decide(
  deps: ApiDeps,
  principal: Principal,
  orgId: bigint,
  decision: { readonly status: 'active' | 'refused'; readonly reason: string | null },
): Promise<ReviewResult> {
  requirePermission(principal, 'signups:review');
  const row = await loadVisible(deps, principal, orgId);
  if (row.org.status !== 'pending') {
    throw new ApiError('already_reviewed', `this application was already decided (${row.org.status})`, {
      status: row.org.status,
    });
  }
  const hits = await findBarredHits(deps.prisma, row);
  if (decision.status === 'active' && hits.length > 0) {
    throw new ApiError('signup_barred', 'the company or the contact person is on the barred list: refuse it', {
      kinds: [...new Set(hits.map((hit) => hit.kind))],
    });
  }
  const reviewerId = principal.actor.kind === 'user' ? principal.actor.userId : null;
  const now = deps.now();
  await deps.prisma.$transaction(async (tx) => {
    const changed = await tx.org.updateMany({
      where: { id: orgId, status: 'pending' },
      data: { status: decision.status },
    });
    if (changed.count === 0) throw new ApiError('already_reviewed', 'this application was decided meanwhile');
    await tx.orgIdentity.update({
      where: { orgId },
      data: {
        reviewedAt: now,
        reviewedById: reviewerId,
        refusalReason: decision.reason,
        barredHit: hits.length > 0 ? describeHits(hits) : null,
      },
    });
    await recordAudit(tx, principal, {
      orgId,
      action: decision.status === 'active' ? 'signup.approve' : 'signup.refuse',
      targetType: 'org',
      targetId: orgId,
      details: { companyName: row.companyName, creditCode: row.creditCode, reason: decision.reason },
    });
  });

  const log = deps.logger.child({
    operation: `signups.${decision.status === 'active' ? 'approve' : 'refuse'}`,
    org: String(orgId),
  });
  let applicantNotified = true;
  try {
    await sendPlatformSms(deps, log, {
      to: row.contactPhone,
      businessType: 'notification',
      purpose: 'sign-up decision',
      text:
        decision.status === 'active'
          ? `【smshub】${row.companyName} 的注册申请已通过审核，现在可以登录使用。`
          : `【smshub】${row.companyName} 的注册申请未通过审核，原因：${decision.reason ?? ''}`,
    });
  } catch (error) {
    applicantNotified = false;
    log.error({ err: error }, 'sign-up decision: the applicant could not be told by SMS');
  }
  return { orgId: String(orgId), status: decision.status, applicantNotified };
}
