import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { classifyRecipients, normalizeRecipients } from '../../v1/messages/recipients.js';

/** What smshub itself says to people: codes, and the answer to a sign-up. */
export interface PlatformSms {
  readonly to: string;
  readonly text: string;
  readonly businessType: 'verification' | 'notification';
  /** The campaign's name in the platform org's message list (e.g. "sign-in code"). */
  readonly purpose: string;
}

export interface PlatformSmsSent {
  readonly messageId: bigint;
  readonly campaignId: bigint;
}

/**
 * Sends one text as the platform org, through the same intake every customer's message takes
 * (reference data and blacklist, group-committed store and charge, dispatch after commit), so a
 * code goes out on the same channels, is retried and reported like any message, and shows in the
 * platform's own message list. Throws `sms_not_sent` when intake refuses it (a number no carrier
 * serves, a blacklisted number, the platform's own credit limit reached).
 */
export async function sendPlatformSms(deps: ApiDeps, log: Logger, sms: PlatformSms): Promise<PlatformSmsSent> {
  const platform = await deps.prisma.org.findFirst({
    where: { kind: 'platform', parentId: null },
    orderBy: { id: 'asc' },
    select: { id: true, path: true },
  });
  if (platform === null) throw new Error('platform sms: there is no platform org (run the base seed)');
  const recipients = [{ to: sms.to, text: sms.text }];
  const numbers = normalizeRecipients(recipients);
  const reference = await deps.intakeReferences.load({
    orgId: platform.id,
    orgPath: platform.path,
    businessTypeCode: sms.businessType,
    nationalNumbers: numbers.nationalNumbers,
    blacklistCandidates: numbers.blacklistCandidates,
  });
  if (reference.businessType === null) {
    throw new Error(`platform sms: business type ${sms.businessType} is missing (run the base seed)`);
  }
  const businessType = reference.businessType;
  const { accepted, rejections } = classifyRecipients(recipients, numbers, { ...reference, businessType });
  const first = accepted[0];
  if (first === undefined) {
    const rejection = rejections[0];
    throw new ApiError('sms_not_sent', `no text could be sent to ${sms.to}: ${rejection?.message ?? 'refused'}`, {
      reason: rejection?.reason ?? null,
    });
  }
  const sendAt = deps.now();
  const outcome = await deps.intakeCommitter.store({
    orgId: platform.id,
    businessTypeId: businessType.id,
    clientRef: null,
    requestHash: createHash('sha256')
      .update(JSON.stringify(['platform', sms.purpose, sms.to]))
      .digest('hex'),
    name: sms.purpose,
    commonText: null,
    sendAt,
    expiresAt: new Date(sendAt.getTime() + businessType.validitySeconds * 1000),
    extension: null,
    recipientCount: 1,
    rejections: [],
    messages: [first.message],
  });
  if (outcome.kind !== 'stored') {
    log.error({ outcome: outcome.kind }, 'platform sms: intake refused the platform org’s own message');
    throw new ApiError(
      'sms_not_sent',
      outcome.kind === 'refused'
        ? 'the platform cannot send text messages just now (its credit limit is reached); try again later'
        : 'the text was not sent; try again',
    );
  }
  const messageId = outcome.messageIds[0] as bigint;
  log.info({ msgId: String(messageId), purpose: sms.purpose }, 'platform sms: stored');
  await deps.intakeDispatch.afterCommit(log, {
    campaignId: outcome.campaignId,
    messageIds: outcome.messageIds,
    sendAt,
    businessPriority: businessType.priority,
  });
  return { messageId, campaignId: outcome.campaignId };
}
