import { formatLi } from '@smshub/core';
import type { MessageView } from '@smshub/db';
import type { Message } from '../schemas.js';

/** A stored message as the API shows it. */
export function messageResource(message: MessageView): Message {
  return {
    id: String(message.id),
    org_id: String(message.orgId),
    campaign_id: message.campaignId === null ? null : String(message.campaignId),
    business_type: message.businessTypeCode,
    to: message.recipient,
    carrier: message.carrierCode,
    text: message.text,
    encoding: message.encoding,
    segments: message.segmentCount,
    price: formatLi(message.price),
    price_li: Number(message.price),
    status: message.status,
    status_detail: message.statusDetail,
    error_code: message.errorCode,
    attempts: message.attempts,
    send_at: message.sendAt.toISOString(),
    expires_at: message.expiresAt.toISOString(),
    created_at: message.createdAt.toISOString(),
    submitted_at: message.submittedAt?.toISOString() ?? null,
    final_at: message.finalAt?.toISOString() ?? null,
    delivery_attempts: [...message.deliveryAttempts],
  };
}
