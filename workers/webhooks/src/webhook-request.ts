import type { ClaimedWebhookDelivery, ClaimedWebhookRequest } from '@smshub/db';
import { SIGNATURE_HEADER, signWebhookBody } from './signature.js';

export const USER_AGENT = 'smshub-webhooks/1';
/** Sent with a batch: how many events its body holds. */
export const BATCH_SIZE_HEADER = 'smshub-batch-size';

export interface WebhookRequest {
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * What is POSTed for a claimed request. Single mode: the event `{ id, event, created_at, data }`,
 * its id also in smshub-delivery and its name in smshub-event. Batch mode: `{ "events": [ … ] }`,
 * each element exactly the body single mode would send, in the order they were raised, their
 * number in smshub-batch-size. Either body is signed as a whole and is the same on every attempt
 * of the same deliveries (receivers dedupe on each event's `id`); only the signature's time
 * changes, since it is signed when sent.
 */
export function buildWebhookRequest(request: ClaimedWebhookRequest, sentAt: Date): WebhookRequest {
  const { target, deliveries } = request;
  const first = deliveries[0];
  if (first === undefined) throw new RangeError('buildWebhookRequest: a request without deliveries');
  let body: Buffer;
  let described: Record<string, string>;
  if (target.batchMaxEvents === null) {
    if (deliveries.length !== 1) {
      throw new RangeError(
        `buildWebhookRequest: endpoint ${target.endpointId} is in single mode, but the request has ${deliveries.length} deliveries`,
      );
    }
    body = Buffer.from(eventJson(first), 'utf8');
    described = { 'smshub-event': first.event, 'smshub-delivery': first.id.toString() };
  } else {
    // Joined as text: each event's JSON is exactly what single mode would send.
    body = Buffer.from(`{"events":[${deliveries.map(eventJson).join(',')}]}`, 'utf8');
    described = { [BATCH_SIZE_HEADER]: String(deliveries.length) };
  }
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'user-agent': USER_AGENT,
      ...described,
      [SIGNATURE_HEADER]: signWebhookBody(target.secret, body, Math.floor(sentAt.getTime() / 1000)),
    },
  };
}

function eventJson(delivery: ClaimedWebhookDelivery): string {
  return JSON.stringify({
    id: delivery.id.toString(),
    event: delivery.event,
    created_at: delivery.createdAt.toISOString(),
    data: delivery.payload,
  });
}
