import type { MessageErrorCode } from '../message-errors.js';
import type { MessageStatus, WebhookDeliveryStatus } from '../generated/prisma/enums.js';
import type { Queryable } from './queryable.js';

/**
 * The webhook outbox (docs/decisions/0004-webhooks-outbox.md). webhook_deliveries rows are written
 * in the same transaction as the status change or MO that causes them, claimed by the webhooks
 * worker with FOR UPDATE SKIP LOCKED under a lease, and are themselves the delivery log the API
 * shows. Nothing here opens a transaction: the caller's transaction is the unit.
 */

/** Every session the webhooks worker holds LISTENs here; one NOTIFY per inserting statement. */
export const WEBHOOK_NOTIFY_CHANNEL = 'smshub_webhooks';
/** webhook_deliveries.event is VARCHAR(64). */
export const WEBHOOK_EVENT_NAME_MAX_LENGTH = 64;
/** last_error is cut to this many characters: a customer's error page is not worth more. */
export const WEBHOOK_LAST_ERROR_MAX_LENGTH = 1000;

export const WEBHOOK_EVENT_NAMES = ['message.status', 'mo.received'] as const;
/** The events smshub raises; any other string is allowed for events added later. */
export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number] | (string & Record<never, never>);

export interface WebhookEvent {
  readonly orgId: bigint;
  readonly event: WebhookEventName;
  /** JSON-serialisable: bigint ids must already be strings (the builders below do that). */
  readonly payload: object;
}

// ───────────────────────────── payloads ─────────────────────────────

/** `data` of a message.status delivery: ids as strings, times ISO 8601 in UTC. */
export interface WebhookMessageStatusPayload {
  readonly message_id: string;
  readonly campaign_id: string | null;
  readonly client_ref: string | null;
  readonly to: string;
  readonly status: MessageStatus;
  readonly error_code: MessageErrorCode | null;
  readonly segments: number;
  readonly price_li: number;
  readonly submitted_at: string | null;
  readonly final_at: string | null;
  readonly org_id: string;
  /**
   * Every send of the message, first to last (more than one after outcome failover: a report of
   * network trouble sent it again through another channel); the last one is the final outcome.
   */
  readonly attempts: readonly WebhookAttempt[];
}

/** One send of a message, as the API and webhooks show it. */
export interface WebhookAttempt {
  readonly attempt: number;
  readonly channel_id: string | null;
  readonly status: MessageStatus;
  /** From the one table (MESSAGE_ERRORS), as the message's own error_code. */
  readonly error_code: MessageErrorCode | null;
  /**
   * The carrier's report code of a failed-over attempt; the final attempt's is in the message's
   * status_detail.
   */
  readonly report_code: string | null;
  readonly submitted_at: string | null;
  readonly final_at: string | null;
}

export interface WebhookMessageStatusFacts {
  readonly messageId: bigint;
  readonly orgId: bigint;
  readonly campaignId: bigint | null;
  readonly clientRef: string | null;
  readonly recipient: string;
  readonly status: MessageStatus;
  readonly errorCode: MessageErrorCode | null;
  readonly segmentCount: number;
  /** li charged for the whole message. */
  readonly price: bigint;
  readonly submittedAt: Date | null;
  readonly finalAt: Date | null;
  /** Every send, first to last; absent: none recorded. */
  readonly attempts?: readonly WebhookAttempt[];
}

export function buildMessageStatusPayload(facts: WebhookMessageStatusFacts): WebhookMessageStatusPayload {
  return {
    message_id: facts.messageId.toString(),
    campaign_id: facts.campaignId === null ? null : facts.campaignId.toString(),
    client_ref: facts.clientRef,
    to: facts.recipient,
    status: facts.status,
    error_code: facts.errorCode,
    segments: facts.segmentCount,
    price_li: priceAsNumber(facts.price, facts.messageId),
    submitted_at: facts.submittedAt === null ? null : facts.submittedAt.toISOString(),
    final_at: facts.finalAt === null ? null : facts.finalAt.toISOString(),
    org_id: facts.orgId.toString(),
    attempts: facts.attempts ?? [],
  };
}

/** `data` of a mo.received delivery. */
export interface WebhookMoReceivedPayload {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly keyword: string | null;
  readonly received_at: string;
  readonly org_id: string;
}

export interface WebhookMoReceivedFacts {
  readonly moId: bigint;
  readonly orgId: bigint;
  readonly fromNumber: string;
  /** The SP number followed by the extension the subscriber replied to. */
  readonly toNumber: string;
  readonly text: string;
  readonly keyword: string | null;
  readonly receivedAt: Date;
}

export function buildMoReceivedPayload(facts: WebhookMoReceivedFacts): WebhookMoReceivedPayload {
  return {
    id: facts.moId.toString(),
    from: facts.fromNumber,
    to: facts.toNumber,
    text: facts.text,
    keyword: facts.keyword,
    received_at: facts.receivedAt.toISOString(),
    org_id: facts.orgId.toString(),
  };
}

/** A message's price is a few li per segment; a JSON number holds it exactly up to 2^53. */
function priceAsNumber(price: bigint, messageId: bigint): number {
  if (price > BigInt(Number.MAX_SAFE_INTEGER) || price < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(
      `webhook payload for message ${messageId}: price ${price} li is beyond a JSON number's exact range`,
    );
  }
  return Number(price);
}

// ───────────────────────────── outbox: insert ─────────────────────────────

/**
 * One delivery per (enabled endpoint of the event's org whose `events` is empty or names the
 * event, event), in ONE statement for the whole batch, on whatever session the caller passes, so
 * inside the caller's transaction the deliveries exist exactly when their cause commits. The same
 * statement NOTIFYs the workers once (PostgreSQL delivers it at commit, and not at all on
 * rollback). Returns the number of deliveries written; an empty batch runs nothing.
 */
export async function insertWebhookEvents(db: Queryable, events: readonly WebhookEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const orgIds: string[] = [];
  const names: string[] = [];
  const payloads: string[] = [];
  for (const [index, { orgId, event, payload }] of events.entries()) {
    if (event.length === 0 || event.length > WEBHOOK_EVENT_NAME_MAX_LENGTH) {
      throw new RangeError(
        `insertWebhookEvents: event #${index} (org ${orgId}) has a name of ${event.length} characters; 1–${WEBHOOK_EVENT_NAME_MAX_LENGTH} fit`,
      );
    }
    orgIds.push(orgId.toString());
    names.push(event);
    payloads.push(payloadJson(payload, index, orgId, event));
  }

  const result = await db.query<{ inserted: number }>(
    `WITH event AS (
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[]) WITH ORDINALITY AS e(org_id, name, payload, ord)
     ), inserted AS (
       INSERT INTO webhook_deliveries (endpoint_id, event, payload)
       SELECT endpoint.id, event.name, event.payload::jsonb
         FROM event
         JOIN webhook_endpoints endpoint
           ON endpoint.org_id = event.org_id
          AND endpoint.enabled
          AND (cardinality(endpoint.events) = 0 OR event.name = ANY (endpoint.events))
        ORDER BY event.ord, endpoint.id
       RETURNING 1
     )
     SELECT count(*)::int AS inserted,
            CASE WHEN count(*) > 0 THEN pg_notify('${WEBHOOK_NOTIFY_CHANNEL}', '') END AS notified
       FROM inserted`,
    [orgIds, names, payloads],
  );
  return result.rows[0]?.inserted ?? 0;
}

/**
 * jsonb cannot hold U+0000, and one such character (a UCS-2 MO can carry it) would fail the whole
 * flush transaction of the caller; it becomes U+FFFD, the usual stand-in for an unusable character.
 */
function payloadJson(payload: object, index: number, orgId: bigint, event: string): string {
  try {
    return JSON.stringify(payload, (_key, value: unknown) =>
      typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value,
    );
  } catch (error) {
    throw new TypeError(
      `insertWebhookEvents: payload of event #${index} (${event}, org ${orgId}) is not JSON: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
}

// ───────────────────────────── outbox: claim ─────────────────────────────

/** A delivery a worker holds the lease on, with where and how to send it. */
export interface ClaimedWebhookDelivery {
  readonly id: bigint;
  readonly event: string;
  readonly payload: unknown;
  /** This attempt's number (1 for the first); recordDeliveryResult needs it back. */
  readonly attempt: number;
  readonly createdAt: Date;
  readonly endpointId: bigint;
  readonly orgId: bigint;
  readonly url: string;
  readonly secret: string;
  /** The endpoint may have been disabled after the delivery was written. */
  readonly endpointEnabled: boolean;
}

export interface ClaimDeliveriesOptions {
  readonly limit: number;
  /**
   * How long the claim holds. The row's next_attempt_at moves this far ahead, so a row whose
   * worker died becomes due again by itself; it must outlast one request by a good margin, or a
   * slow request and its second claim would both send.
   */
  readonly lockMs: number;
  /** The clock of the claim; the database's when absent. */
  readonly now?: Date;
}

/** BIGINT is a bigint on createPool's pools and a string on a plain pg one; BigInt() takes both. */
interface ClaimedRow {
  id: bigint | string;
  event: string;
  payload: unknown;
  attempts: number;
  created_at: Date;
  endpoint_id: bigint | string;
  org_id: bigint | string;
  url: string;
  secret: string;
  enabled: boolean;
}

/**
 * Claims up to `limit` pending deliveries that are due, oldest due first, in one statement.
 * SKIP LOCKED lets any number of workers claim at once without waiting for or taking each
 * other's rows. A claim counts as an attempt (attempts + 1): it may reach the customer even if
 * its worker dies before recording the result, and the count fences that worker's late result
 * out once another worker has claimed the row again.
 */
export async function claimDueDeliveries(
  db: Queryable,
  options: ClaimDeliveriesOptions,
): Promise<ClaimedWebhookDelivery[]> {
  if (!Number.isInteger(options.limit) || options.limit < 1) {
    throw new RangeError(`claimDueDeliveries: limit ${options.limit} is not a positive integer`);
  }
  if (!Number.isInteger(options.lockMs) || options.lockMs < 1) {
    throw new RangeError(`claimDueDeliveries: lockMs ${options.lockMs} is not a positive integer`);
  }
  const result = await db.query<ClaimedRow>(
    `WITH clock AS (
       SELECT COALESCE($1::timestamptz, now()) AS now
     ), due AS (
       SELECT delivery.id
         FROM webhook_deliveries delivery, clock
        WHERE delivery.status = 'pending' AND delivery.next_attempt_at <= clock.now
        ORDER BY delivery.next_attempt_at, delivery.id
        LIMIT $2
          FOR UPDATE OF delivery SKIP LOCKED
     )
     UPDATE webhook_deliveries delivery
        SET attempts = delivery.attempts + 1,
            next_attempt_at = clock.now + make_interval(secs => $3::double precision / 1000),
            last_status_code = NULL,
            last_error = format('attempt %s: no result recorded (in flight, or its worker stopped)', delivery.attempts + 1)
       FROM due, clock, webhook_endpoints endpoint
      WHERE delivery.id = due.id AND endpoint.id = delivery.endpoint_id
     RETURNING delivery.id, delivery.event, delivery.payload, delivery.attempts, delivery.created_at,
               endpoint.id AS endpoint_id, endpoint.org_id, endpoint.url, endpoint.secret, endpoint.enabled`,
    [options.now ?? null, options.limit, options.lockMs],
  );
  return result.rows.map((row) => ({
    id: BigInt(row.id),
    event: row.event,
    payload: row.payload,
    attempt: row.attempts,
    createdAt: row.created_at,
    endpointId: BigInt(row.endpoint_id),
    orgId: BigInt(row.org_id),
    url: row.url,
    secret: row.secret,
    endpointEnabled: row.enabled,
  }));
}

// ───────────────────────────── outbox: record ─────────────────────────────

/** What one attempt came to: delivered, to be tried again at a time, or given up. */
export type WebhookDeliveryResult =
  | { readonly status: Extract<WebhookDeliveryStatus, 'delivered'>; readonly statusCode: number }
  | {
      readonly status: Extract<WebhookDeliveryStatus, 'pending'>;
      readonly statusCode: number | null;
      readonly error: string;
      readonly nextAttemptAt: Date;
    }
  | {
      readonly status: Extract<WebhookDeliveryStatus, 'failed'>;
      readonly statusCode: number | null;
      readonly error: string;
    };

export interface RecordWebhookDeliveryInput {
  readonly id: bigint;
  /** ClaimedWebhookDelivery.attempt of the claim this result belongs to. */
  readonly attempt: number;
  readonly result: WebhookDeliveryResult;
  /** delivered_at; the database's clock when absent. */
  readonly now?: Date;
}

/**
 * Writes an attempt's result. False when the row has moved on without this worker (its lease ran
 * out and another worker claimed it again, or it is final already): then nothing is written.
 */
export async function recordDeliveryResult(db: Queryable, input: RecordWebhookDeliveryInput): Promise<boolean> {
  const { result } = input;
  const error = result.status === 'delivered' ? null : truncateDeliveryError(result.error);
  const nextAttemptAt = result.status === 'pending' ? result.nextAttemptAt : null;
  const updated = await db.query(
    `UPDATE webhook_deliveries
        SET status = $3::webhook_delivery_status,
            last_status_code = $4,
            last_error = $5,
            next_attempt_at = COALESCE($6::timestamptz, next_attempt_at),
            delivered_at = CASE WHEN $3 = 'delivered' THEN COALESCE($7::timestamptz, now()) END
      WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
    [input.id, input.attempt, result.status, result.statusCode, error, nextAttemptAt, input.now ?? null],
  );
  return updated.rowCount === 1;
}

/** Cut to WEBHOOK_LAST_ERROR_MAX_LENGTH without splitting a surrogate pair; NUL cannot be stored. */
export function truncateDeliveryError(error: string): string {
  const clean = error.includes('\u0000') ? error.replaceAll('\u0000', '\uFFFD') : error;
  if (clean.length <= WEBHOOK_LAST_ERROR_MAX_LENGTH) return clean;
  let end = WEBHOOK_LAST_ERROR_MAX_LENGTH - 1;
  const last = clean.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${clean.slice(0, end)}…`;
}
