import type { ClaimedWebhookDelivery } from '@smshub/db';
import { SIGNATURE_HEADER, signWebhookBody } from './signature.js';

export const USER_AGENT = 'smshub-webhooks/1';

export interface WebhookRequest {
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * What is POSTed for a delivery: `{ id, event, created_at, data }`. The body is the same on every
 * attempt (receivers dedupe on `id`, also sent as smshub-delivery); only the signature's time
 * changes, since it is signed when sent.
 */
export function buildWebhookRequest(delivery: ClaimedWebhookDelivery, sentAt: Date): WebhookRequest {
  const body = Buffer.from(
    JSON.stringify({
      id: delivery.id.toString(),
      event: delivery.event,
      created_at: delivery.createdAt.toISOString(),
      data: delivery.payload,
    }),
    'utf8',
  );
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'user-agent': USER_AGENT,
      'smshub-event': delivery.event,
      'smshub-delivery': delivery.id.toString(),
      [SIGNATURE_HEADER]: signWebhookBody(delivery.secret, body, Math.floor(sentAt.getTime() / 1000)),
    },
  };
}
