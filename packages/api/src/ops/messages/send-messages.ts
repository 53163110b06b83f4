import { formatLi } from '@smshub/core';
import {
  findIntakeByClientRef,
  type IntakeBusinessType,
  type IntakeOutcome,
  type IntakeRejection,
  type StoredIntake,
} from '@smshub/db';
import type { Logger } from 'pino';
import { ApiError } from '../../v1/api-error.js';
import { admit, NO_LIMITS, rememberedLimits, type IntakeLimits, type Reservation } from '../../v1/auth/rate-limit.js';
import type { ApiDeps } from '../../v1/deps.js';
import {
  classifyRecipients,
  normalizeRecipients,
  type AcceptedRecipient,
  type Recipient,
} from '../../v1/messages/recipients.js';
import { requestHash } from '../../v1/messages/request-hash.js';
import { sendResult } from '../../v1/messages/send-result.js';
import {
  MAX_SCHEDULE_DAYS,
  type SendMessagesResponse,
  type SendPairsRequest,
  type SendTextRequest,
} from '../../v1/schemas.js';
import { refuseFrozenOrg } from '../billing/freeze-refusal.js';
import { requirePermission, type Principal } from '../principal.js';

/** messages.extension is VARCHAR(16): the org's code and the caller's digits together. */
const MAX_EXTENSION_LENGTH = 16;

export type SendMessagesRequest = SendTextRequest | SendPairsRequest;

/** What a send answers: 201 for a new intake, 200 (replayed) for a repeat of an earlier one. */
export interface SendMessagesOutcome {
  readonly replayed: boolean;
  readonly result: SendMessagesResponse;
}

/**
 * Sends a validated request as `principal`: check idempotency, hold it to the org's intake limits
 * and the key's rate (one Redis call), accept or reject each recipient, then store and charge in
 * one transaction — shared with the process's concurrent calls (group commit) — return only after
 * it commits, and enqueue what is due, coalesced with those calls too. Every refusal is an
 * ApiError; a refused request stores, charges and counts nothing.
 */
export async function sendMessages(
  deps: ApiDeps,
  principal: Principal,
  request: SendMessagesRequest,
  log: Logger = deps.logger,
): Promise<SendMessagesOutcome> {
  requirePermission(principal, 'messages:send');
  const hash = requestHash(request);
  const clientRef = request.client_ref ?? null;

  // Before any check that depends on the time or the org: a retry of a call that succeeded must
  // get its answer even when send_at has since passed or the org's extension code changed.
  if (clientRef !== null) {
    const earlier = await findIntakeByClientRef(deps.pool, principal.orgId, clientRef);
    if (earlier !== null) return replay(earlier, hash);
  }
  const { sendAt, extension, recipients } = checkRequest(deps, principal, request);
  // Known frozen when authenticated: refused even when this send would cost nothing (a free plan
  // or type), after a fresh read in case a recharge has thawed it since.
  if (principal.orgFrozen === true) await refuseFrozenOrg(deps, principal.orgId);
  // Before any read of the database: a caller past its limits costs one Redis call.
  const reservation = await admit(deps, principal.orgId, await limitsOf(deps, principal), recipients.length);
  try {
    return await store(deps, principal, log, { request, hash, clientRef, sendAt, extension, recipients, reservation });
  } catch (error) {
    // Refused or failed: nothing was stored, so nothing counts against the org's limits.
    await reservation.release().catch((releaseError: unknown) => {
      log.warn({ err: releaseError }, 'intake: limit reservation not given back');
    });
    throw error;
  }
}

/** What a request says before anything is read: when, which digits after the SP number, to whom. */
export interface CheckedRequest {
  readonly sendAt: Date;
  readonly extension: string | null;
  readonly recipients: readonly Recipient[];
}

/** The checks of a request that need no database (send_at, extension): shared by send and quote. */
export function checkRequest(deps: ApiDeps, principal: Principal, request: SendMessagesRequest): CheckedRequest {
  const sendAt = effectiveSendAt(request.send_at, deps.now());
  const extension = messageExtension(principal, request.extension);
  const recipients: readonly Recipient[] =
    'messages' in request ? request.messages : request.to.map((to): Recipient => ({ to, text: request.text }));
  return { sendAt, extension, recipients };
}

/** The request's recipients accepted (each with carrier, encoding, segments and price) or rejected. */
export interface PricedRecipients {
  readonly businessType: IntakeBusinessType;
  readonly accepted: readonly AcceptedRecipient[];
  readonly rejections: readonly IntakeRejection[];
}

/**
 * The business type (enabled, entitled), portability, blacklist and prices — one coalesced read —
 * then each recipient accepted or rejected and priced: what sending and quoting both do. Throws
 * the ApiError a send would (unknown or not allowed type, every recipient rejected).
 */
export async function priceRecipients(
  deps: ApiDeps,
  principal: Principal,
  request: SendMessagesRequest,
  recipients: readonly Recipient[],
  sendAt: Date,
  clientRef: string | null,
): Promise<PricedRecipients> {
  const numbers = normalizeRecipients(recipients);
  const reference = await deps.intakeReferences.load({
    orgId: principal.orgId,
    orgPath: principal.orgPath,
    businessTypeCode: request.business_type,
    userId: principal.actor.kind === 'user' ? principal.actor.userId : null,
    nationalNumbers: numbers.nationalNumbers,
    blacklistCandidates: numbers.blacklistCandidates,
  });
  const businessType = reference.businessType;
  if (businessType === null) {
    throw new ApiError(
      'unknown_business_type',
      `business_type ${JSON.stringify(request.business_type)} is not one this platform offers`,
      {
        business_type: request.business_type,
      },
    );
  }

  if (businessType.notEntitled !== null) throw businessTypeNotAllowed(businessType.code, businessType.notEntitled);

  const { accepted, rejections } = classifyRecipients(recipients, numbers, { ...reference, businessType });
  if (accepted.length === 0) {
    const results = sendResult({
      campaignId: 0n,
      clientRef,
      businessType: businessType.code,
      sendAt,
      recipientCount: recipients.length,
      rejections,
      accepted: [],
    }).results;
    throw new ApiError(
      'all_recipients_rejected',
      `all ${recipients.length} recipients were rejected; nothing was stored or charged`,
      { results },
    );
  }
  return { businessType, accepted, rejections };
}

interface Prepared {
  readonly request: SendMessagesRequest;
  readonly hash: string;
  readonly clientRef: string | null;
  readonly sendAt: Date;
  readonly extension: string | null;
  readonly recipients: readonly Recipient[];
  readonly reservation: Reservation;
}

async function store(
  deps: ApiDeps,
  principal: Principal,
  log: Logger,
  prepared: Prepared,
): Promise<SendMessagesOutcome> {
  const { request, hash, clientRef, sendAt, extension, recipients, reservation } = prepared;
  const { businessType, accepted, rejections } = await priceRecipients(
    deps,
    principal,
    request,
    recipients,
    sendAt,
    clientRef,
  );

  const outcome = await deps.intakeCommitter.store({
    orgId: principal.orgId,
    businessTypeId: businessType.id,
    clientRef,
    requestHash: hash,
    name: clientRef === null ? 'API call' : `API ${clientRef}`,
    commonText: 'text' in request ? request.text : null,
    sendAt,
    expiresAt: new Date(sendAt.getTime() + businessType.validitySeconds * 1000),
    extension,
    recipientCount: recipients.length,
    rejections,
    messages: accepted.map((recipient) => recipient.message),
  });

  if (outcome.kind === 'duplicate') {
    // A concurrent call with the same client_ref committed while this one was being prepared.
    const winner = await findIntakeByClientRef(deps.pool, principal.orgId, clientRef ?? '');
    if (winner === null) throw new Error(`intake: client_ref ${clientRef} conflicted but no campaign holds it`);
    // The winner's reservation counts; this one's is given back.
    await reservation.release();
    return replay(winner, hash);
  }
  // A charged send of a frozen org ends refused for want of money; this read tells it why.
  if (outcome.kind === 'refused') await refuseFrozenOrg(deps, principal.orgId);
  if (outcome.kind === 'refused') throw balanceError(outcome);
  if (rejections.length > 0 && !reservation.empty) {
    // Rejected recipients got no message: they do not count. Not awaited — the answer need not wait.
    reservation.release(rejections.length).catch((error: unknown) => {
      log.warn({ err: error }, 'intake: limit reservation of rejected recipients not given back');
    });
  }

  log.info(
    {
      campaign: String(outcome.campaignId),
      accepted: accepted.length,
      rejected: rejections.length,
      amountLi: String(outcome.amount),
    },
    'intake: stored',
  );
  await deps.intakeDispatch.afterCommit(log, {
    campaignId: outcome.campaignId,
    messageIds: outcome.messageIds,
    sendAt,
    businessPriority: businessType.priority,
  });

  return {
    replayed: false,
    result: sendResult({
      campaignId: outcome.campaignId,
      clientRef,
      businessType: businessType.code,
      sendAt,
      recipientCount: recipients.length,
      rejections,
      // What was charged (packs and plans may take less than the price), as a replay reads it back.
      accepted: accepted.map((recipient, i) => ({
        ...recipient.message,
        id: outcome.messageIds[i] as bigint,
        price: outcome.prices[i] ?? recipient.message.price,
      })),
    }),
  };
}

/**
 * The principal's limits: those authenticate read with its API key, or — a console user — its
 * org's, read now (console sends are few).
 */
async function limitsOf(deps: ApiDeps, principal: Principal): Promise<IntakeLimits> {
  const remembered = rememberedLimits(principal);
  if (remembered !== undefined) return remembered;
  const org = await deps.prisma.org.findUnique({
    where: { id: principal.orgId },
    select: { rateLimit: true, dailyLimit: true, monthlyLimit: true },
  });
  if (org === null) return NO_LIMITS;
  return { keyRate: null, orgRate: org.rateLimit, daily: org.dailyLimit, monthly: org.monthlyLimit };
}

/** The first call's answer again, if the repeat asks for the same thing. */
function replay(earlier: StoredIntake, hash: string): SendMessagesOutcome {
  if (earlier.requestHash !== hash) {
    throw new ApiError(
      'client_ref_conflict',
      `client_ref ${JSON.stringify(earlier.clientRef)} was already used for a different request (campaign ${earlier.campaignId}); use a new client_ref`,
      { campaign_id: String(earlier.campaignId) },
    );
  }
  const result = sendResult({
    campaignId: earlier.campaignId,
    clientRef: earlier.clientRef,
    businessType: earlier.businessTypeCode,
    sendAt: earlier.sendAt,
    recipientCount: earlier.recipientCount,
    rejections: earlier.rejections,
    accepted: earlier.messages,
  });
  return { replayed: true, result };
}

/** Past or absent means now; further ahead than MAX_SCHEDULE_DAYS is refused as a likely typo. */
function effectiveSendAt(given: string | undefined, now: Date): Date {
  if (given === undefined) return now;
  const at = new Date(given);
  if (at.getTime() - now.getTime() > MAX_SCHEDULE_DAYS * 86_400_000) {
    throw new ApiError('validation_error', `invalid body: send_at: at most ${MAX_SCHEDULE_DAYS} days ahead`, {
      part: 'body',
      issues: [{ path: 'send_at', code: 'too_big', message: `at most ${MAX_SCHEDULE_DAYS} days ahead` }],
      issue_count: 1,
    });
  }
  return at.getTime() < now.getTime() ? now : at;
}

/**
 * The digits after the SP number: the org's code, then the caller's. The database keeps codes
 * prefix-free between orgs that are not ancestor and descendant, so digits that begin with the
 * org's own code can only spell a number of the org or of an org below it. An org without a code
 * (only the platform root) has no number of its own to extend: its digits would be free to spell
 * any org's.
 */
function messageExtension(principal: Principal, callerDigits: string | undefined): string | null {
  if (principal.extensionCode === null && callerDigits !== undefined) {
    throw new ApiError(
      'validation_error',
      'invalid body: extension: your org has no extension code, so it cannot add digits after one',
      {
        part: 'body',
        issues: [{ path: 'extension', code: 'custom', message: 'your org has no extension code' }],
        issue_count: 1,
      },
    );
  }
  const extension = `${principal.extensionCode ?? ''}${callerDigits ?? ''}`;
  if (extension.length > MAX_EXTENSION_LENGTH) {
    throw new ApiError(
      'validation_error',
      `invalid body: extension: your org's code ${principal.extensionCode} leaves room for ${MAX_EXTENSION_LENGTH - (principal.extensionCode?.length ?? 0)} more digits`,
      {
        part: 'body',
        issues: [{ path: 'extension', code: 'too_big', message: 'too many digits' }],
        issue_count: 1,
      },
    );
  }
  return extension === '' ? null : extension;
}

/** Entitlements (org_business_types, user_business_types), resolved with the business type itself. */
function businessTypeNotAllowed(code: string, by: 'org' | 'user'): ApiError {
  return new ApiError(
    'business_type_not_allowed',
    by === 'org'
      ? `your org may not send business_type ${JSON.stringify(code)}; nothing was stored or charged`
      : `your account may not send business_type ${JSON.stringify(code)}; nothing was stored or charged`,
    { business_type: code, entitlement: by },
  );
}

export function balanceError(refusal: Extract<IntakeOutcome, { kind: 'refused' }>): ApiError {
  const money = {
    needed: formatLi(refusal.needed),
    needed_li: Number(refusal.needed),
    balance: formatLi(refusal.balance),
    balance_li: Number(refusal.balance),
  };
  if (refusal.billingMode === 'prepaid') {
    return new ApiError(
      'insufficient_balance',
      `the balance ${money.balance} yuan does not cover ${money.needed} yuan for this request; nothing was sent or charged`,
      money,
    );
  }
  return new ApiError(
    'credit_limit_exceeded',
    `${money.needed} yuan for this request would take the balance ${money.balance} yuan past the credit limit of ${formatLi(refusal.creditLimit)} yuan; nothing was sent or charged`,
    { ...money, credit_limit: formatLi(refusal.creditLimit), credit_limit_li: Number(refusal.creditLimit) },
  );
}
