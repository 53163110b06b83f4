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

export const WEBHOOK_EVENT_NAMES = ['message.status', 'mo.received', 'balance.low'] as const;
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

/** Delivery mode batch: events per POST at most (webhook_endpoints_batch_max_events_check), and the default. */
export const WEBHOOK_BATCH_MAX_EVENTS = 1000;
export const WEBHOOK_BATCH_DEFAULT_EVENTS = 100;

/** Where a claimed request goes and how. */
export interface WebhookTarget {
  readonly endpointId: bigint;
  readonly orgId: bigint;
  readonly url: string;
  readonly secret: string;
  /** The endpoint may have been disabled after its deliveries were written. */
  readonly enabled: boolean;
  /** Delivery mode batch: up to this many events per POST; null: one event per POST. */
  readonly batchMaxEvents: number | null;
}

/** A delivery a worker holds the lease on. */
export interface ClaimedWebhookDelivery {
  readonly id: bigint;
  readonly event: string;
  readonly payload: unknown;
  /** This attempt's number (1 for the first); recordDeliveryResults needs it back. */
  readonly attempt: number;
  readonly createdAt: Date;
}

/**
 * One POST's worth of claimed deliveries of one endpoint: one delivery for an endpoint in single
 * mode, up to its batchMaxEvents in batch mode, in the order they were raised (id order).
 */
export interface ClaimedWebhookRequest {
  readonly target: WebhookTarget;
  readonly deliveries: readonly ClaimedWebhookDelivery[];
}

export interface WebhookClaim {
  /** In due order of their first delivery. */
  readonly requests: readonly ClaimedWebhookRequest[];
  /**
   * More may be due now: the claim looked at as many due rows as it was allowed to (`window`),
   * or another worker's claim took some of those it chose. False: nothing else was due but what
   * other workers hold.
   */
  readonly moreDue: boolean;
  /** Another worker's claim took rows this one chose: trying again at once will find others. */
  readonly contended: boolean;
  /**
   * The due time of the first due row the claim looked at (null: none was due), and the claim's
   * clock. Rows not seen yet are either due later than the first one, or written by a transaction
   * still open when the claim ran — due at its start, so not long before `at` — and a caller may
   * pass `after` accordingly next time.
   */
  readonly oldestDue: Date | null;
  readonly at: Date;
}

export interface ClaimDeliveriesOptions {
  /** Requests at most: the caller's free request slots. */
  readonly limit: number;
  /**
   * How long the claim holds. The row's next_attempt_at moves this far ahead, so a row whose
   * worker died becomes due again by itself; it must outlast one request by a good margin, or a
   * slow request and its second claim would both send.
   */
  readonly lockMs: number;
  /** The clock of the claim; the database's when absent. */
  readonly now?: Date;
  /** Requests at most for each endpoint not in `endpointRoom`; `limit` when absent. */
  readonly perEndpoint?: number;
  /** Endpoints the caller has requests in flight to, and how many more each may take (0: none). */
  readonly endpointRoom?: ReadonlyMap<bigint, number>;
  /**
   * Due rows the statement looks at at most; `limit` when absent. A batch endpoint's request
   * takes up to its batch size of them, so a caller expecting batches passes more than `limit`.
   */
  readonly window?: number;
  /**
   * Due rows before this time are not looked at. The due index keeps an entry for every pending
   * version of a row (its first due time, each claim's lease) until a vacuum, all of them left of
   * the rows due now, so a walk from its start reads more with every event since the last one:
   * 2,000,000 such entries, 30 ms per claim. A worker passes a time before every row it may still
   * find (see WebhookClaim.oldestDue), and walks from the start now and then.
   */
  readonly after?: Date;
}

/** BIGINT is a bigint on createPool's pools and a string on a plain pg one; BigInt() takes both. */
interface ClaimedRow {
  looked: number;
  chosen: number;
  oldest_due: Date | null;
  at: Date;
  /** The rest are null when nothing was claimed (the row only carries `looked`). */
  id: bigint | string | null;
  event: string;
  payload: unknown;
  attempts: number;
  created_at: Date;
  rank: bigint | string;
  endpoint_id: bigint | string;
  org_id: bigint | string;
  url: string;
  secret: string;
  enabled: boolean;
  batch_max_events: number | null;
}

const CLAIM_SQL = `WITH due AS (
  SELECT delivery.ctid AS row, delivery.id, delivery.endpoint_id, delivery.next_attempt_at
    FROM webhook_deliveries delivery
   WHERE delivery.status = 'pending' AND delivery.next_attempt_at <= COALESCE($1::timestamptz, now())
     AND delivery.next_attempt_at >= COALESCE($8::timestamptz, '-infinity')
   ORDER BY delivery.next_attempt_at, delivery.id
   LIMIT (SELECT $2::int)
), placed AS (
  -- Which of its endpoint's requests each row goes in: the 1st, 2nd … (0-based), one row per
  -- request in single mode, batch_max_events in batch mode.
  SELECT due.row, due.id, due.endpoint_id, due.next_attempt_at,
         (row_number() OVER (PARTITION BY due.endpoint_id ORDER BY due.next_attempt_at, due.id) - 1)
           / COALESCE(endpoint.batch_max_events, 1) AS request,
         COALESCE(room.free, $6::int) AS room,
         endpoint.org_id, endpoint.url, endpoint.secret, endpoint.enabled, endpoint.batch_max_events
    FROM due
    JOIN webhook_endpoints endpoint ON endpoint.id = due.endpoint_id
    LEFT JOIN unnest($4::bigint[], $5::int[]) AS room(endpoint_id, free) ON room.endpoint_id = due.endpoint_id
), request AS (
  -- The requests each endpoint has room for, ranked by their first row's due order.
  SELECT endpoint_id, request, row_number() OVER (ORDER BY min(next_attempt_at), min(id)) AS rank
    FROM placed
   WHERE request < room
   GROUP BY endpoint_id, request
), chosen AS (
  SELECT placed.*, request.rank
    FROM placed
    JOIN request ON request.endpoint_id = placed.endpoint_id AND request.request = placed.request
   WHERE request.rank <= $7
), locked AS (
  -- Rows another worker is claiming are skipped; one it claimed since this statement began
  -- has a new ctid, which the TID scan's recheck refuses. "Not final yet" is spelled
  -- status <> ALL (…): status = 'pending' would offer the planner the due index instead.
  SELECT delivery.ctid AS row
    FROM webhook_deliveries delivery
   WHERE delivery.ctid = ANY (ARRAY(SELECT row FROM chosen))
     AND delivery.status <> ALL ('{delivered,failed}'::webhook_delivery_status[])
     AND delivery.next_attempt_at <= COALESCE($1::timestamptz, now())
     FOR UPDATE OF delivery SKIP LOCKED
), claimed AS (
  UPDATE webhook_deliveries delivery
     SET attempts = delivery.attempts + 1,
         next_attempt_at = COALESCE($1::timestamptz, now()) + make_interval(secs => $3::double precision / 1000),
         last_status_code = NULL,
         last_error = format('attempt %s: no result recorded (in flight, or its worker stopped)', delivery.attempts + 1)
    FROM chosen
   WHERE delivery.ctid = ANY (ARRAY(SELECT row FROM locked)) AND delivery.id = chosen.id
  RETURNING delivery.id, delivery.event, delivery.payload, delivery.attempts, delivery.created_at, chosen.rank,
            chosen.endpoint_id, chosen.org_id, chosen.url, chosen.secret, chosen.enabled, chosen.batch_max_events
)
SELECT looked.n AS looked, looked.oldest_due, COALESCE($1::timestamptz, now()) AS at,
       (SELECT count(*)::int FROM chosen) AS chosen, claimed.*
  FROM (SELECT count(*)::int AS n, min(next_attempt_at) AS oldest_due FROM due) looked
  LEFT JOIN claimed ON true`;

/**
 * Claims due pending deliveries, oldest due first, as requests (one POST each) in ONE statement:
 * at most `limit` requests, at most each endpoint's room of them, each of one delivery (single
 * mode) or up to the endpoint's batch size (batch mode). It reads the first `window` due rows,
 * chooses the requests among them, and locks only the chosen rows, SKIP LOCKED: any number of
 * workers claim at once without waiting for or taking each other's rows, and rows looked at but
 * not chosen (their endpoint had no room) are neither locked nor changed. A claim counts as an
 * attempt (attempts + 1): it may reach the customer even if its worker dies before recording the
 * result, and the count fences that worker's late result out once another worker has claimed the
 * row again.
 *
 * The plan is the same whatever the statistics say (autovacuum may never have analysed the table):
 * an ordered walk of webhook_deliveries_due_idx from `after`, stopping after `window` rows, then
 * TID scans. `LIMIT (SELECT $n)` is a limit the planner cannot read, so it plans for the first
 * tenth of the rows it expects, and the ordered walk beats any sort; with a plain LIMIT and no
 * statistics it sorted every due row for each claim once the limit neared its row estimate.
 */
export async function claimDueRequests(db: Queryable, options: ClaimDeliveriesOptions): Promise<WebhookClaim> {
  const positive = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`claimDueRequests: ${name} ${value} is not a positive integer`);
  };
  positive('limit', options.limit);
  positive('lockMs', options.lockMs);
  const perEndpoint = options.perEndpoint ?? options.limit;
  const window = options.window ?? options.limit;
  positive('perEndpoint', perEndpoint);
  positive('window', window);
  const roomIds: string[] = [];
  const rooms: number[] = [];
  for (const [endpointId, room] of options.endpointRoom ?? []) {
    if (!Number.isInteger(room) || room < 0)
      throw new RangeError(`claimDueRequests: room ${room} of endpoint ${endpointId} is not a whole number`);
    roomIds.push(endpointId.toString());
    rooms.push(room);
  }

  // Prepared once per session (named): its plan is made once, not for every claim.
  const result = await db.query<ClaimedRow>({
    name: 'smshub-webhooks-claim',
    text: CLAIM_SQL,
    values: [
      options.now ?? null,
      window,
      options.lockMs,
      roomIds,
      rooms,
      perEndpoint,
      options.limit,
      options.after ?? null,
    ],
  });

  const byRank = new Map<string, { target: WebhookTarget; deliveries: ClaimedWebhookDelivery[] }>();
  for (const row of result.rows) {
    if (row.id === null) continue;
    const rank = String(row.rank);
    let request = byRank.get(rank);
    if (request === undefined) {
      request = {
        target: {
          endpointId: BigInt(row.endpoint_id),
          orgId: BigInt(row.org_id),
          url: row.url,
          secret: row.secret,
          enabled: row.enabled,
          batchMaxEvents: row.batch_max_events,
        },
        deliveries: [],
      };
      byRank.set(rank, request);
    }
    request.deliveries.push({
      id: BigInt(row.id),
      event: row.event,
      payload: row.payload,
      attempt: row.attempts,
      createdAt: row.created_at,
    });
  }
  const requests = [...byRank.entries()]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, request]) => {
      request.deliveries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return request;
    });
  // The statement always returns a row: `looked` LEFT JOIN claimed.
  const first = result.rows[0]!;
  const taken = result.rows.filter((row) => row.id !== null).length;
  return {
    requests,
    moreDue: first.looked >= window || first.chosen > taken,
    contended: first.chosen > taken,
    oldestDue: first.oldest_due,
    at: first.at,
  };
}

/**
 * The largest batch size of any enabled endpoint (1 when none is in batch mode): how many rows a
 * claim should look at per request slot, so that a batch is not cut short by the claim's window.
 * webhook_endpoints holds a handful of rows per org; the worker asks now and then, not per claim.
 */
export async function largestWebhookBatch(db: Queryable): Promise<number> {
  const result = await db.query<{ largest: number }>(
    `SELECT COALESCE(max(batch_max_events), 1)::int AS largest FROM webhook_endpoints WHERE enabled`,
  );
  return result.rows[0]?.largest ?? 1;
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

// Each row is found by its id, one index probe per result (the OFFSET 0 keeps the lateral
// subquery from being merged into a join the planner could run as a hash over the whole table,
// which it did without statistics), then updated by ctid. "Not final yet" is spelled
// status <> ALL (…), not status = 'pending': that would let the planner read every pending row
// through the due index instead. A row updated meanwhile (claimed again by another worker once
// this one's lease ran out) has a new ctid: the recheck then skips it, as the attempt count would.
const RECORD_SQL = `WITH result AS (
  SELECT *
    FROM unnest($1::bigint[], $2::int[], $3::webhook_delivery_status[], $4::int[], $5::text[],
                $6::timestamptz[], $7::timestamptz[])
         AS result(id, attempt, status, status_code, error, next_attempt_at, at)
), target AS (
  SELECT result.*, found.row
    FROM result
   CROSS JOIN LATERAL (SELECT ctid AS row FROM webhook_deliveries WHERE id = result.id OFFSET 0) found
)
UPDATE webhook_deliveries delivery
   SET status = target.status,
       last_status_code = target.status_code,
       last_error = target.error,
       next_attempt_at = COALESCE(target.next_attempt_at, delivery.next_attempt_at),
       delivered_at = CASE WHEN target.status = 'delivered' THEN COALESCE(target.at, now()) END
  FROM target
 WHERE delivery.ctid = ANY (ARRAY(SELECT row FROM target)) AND delivery.id = target.id
   AND delivery.attempts = target.attempt
   AND delivery.status <> ALL ('{delivered,failed}'::webhook_delivery_status[])
RETURNING delivery.id`;

/**
 * Writes attempts' results, any number in ONE statement (a batch's events, or the single-mode
 * requests that finished together). Returns the ids written; a delivery that has moved on without
 * this worker (its lease ran out and another worker claimed it again, or it is final already) is
 * left alone and not among them.
 */
export async function recordDeliveryResults(
  db: Queryable,
  inputs: readonly RecordWebhookDeliveryInput[],
): Promise<Set<bigint>> {
  if (inputs.length === 0) return new Set();
  const ids: string[] = [];
  const attempts: number[] = [];
  const statuses: string[] = [];
  const codes: (number | null)[] = [];
  const errors: (string | null)[] = [];
  const nextAttempts: (Date | null)[] = [];
  const times: (Date | null)[] = [];
  for (const { id, attempt, result, now } of inputs) {
    ids.push(id.toString());
    attempts.push(attempt);
    statuses.push(result.status);
    codes.push(result.statusCode);
    errors.push(result.status === 'delivered' ? null : truncateDeliveryError(result.error));
    nextAttempts.push(result.status === 'pending' ? result.nextAttemptAt : null);
    times.push(now ?? null);
  }
  const updated = await db.query<{ id: bigint | string }>({
    name: 'smshub-webhooks-record',
    text: RECORD_SQL,
    values: [ids, attempts, statuses, codes, errors, nextAttempts, times],
  });
  return new Set(updated.rows.map((row) => BigInt(row.id)));
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
