import type { WebhookDelivery as WebhookDeliveryRow, WebhookEndpoint } from '@smshub/db';
import type { Webhook, WebhookDelivery } from '../schemas.js';

/** An endpoint as the API shows it: never with its secret (only the create answer carries that). */
export function webhookResource(endpoint: WebhookEndpoint): Webhook {
  return {
    id: String(endpoint.id),
    org_id: String(endpoint.orgId),
    url: endpoint.url,
    events: endpoint.events,
    delivery:
      endpoint.batchMaxEvents === null ? { mode: 'single' } : { mode: 'batch', max_events: endpoint.batchMaxEvents },
    enabled: endpoint.enabled,
    created_at: endpoint.createdAt.toISOString(),
  };
}

/** A delivery log row; the payload stays out (it is the event the customer already received or will). */
export function deliveryResource(delivery: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: String(delivery.id),
    event: delivery.event,
    status: delivery.status,
    attempts: delivery.attempts,
    last_status_code: delivery.lastStatusCode,
    last_error: delivery.lastError,
    next_attempt_at: delivery.nextAttemptAt.toISOString(),
    created_at: delivery.createdAt.toISOString(),
    delivered_at: delivery.deliveredAt?.toISOString() ?? null,
  };
}
