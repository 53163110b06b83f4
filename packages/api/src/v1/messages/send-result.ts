import { formatLi } from '@smshub/core';
import type { IntakeRejection, StoredRecipient } from '@smshub/db';
import type { RecipientResult, SendMessagesResponse } from '../schemas.js';

export interface SendResultInput {
  readonly campaignId: bigint;
  readonly clientRef: string | null;
  readonly businessType: string;
  readonly sendAt: Date;
  readonly recipientCount: number;
  readonly rejections: readonly IntakeRejection[];
  /** Accepted recipients in request order (ids ascending). */
  readonly accepted: readonly StoredRecipient[];
}

/**
 * The answer to POST /messages. Built the same way the first time and on a replay, from what
 * was stored: rejected recipients sit at their recorded positions, accepted ones fill the other
 * positions in id order (intake inserts in request order), so both answers are identical.
 */
export function sendResult(input: SendResultInput): SendMessagesResponse {
  const rejectedAt = new Map<number, IntakeRejection>();
  for (const rejection of input.rejections) rejectedAt.set(rejection.index, rejection);
  const results = new Array<RecipientResult>(input.recipientCount);
  let next = 0;
  let segments = 0;
  let amount = 0n;
  for (let index = 0; index < input.recipientCount; index++) {
    const rejection = rejectedAt.get(index);
    if (rejection !== undefined) {
      results[index] = {
        index,
        to: rejection.to,
        status: 'rejected',
        reason: rejection.reason as Extract<RecipientResult, { status: 'rejected' }>['reason'],
        message: rejection.message,
      };
      continue;
    }
    const message = input.accepted[next++];
    if (message === undefined) {
      throw new Error(
        `campaign ${input.campaignId}: ${input.recipientCount} recipients but only ${next - 1} messages and ${rejectedAt.size} rejections`,
      );
    }
    segments += message.segmentCount;
    amount += message.price;
    results[index] = {
      index,
      to: message.recipient,
      status: 'accepted',
      message_id: String(message.id),
      carrier: message.carrierCode ?? 'INTL',
      encoding: message.encoding === 'gsm7' ? 'gsm7' : 'ucs2',
      segments: message.segmentCount,
      price: formatLi(message.price),
      price_li: Number(message.price),
    };
  }
  return {
    campaign_id: String(input.campaignId),
    client_ref: input.clientRef,
    business_type: input.businessType,
    send_at: input.sendAt.toISOString(),
    accepted: next,
    rejected: input.recipientCount - next,
    segments,
    amount: formatLi(amount),
    amount_li: Number(amount),
    results,
  };
}
