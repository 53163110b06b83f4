import type { ClaimedWebhookRequest, RecordWebhookDeliveryInput, WebhookDeliveryResult } from '@smshub/db';
import type { Logger } from 'pino';
import type { PostOutcome, WebhookPoster } from './post-webhook.js';
import { nextAttemptsAfterFailure } from './retry-schedule.js';
import { buildWebhookRequest } from './webhook-request.js';

export interface AttemptDeps {
  readonly poster: WebhookPoster;
  /** Writes results and says which were written (the rest belong to a newer claim now). */
  readonly record: (results: readonly RecordWebhookDeliveryInput[]) => Promise<ReadonlySet<bigint>>;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly random: () => number;
}

/**
 * What one attempt at a request came to, for each of its deliveries: all delivered on a 2xx, all
 * tried again together otherwise (those whose 24 h are over fail), all failed without a request
 * when the endpoint was disabled (`outcome` null). Pure, so every case is testable without a
 * database or a receiver.
 */
export function resultsOfAttempt(
  request: ClaimedWebhookRequest,
  outcome: PostOutcome | null,
  now: Date,
  random: () => number,
): RecordWebhookDeliveryInput[] {
  const { deliveries } = request;
  const each = (result: (index: number) => WebhookDeliveryResult) =>
    deliveries.map((delivery, index) => ({ id: delivery.id, attempt: delivery.attempt, result: result(index), now }));

  // Events raised while an endpoint is disabled are never written; those written before it was
  // disabled are not sent either, so "disabled" means "no more requests" without exception.
  if (outcome === null)
    return each(() => ({ status: 'failed', statusCode: null, error: 'endpoint disabled; not sent' }));
  if (outcome.delivered) return each(() => ({ status: 'delivered', statusCode: outcome.statusCode }));
  const next = nextAttemptsAfterFailure({ deliveries, now, random });
  return each((index) => {
    const at = next[index] ?? null;
    return at === null
      ? {
          status: 'failed',
          statusCode: outcome.statusCode,
          error: `${outcome.error} (retries over: 24 h since the event)`,
        }
      : { status: 'pending', statusCode: outcome.statusCode, error: outcome.error, nextAttemptAt: at };
  });
}

/**
 * One attempt at a claimed request: POST it (unless its endpoint was disabled meanwhile), decide
 * for each delivery, and record that. Throws only when the results cannot be recorded; the
 * deliveries then fall due again when their lease runs out.
 */
export async function attemptRequest(request: ClaimedWebhookRequest, deps: AttemptDeps): Promise<void> {
  const { target, deliveries } = request;
  const outcome = target.enabled
    ? await deps.poster.post(target.url, buildWebhookRequest(request, deps.clock()))
    : null;
  const results = resultsOfAttempt(request, outcome, deps.clock(), deps.random);
  const recorded = await deps.record(results);

  // Bindings only for a line that is written: at thousands of events a second, a child logger per
  // request is a cost of its own.
  const first = deliveries[0]!;
  const about = () => ({
    delivery: first.id.toString(),
    ...(deliveries.length > 1 ? { deliveries: deliveries.length } : {}),
    endpoint: target.endpointId.toString(),
    org: target.orgId.toString(),
    event: first.event,
    attempt: first.attempt,
  });
  const stale = results.filter((result) => !recorded.has(result.id));
  if (stale.length > 0) {
    // The lease ran out before this attempt ended and another worker holds those rows now.
    deps.logger.warn(
      { ...about(), notRecorded: stale.length, status: stale[0]!.result.status },
      'webhook attempt outlived its claim; its result was not recorded',
    );
  }
  const result = results[0]!.result;
  if (result.status === 'delivered') {
    // The delivery log is the row itself; a line per delivered event would cost more than the event.
    if (deps.logger.isLevelEnabled('debug'))
      deps.logger.debug({ ...about(), statusCode: result.statusCode }, 'webhook delivered');
  } else if (result.status === 'pending') {
    deps.logger.warn(
      {
        ...about(),
        statusCode: result.statusCode,
        error: result.error,
        nextAttemptAt: result.nextAttemptAt.toISOString(),
      },
      'webhook attempt failed; will retry',
    );
  } else {
    deps.logger.error(
      { ...about(), statusCode: result.statusCode, error: result.error },
      'webhook delivery failed for good',
    );
  }
}
