import { recordDeliveryResult, type ClaimedWebhookDelivery, type WebhookDeliveryResult } from '@smshub/db';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { WebhookPoster } from './post-webhook.js';
import { nextAttemptAfterFailure } from './retry-schedule.js';
import { buildWebhookRequest } from './webhook-request.js';

export interface AttemptDeps {
  readonly pool: pg.Pool;
  readonly poster: WebhookPoster;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly random: () => number;
}

/**
 * One attempt at a claimed delivery: POST it (unless its endpoint was disabled meanwhile), decide
 * delivered / again later / failed, and record that on the row. Throws only when the result cannot
 * be recorded; the row then falls due again when its lease runs out.
 */
export async function attemptDelivery(
  delivery: ClaimedWebhookDelivery,
  deps: AttemptDeps,
): Promise<WebhookDeliveryResult> {
  const log = deps.logger.child({
    delivery: delivery.id.toString(),
    endpoint: delivery.endpointId.toString(),
    org: delivery.orgId.toString(),
    event: delivery.event,
    attempt: delivery.attempt,
  });

  let result: WebhookDeliveryResult;
  if (!delivery.endpointEnabled) {
    // Events raised while an endpoint is disabled are never written; those written before it was
    // disabled are not sent either, so "disabled" means "no more requests" without exception.
    result = { status: 'failed', statusCode: null, error: 'endpoint disabled; not sent' };
  } else {
    const outcome = await deps.poster.post(delivery.url, buildWebhookRequest(delivery, deps.clock()));
    if (outcome.delivered) {
      result = { status: 'delivered', statusCode: outcome.statusCode };
    } else {
      const nextAttemptAt = nextAttemptAfterFailure({
        attempt: delivery.attempt,
        createdAt: delivery.createdAt,
        now: deps.clock(),
        random: deps.random,
      });
      result =
        nextAttemptAt === null
          ? {
              status: 'failed',
              statusCode: outcome.statusCode,
              error: `${outcome.error} (retries over: 24 h since the event)`,
            }
          : { status: 'pending', statusCode: outcome.statusCode, error: outcome.error, nextAttemptAt };
    }
  }

  const recorded = await recordDeliveryResult(deps.pool, {
    id: delivery.id,
    attempt: delivery.attempt,
    result,
    now: deps.clock(),
  });
  if (!recorded) {
    // The lease ran out before this attempt ended and another worker holds the row now.
    log.warn({ status: result.status }, 'webhook attempt outlived its claim; its result was not recorded');
  } else if (result.status === 'delivered') {
    log.info({ statusCode: result.statusCode }, 'webhook delivered');
  } else if (result.status === 'pending') {
    log.warn(
      { statusCode: result.statusCode, error: result.error, nextAttemptAt: result.nextAttemptAt.toISOString() },
      'webhook attempt failed; will retry',
    );
  } else {
    log.error({ statusCode: result.statusCode, error: result.error }, 'webhook delivery failed for good');
  }
  return result;
}
