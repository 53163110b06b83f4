import type { MessageErrorCode } from '../message-errors.js';
import type { MessageStatus } from '../generated/prisma/enums.js';
import type { Queryable } from './queryable.js';
import { buildMessageStatusPayload, insertWebhookEvents } from './webhooks.js';

/** A message that just reached its final state, with what its webhook event says. */
export interface FinalizedMessage {
  readonly id: bigint;
  readonly orgId: bigint;
  readonly campaignId: bigint | null;
  /** Filled by `afterFinal` for the messages it writes webhook events for. */
  readonly clientRef: string | null;
  readonly recipient: string;
  readonly status: MessageStatus;
  readonly errorCode: MessageErrorCode | null;
  readonly segmentCount: number;
  readonly price: bigint;
  readonly submittedAt: Date | null;
  readonly finalAt: Date | null;
  /** True when no segment ever reached a carrier (the charge is refunded). */
  readonly unsent: boolean;
  /** Set on a dual-send copy: the message the customer sent. */
  readonly twinOf: bigint | null;
}

interface FinalRow {
  id: bigint;
  org_id: bigint;
  campaign_id: bigint | null;
  client_ref: string | null;
  recipient: string;
  status: MessageStatus;
  error_code: MessageErrorCode | null;
  segment_count: number;
  price: bigint;
  submitted_at: Date | null;
  final_at: Date | null;
  unsent: boolean;
  twin_of: bigint | null;
}

const RETURNING = `m.id, m.org_id, m.campaign_id, NULL::text AS client_ref,
  m.recipient, m.status, m.error_code, m.segment_count, m.price, m.submitted_at, m.final_at, m.twin_of`;

function toFinalized(row: FinalRow): FinalizedMessage {
  return {
    id: row.id,
    orgId: row.org_id,
    campaignId: row.campaign_id,
    clientRef: row.client_ref,
    recipient: row.recipient,
    status: row.status,
    errorCode: row.error_code,
    segmentCount: row.segment_count,
    price: row.price,
    submittedAt: row.submitted_at,
    finalAt: row.final_at,
    unsent: row.unsent,
    twinOf: row.twin_of,
  };
}

/**
 * Messages whose every segment has a final report become final themselves: delivered when all
 * segments were, otherwise rejected / expired / undelivered (in that order of precedence), with
 * the first failing segment's code. Only 'submitting' / 'submitted' messages move, so a message
 * the expiry sweep or a failure already closed stays as it is.
 */
export async function finalizeFromSegments(db: Queryable, messageIds: readonly bigint[]): Promise<FinalizedMessage[]> {
  if (messageIds.length === 0) return [];
  const result = await db.query<FinalRow>(
    `WITH agg AS (
       SELECT s.message_id,
              count(*) AS n,
              max(s.total) AS total,
              count(*) FILTER (WHERE s.status = 'delivered') AS delivered,
              count(*) FILTER (WHERE s.status IN ('delivered', 'undelivered', 'expired', 'rejected', 'failed')) AS final,
              bool_or(s.status = 'rejected') AS rejected,
              bool_or(s.status = 'expired') AS expired,
              min(s.report_code) FILTER (WHERE s.status <> 'delivered') AS code
         FROM segments s
        WHERE s.message_id = ANY ($1::bigint[])
        GROUP BY s.message_id
     ), target AS (
       SELECT m.id FROM messages m JOIN agg ON agg.message_id = m.id
        WHERE agg.final = agg.total AND agg.n = agg.total AND m.status IN ('submitting', 'submitted')
        ORDER BY m.id
        FOR UPDATE OF m
     )
     UPDATE messages m
        SET status = (CASE WHEN agg.delivered = agg.total THEN 'delivered'
                           WHEN agg.rejected THEN 'rejected'
                           WHEN agg.expired THEN 'expired'
                           ELSE 'undelivered' END)::message_status,
            error_code = CASE WHEN agg.delivered = agg.total THEN NULL
                              WHEN agg.rejected THEN $2
                              WHEN agg.expired THEN $3
                              ELSE $4 END,
            status_detail = CASE WHEN agg.delivered = agg.total THEN m.status_detail
                                 ELSE left('carrier report ' || coalesce(agg.code, 'without a code'), 200) END,
            final_at = now()
       FROM agg, target
      WHERE m.id = agg.message_id AND m.id = target.id
      RETURNING ${RETURNING}, false AS unsent`,
    [messageIds.map(String), code('REJECTED'), code('EXPIRED'), code('UNDELIVERED')],
  );
  return result.rows.map(toFinalized);
}

export interface MessageFailure {
  readonly id: bigint;
  readonly status: 'failed' | 'rejected' | 'expired';
  readonly errorCode: MessageErrorCode;
  readonly detail: string;
}

/**
 * Closes messages that failed before (or instead of) a carrier report: permanent submit errors,
 * no route, attempts exhausted, validity over. Moves only messages not yet final.
 */
export async function failMessages(db: Queryable, failures: readonly MessageFailure[]): Promise<FinalizedMessage[]> {
  if (failures.length === 0) return [];
  const result = await db.query<FinalRow>(
    `WITH f AS (
       SELECT * FROM unnest($1::bigint[], $2::message_status[], $3::text[], $4::text[]) AS f(id, status, code, detail)
     ), target AS (
       SELECT m.id FROM messages m JOIN f ON f.id = m.id
        WHERE m.status IN ('accepted', 'queued', 'submitting', 'submitted')
        ORDER BY m.id
        FOR UPDATE OF m
     )
     UPDATE messages m
        SET status = f.status, error_code = f.code, status_detail = left(f.detail, 200), final_at = now()
       FROM f, target
      WHERE m.id = f.id AND m.id = target.id
      RETURNING ${RETURNING},
                NOT EXISTS (SELECT 1 FROM segments s WHERE s.message_id = m.id AND s.carrier_message_id IS NOT NULL) AS unsent`,
    [
      failures.map((f) => String(f.id)),
      failures.map((f) => f.status),
      failures.map((f) => f.errorCode),
      failures.map((f) => f.detail),
    ],
  );
  return result.rows.map(toFinalized);
}

/**
 * What follows a message becoming final, in the caller's transaction: campaign counters, a refund
 * for prepaid charges of messages that never reached a carrier (one ledger row per org and
 * campaign), and the message.status webhook events.
 */
export async function afterFinal(db: Queryable, done: readonly FinalizedMessage[]): Promise<void> {
  if (done.length === 0) return;
  // Dual-send copies are the platform's business: the customer hears of the original only, which
  // a delivered copy makes delivered.
  const { promoted, earlierFailed } = await promoteOriginals(db, done);
  const promotedIds = new Set(promoted.map((m) => m.id));
  const finalized = [...done.filter((m) => m.twinOf === null && !promotedIds.has(m.id)), ...promoted];
  const [campaignIds, delivered, failed] = campaignCounts(finalized, earlierFailed);
  if (campaignIds.length > 0) {
    await db.query(
      `UPDATE campaigns c
          SET delivered_count = c.delivered_count + x.delivered,
              failed_count = c.failed_count + x.failed
         FROM unnest($1::bigint[], $2::int[], $3::int[]) AS x(campaign_id, delivered, failed)
        WHERE c.id = x.campaign_id`,
      [campaignIds, delivered, failed],
    );
  }
  await refundUnsent(db, finalized);
  await notifyFinal(db, finalized);
}

/**
 * An original whose dual-send copy was delivered is delivered too, whatever became of its own
 * send — checked both when a copy is delivered and when an original ends undelivered after its
 * copy did.
 */
async function promoteOriginals(
  db: Queryable,
  done: readonly FinalizedMessage[],
): Promise<{ promoted: FinalizedMessage[]; earlierFailed: FinalizedMessage[] }> {
  const candidates = new Set<bigint>();
  for (const m of done) {
    if (m.twinOf !== null && m.status === 'delivered') candidates.add(m.twinOf);
    else if (m.twinOf === null && m.status !== 'delivered') candidates.add(m.id);
  }
  if (candidates.size === 0) return { promoted: [], earlierFailed: [] };
  const result = await db.query<FinalRow & { was_final: boolean }>(
    `WITH target AS (
       SELECT m.id, m.status IN ('undelivered', 'expired', 'rejected', 'failed') AS was_final
         FROM messages m
        WHERE m.id = ANY ($1::bigint[]) AND m.twin_of IS NULL AND m.status <> 'delivered'
          AND EXISTS (SELECT 1 FROM messages t WHERE t.twin_of = m.id AND t.status = 'delivered')
        ORDER BY m.id
        FOR UPDATE OF m
     )
     UPDATE messages m
        SET status = 'delivered', error_code = NULL, status_detail = 'delivered through its dual-send copy', final_at = now()
       FROM target
      WHERE m.id = target.id
      RETURNING ${RETURNING}, false AS unsent, target.was_final`,
    [[...candidates].map(String)],
  );
  const inThisBatch = new Set(done.map((m) => m.id));
  const promoted = result.rows.map(toFinalized);
  // Ended undelivered in an earlier flush: the campaign counted it failed then.
  const earlierFailed = result.rows.filter((row) => row.was_final && !inThisBatch.has(row.id)).map(toFinalized);
  return { promoted, earlierFailed };
}

/**
 * message.status events, only for orgs that have an enabled endpoint (most messages belong to
 * orgs that have none, and building their payloads would be wasted work on the hot path).
 */
async function notifyFinal(db: Queryable, finalized: readonly FinalizedMessage[]): Promise<void> {
  const orgIds = [...new Set(finalized.map((m) => String(m.orgId)))];
  const hooked = await db.query<{ org_id: bigint }>(
    `SELECT DISTINCT org_id FROM webhook_endpoints WHERE enabled AND org_id = ANY ($1::bigint[])`,
    [orgIds],
  );
  if (hooked.rows.length === 0) return;
  const orgs = new Set(hooked.rows.map((row) => row.org_id));
  const notified = finalized.filter((m) => orgs.has(m.orgId));
  const campaignIds = [...new Set(notified.flatMap((m) => (m.campaignId === null ? [] : [String(m.campaignId)])))];
  const refs = await db.query<{ id: bigint; client_ref: string | null }>(
    `SELECT id, client_ref FROM campaigns WHERE id = ANY ($1::bigint[])`,
    [campaignIds],
  );
  const clientRefs = new Map(refs.rows.map((row) => [row.id, row.client_ref]));
  await insertWebhookEvents(
    db,
    notified.map((m) => ({
      orgId: m.orgId,
      event: 'message.status',
      payload: buildMessageStatusPayload({
        messageId: m.id,
        orgId: m.orgId,
        campaignId: m.campaignId,
        clientRef: m.campaignId === null ? null : (clientRefs.get(m.campaignId) ?? null),
        recipient: m.recipient,
        status: m.status,
        errorCode: m.errorCode,
        segmentCount: m.segmentCount,
        price: m.price,
        submittedAt: m.submittedAt,
        finalAt: m.finalAt,
      }),
    })),
  );
}

function campaignCounts(
  finalized: readonly FinalizedMessage[],
  earlierFailed: readonly FinalizedMessage[],
): [string[], number[], number[]] {
  const counts = new Map<bigint, { delivered: number; failed: number }>();
  for (const m of finalized) {
    if (m.campaignId === null) continue;
    const entry = counts.get(m.campaignId) ?? { delivered: 0, failed: 0 };
    if (m.status === 'delivered') entry.delivered++;
    else entry.failed++;
    counts.set(m.campaignId, entry);
  }
  for (const m of earlierFailed) {
    if (m.campaignId === null) continue;
    const entry = counts.get(m.campaignId) ?? { delivered: 0, failed: 0 };
    entry.failed--;
    counts.set(m.campaignId, entry);
  }
  const ids: string[] = [];
  const delivered: number[] = [];
  const failed: number[] = [];
  for (const [id, entry] of counts) {
    ids.push(String(id));
    delivered.push(entry.delivered);
    failed.push(entry.failed);
  }
  return [ids, delivered, failed];
}

/**
 * Refunds what was charged for messages that never reached a carrier, when their business type
 * charges on acceptance (delivered-basis types were never charged). One ledger row per (org,
 * campaign), the balance updated in the same statement.
 */
async function refundUnsent(db: Queryable, finalized: readonly FinalizedMessage[]): Promise<void> {
  const unsent = finalized.filter((m) => m.unsent && m.price > 0n);
  if (unsent.length === 0) return;
  await db.query(
    `WITH item AS (
       SELECT m.org_id, m.campaign_id, sum(m.price) AS amount, count(*) AS n
         FROM messages m
         JOIN business_types bt ON bt.id = m.business_type_id AND bt.charge_basis = 'accepted'
        WHERE m.id = ANY ($1::bigint[])
        GROUP BY m.org_id, m.campaign_id
     ), per_org AS (
       SELECT org_id, sum(amount) AS amount FROM item GROUP BY org_id
     ), credited AS (
       UPDATE orgs o SET balance = o.balance + per_org.amount
         FROM per_org WHERE o.id = per_org.org_id
         RETURNING o.id, o.balance
     )
     INSERT INTO ledger_entries (org_id, kind, amount, balance_after, campaign_id, note)
     SELECT item.org_id, 'refund', item.amount,
            -- several campaigns of one org: each row's balance_after as if booked in campaign order
            credited.balance - coalesce(sum(item.amount) OVER (PARTITION BY item.org_id ORDER BY item.campaign_id NULLS LAST
                                                                ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0),
            item.campaign_id,
            item.n || ' message(s) failed before reaching a carrier'
       FROM item JOIN credited ON credited.id = item.org_id`,
    [unsent.map((m) => String(m.id))],
  );
}

/**
 * Messages whose validity ended before they were final: never submitted ('accepted', 'queued')
 * or submitted without a report in time ('submitted'). One batch, oldest first; messages a
 * worker holds ('submitting') are left to it.
 */
export async function expireOverdue(db: Queryable, limit: number): Promise<FinalizedMessage[]> {
  const result = await db.query<FinalRow>(
    `WITH target AS (
       SELECT id FROM messages
        WHERE status IN ('accepted', 'queued', 'submitted') AND expires_at < now()
        ORDER BY expires_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED
     )
     UPDATE messages m
        SET status = 'expired', error_code = $2, status_detail = 'validity period ended before a final report',
            final_at = now()
       FROM target
      WHERE m.id = target.id
      RETURNING ${RETURNING},
                NOT EXISTS (SELECT 1 FROM segments s WHERE s.message_id = m.id AND s.carrier_message_id IS NOT NULL) AS unsent`,
    [limit, code('VALIDITY')],
  );
  return result.rows.map(toFinalized);
}

/** A code of the table, as SQL gets it: a parameter, never a literal of its own. */
function code(errorCode: MessageErrorCode): MessageErrorCode {
  return errorCode;
}
