import { decideOutcome, type FailedReport, type ReportFault, type ReportProtocol } from '@smshub/core';
import type { MessageErrorCode } from '../message-errors.js';
import type { MessageStatus } from '../generated/prisma/enums.js';
import type { Queryable } from './queryable.js';
import { buildMessageStatusPayload, insertWebhookEvents, type WebhookAttempt } from './webhooks.js';

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
  /** The channel of the last attempt. */
  readonly channelId: bigint | null;
  /** True when no segment ever reached a carrier (the charge is refunded). */
  readonly unsent: boolean;
  /** Submit rounds; a message never claimed (0) has no failed-over attempts to show. */
  readonly attempts: number;
  /** Its type charges on delivery: its price was held at intake, to charge or release now. */
  readonly held: boolean;
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
  channel_id: bigint | null;
  attempts: number;
  held: boolean;
  unsent: boolean;
  twin_of: bigint | null;
}

const RETURNING = `m.id, m.org_id, m.campaign_id, NULL::text AS client_ref,
  m.recipient, m.status, m.error_code, m.segment_count, m.price, m.submitted_at, m.final_at, m.channel_id, m.twin_of,
  m.attempts, (SELECT bt.charge_basis = 'delivered' FROM business_types bt WHERE bt.id = m.business_type_id) AS held`;

/** No segment of any attempt reached a carrier: what decides a refund on the accepted basis. */
const UNSENT = `NOT EXISTS (SELECT 1 FROM segments s WHERE s.message_id = m.id AND s.carrier_message_id IS NOT NULL)
                AND NOT EXISTS (SELECT 1 FROM message_attempts a WHERE a.message_id = m.id)`;

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
    channelId: row.channel_id,
    unsent: row.unsent,
    attempts: row.attempts,
    held: row.held,
    twinOf: row.twin_of,
  };
}

/** What the final reports of a batch came to: messages closed, and messages sent again. */
export interface SegmentsSettled {
  readonly finalized: FinalizedMessage[];
  /**
   * Messages a final report said were not delivered for network trouble, with failover attempts
   * left: back to 'accepted' (their attempt recorded in message_attempts, their segments
   * cleared) for the dispatcher to route through another channel. The caller enqueues dispatch
   * jobs for them after COMMIT; the stranded sweep finds any it could not.
   */
  readonly failedOver: bigint[];
}

/**
 * Messages whose every segment has a final report become final themselves: delivered when all
 * segments were, otherwise rejected / expired / undelivered (in that order of precedence), with
 * the first failing segment's code. Only 'submitting' / 'submitted' messages move, so a message
 * the expiry sweep or a failure already closed stays as it is.
 *
 * A message that was not delivered, of a business type with outcome failover, is decided by
 * @smshub/core's `decideOutcome` (the report codes' fault, attempts left, validity): sent again,
 * or closed. One statement closes everything that cannot fail over (the common case costs what it
 * did); only a batch with failover candidates reads their reports and runs two more.
 */
export async function settleFromSegments(db: Queryable, messageIds: readonly bigint[]): Promise<SegmentsSettled> {
  if (messageIds.length === 0) return { finalized: [], failedOver: [] };
  const first = await closeFromSegments(db, messageIds, true);
  if (first.candidates.length === 0) return { finalized: first.finalized, failedOver: [] };

  const now = new Date();
  const candidates = await loadFailoverCandidates(db, first.candidates);
  const failover: { id: bigint; fault: ReportFault }[] = [];
  const close: bigint[] = [];
  for (const c of candidates) {
    const decision = decideOutcome(
      { status: c.status, reports: c.reports, failovers: c.failovers, expiresAt: c.expiresAt },
      { attempts: c.attempts, changeCarrier: c.changeCarrier },
      now,
    );
    if (decision.kind === 'failover') failover.push({ id: c.id, fault: decision.fault });
    else close.push(c.id);
  }
  const failedOver = await failOver(db, failover);
  // A candidate that could not be failed over after all (its row moved) is closed as usual.
  const moved = new Set(failedOver);
  for (const f of failover) if (!moved.has(f.id)) close.push(f.id);
  const closed = close.length === 0 ? [] : (await closeFromSegments(db, close, false)).finalized;
  return { finalized: [...first.finalized, ...closed], failedOver };
}

/** `settleFromSegments` for callers that do not enqueue failovers (the stranded sweep routes them). */
export async function finalizeFromSegments(db: Queryable, messageIds: readonly bigint[]): Promise<FinalizedMessage[]> {
  return (await settleFromSegments(db, messageIds)).finalized;
}

/**
 * The closing statement. With `holdCandidates`, messages that might fail over (not delivered,
 * not rejected, not a dual-send copy, of a type with failover attempts left, within validity)
 * are locked but left open, and their ids returned for the decision.
 */
async function closeFromSegments(
  db: Queryable,
  messageIds: readonly bigint[],
  holdCandidates: boolean,
): Promise<{ finalized: FinalizedMessage[]; candidates: bigint[] }> {
  const result = await db.query<FinalRow & { candidate: boolean }>(
    // Each message's segments are read by key, one LATERAL aggregate per message: a plain
    // "message_id = ANY (…)" over never-analyzed segments is estimated at 0.5 % of the table per
    // id and planned as a scan of all of it (decision 0173).
    `WITH agg AS (
       SELECT ids.message_id, a.*
         FROM (SELECT DISTINCT unnest($1::bigint[]) AS message_id) ids
         CROSS JOIN LATERAL (
           SELECT count(*) AS n,
                  max(s.total) AS total,
                  count(*) FILTER (WHERE s.status = 'delivered') AS delivered,
                  count(*) FILTER (WHERE s.status IN ('delivered', 'undelivered', 'expired', 'rejected', 'failed')) AS final,
                  bool_or(s.status = 'rejected') AS rejected,
                  bool_or(s.status = 'expired') AS expired,
                  min(s.report_code) FILTER (WHERE s.status <> 'delivered') AS code,
                  max(s.submitted_at) AS submitted_at
             FROM segments s
            WHERE s.message_id = ids.message_id
         ) a
        WHERE a.n > 0
     ), target AS (
       SELECT m.id,
              $2::boolean AND agg.delivered < agg.total AND NOT agg.rejected AND m.twin_of IS NULL
                AND bt.outcome_failover_attempts > 0 AND m.expires_at > now()
                AND (SELECT count(*) FROM message_attempts a WHERE a.message_id = m.id) < bt.outcome_failover_attempts
                AS candidate
         FROM messages m
         JOIN agg ON agg.message_id = m.id
         JOIN business_types bt ON bt.id = m.business_type_id
        WHERE agg.final = agg.total AND agg.n = agg.total AND m.status IN ('submitting', 'submitted')
        ORDER BY m.id
        FOR UPDATE OF m
     ), closed AS (
       UPDATE messages m
          SET status = (CASE WHEN agg.delivered = agg.total THEN 'delivered'
                             WHEN agg.rejected THEN 'rejected'
                             WHEN agg.expired THEN 'expired'
                             ELSE 'undelivered' END)::message_status,
              error_code = CASE WHEN agg.delivered = agg.total THEN NULL
                                WHEN agg.rejected THEN $3
                                WHEN agg.expired THEN $4
                                ELSE $5 END,
              status_detail = CASE WHEN agg.delivered = agg.total THEN m.status_detail
                                   ELSE left('carrier report ' || coalesce(agg.code, 'without a code'), 200) END,
              -- finalised straight from 'submitting' (its reports came with its submit responses)
              submitted_at = coalesce(m.submitted_at, agg.submitted_at),
              final_at = now()
         FROM agg, target
        WHERE m.id = agg.message_id AND m.id = target.id AND NOT target.candidate
        RETURNING ${RETURNING}, false AS unsent
     )
     SELECT closed.*, false AS candidate FROM closed
     UNION ALL
     SELECT target.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true
       FROM target WHERE target.candidate`,
    [messageIds.map(String), holdCandidates, code('REJECTED'), code('EXPIRED'), code('UNDELIVERED')],
  );
  const finalized: FinalizedMessage[] = [];
  const candidates: bigint[] = [];
  for (const row of result.rows) {
    if (row.candidate) candidates.push(row.id);
    else finalized.push(toFinalized(row));
  }
  return { finalized, candidates };
}

interface FailoverCandidate {
  readonly id: bigint;
  readonly status: 'undelivered' | 'expired';
  readonly reports: FailedReport[];
  readonly failovers: number;
  readonly expiresAt: Date;
  readonly attempts: number;
  readonly changeCarrier: boolean;
}

/** The failed segments' reports (with their channel's protocol) and the type's policy. */
async function loadFailoverCandidates(db: Queryable, ids: readonly bigint[]): Promise<FailoverCandidate[]> {
  const result = await db.query<{
    id: bigint;
    expired: boolean;
    reports: { protocol: ReportProtocol | null; state: string | null; code: string | null; error: string | null }[];
    failovers: number;
    expires_at: Date;
    attempts: number;
    change_carrier: boolean;
  }>(
    `SELECT m.id, bool_or(s.status = 'expired') AS expired,
            json_agg(json_build_object('protocol', c.protocol, 'state', s.report_state, 'code', s.report_code,
                                       'error', s.report_error)) FILTER (WHERE s.status <> 'delivered') AS reports,
            (SELECT count(*)::int FROM message_attempts a WHERE a.message_id = m.id) AS failovers,
            m.expires_at, bt.outcome_failover_attempts AS attempts, bt.outcome_failover_change_carrier AS change_carrier
       FROM messages m
       JOIN business_types bt ON bt.id = m.business_type_id
       JOIN segments s ON s.message_id = m.id
       LEFT JOIN channels c ON c.id = s.channel_id
      WHERE m.id = ANY ($1::bigint[])
      GROUP BY m.id, bt.id`,
    [ids.map(String)],
  );
  return result.rows.map((row) => ({
    id: row.id,
    status: row.expired ? 'expired' : 'undelivered',
    // A segment whose channel is gone cannot be classified: 'unknown', which closes the message.
    reports: row.reports.map((r) => ({
      protocol: r.protocol ?? ('unknown' as ReportProtocol),
      state: r.state ?? 'UNKNOWN',
      code: r.code,
      error: r.error,
    })),
    failovers: row.failovers,
    expiresAt: row.expires_at,
    attempts: row.attempts,
    changeCarrier: row.change_carrier,
  }));
}

/**
 * Sends messages again after a failed attempt: the attempt goes to message_attempts (channel,
 * how it ended, the report code, why), the segments are cleared for the next send (a resend
 * never skips a segment the last carrier acknowledged), and the message goes back to
 * 'accepted' with no channel and no submit time — those are the next attempt's; the dispatcher
 * reads the failed channels from message_attempts. Its price, charge and hold stay as they are: no second charge, no refund before
 * the message is final. One statement; returns the ids it moved.
 */
async function failOver(db: Queryable, failover: readonly { id: bigint; fault: ReportFault }[]): Promise<bigint[]> {
  if (failover.length === 0) return [];
  const result = await db.query<{ id: bigint }>(
    `WITH f AS (
       SELECT * FROM unnest($1::bigint[], $2::text[]) AS f(id, fault)
     ), seg AS (
       SELECT s.message_id, min(s.channel_id) AS channel_id, min(s.submitted_at) AS submitted_at,
              max(s.report_at) AS report_at, bool_or(s.status = 'expired') AS expired,
              min(s.report_code) FILTER (WHERE s.status <> 'delivered') AS code
         FROM segments s JOIN f ON f.id = s.message_id
        GROUP BY s.message_id
     ), moved AS (
       UPDATE messages m
          SET status = 'accepted', error_code = NULL, submitted_at = NULL, channel_id = NULL,
              status_detail = left('sent again after ' || coalesce(seg.code, 'a failed report') || ' (' || f.fault || ')', 200)
         FROM f, seg
        WHERE m.id = f.id AND seg.message_id = f.id AND m.status IN ('submitting', 'submitted')
        RETURNING m.id
     ), recorded AS (
       INSERT INTO message_attempts (message_id, attempt, channel_id, status, report_code, fault, submitted_at, final_at)
       SELECT seg.message_id, (SELECT count(*) FROM message_attempts a WHERE a.message_id = seg.message_id) + 1,
              seg.channel_id, (CASE WHEN seg.expired THEN 'expired' ELSE 'undelivered' END)::message_status, seg.code,
              f.fault, seg.submitted_at, coalesce(seg.report_at, now())
         FROM seg JOIN f ON f.id = seg.message_id JOIN moved ON moved.id = seg.message_id
     ), cleared AS (
       DELETE FROM segments s USING moved WHERE s.message_id = moved.id
     )
     SELECT id FROM moved`,
    [failover.map((f) => String(f.id)), failover.map((f) => f.fault)],
  );
  return result.rows.map((row) => row.id);
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
      RETURNING ${RETURNING}, ${UNSENT} AS unsent`,
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
 * What follows a message becoming final, in the caller's transaction: campaign counters (and the
 * campaign's completion when its last message is final), the money — a refund of accepted-basis
 * charges for messages that never reached a carrier, the charge of delivered-basis messages that
 * were delivered and the release of their holds — and the message.status webhook events.
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
    // Complete when the counters reach the campaign's messages (recipients less those refused at
    // intake). The counters are read from the row this UPDATE locks — after a concurrent flush's
    // commit, PostgreSQL re-reads the row before applying the SET — so two flushes closing a
    // campaign's last two messages at once still complete it exactly once, which a NOT EXISTS
    // over its messages (each flush blind to the other's uncommitted rows) would not.
    await db.query(
      `WITH x AS (
         SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[]) AS x(campaign_id, delivered, failed)
       )
       UPDATE campaigns c
          SET delivered_count = c.delivered_count + x.delivered,
              failed_count = c.failed_count + x.failed,
              status = CASE WHEN c.status IN ('sending', 'scheduled')
                             AND c.delivered_count + x.delivered + c.failed_count + x.failed
                                 >= c.recipient_count - COALESCE(jsonb_array_length(c.rejections), 0)
                            THEN 'completed'::campaign_status ELSE c.status END,
              completed_at = CASE WHEN c.status IN ('sending', 'scheduled')
                                   AND c.delivered_count + x.delivered + c.failed_count + x.failed
                                       >= c.recipient_count - COALESCE(jsonb_array_length(c.rejections), 0)
                                  THEN now() ELSE c.completed_at END,
              updated_at = now()
         FROM x
        WHERE c.id = x.campaign_id`,
      [campaignIds, delivered, failed],
    );
  }
  await refundUnsent(db, finalized);
  const earlier = new Set(earlierFailed.map((m) => m.id));
  await settleOnDelivery(
    db,
    finalized.filter((m) => !earlier.has(m.id)),
  );
  await notifyFinal(db, finalized);
}

/**
 * Delivered-basis messages held their price at intake (orgs.reserved). Now final: the delivered
 * ones are charged (balance − price, one ledger row per org and campaign), and every hold is
 * released. Charge ≤ release, so what a prepaid org can spend never shrinks here and the CHECK
 * (balance ≥ reserved) holds. An original that a dual-send copy made delivered after it had
 * already ended undelivered (its hold released then) is left out by the caller: it is not
 * charged, as its customer was first told it failed.
 */
async function settleOnDelivery(db: Queryable, finalized: readonly FinalizedMessage[]): Promise<void> {
  const held = finalized.filter((m) => m.held && m.price > 0n && m.twinOf === null);
  if (held.length === 0) return;
  await db.query(
    `WITH item AS (
       SELECT m.org_id, m.campaign_id, m.business_type_id,
              date_trunc('month', m.created_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
              coalesce(sum(m.price) FILTER (WHERE m.status = 'delivered'), 0) AS charge,
              count(*) FILTER (WHERE m.status = 'delivered') AS n,
              sum(m.price) AS release,
              coalesce(sum(m.segment_count - m.pack_segments) FILTER (WHERE m.status <> 'delivered'), 0) AS unused_segments
         FROM messages m
         JOIN business_types bt ON bt.id = m.business_type_id AND bt.charge_basis = 'delivered'
        WHERE m.id = ANY ($1::bigint[])
        GROUP BY m.org_id, m.campaign_id, m.business_type_id, month
     ), per_org AS (
       SELECT org_id, sum(charge) AS charge, sum(release) AS release FROM item GROUP BY org_id
     ), settled AS (
       UPDATE orgs o SET balance = o.balance - per_org.charge, reserved = o.reserved - per_org.release, updated_at = now()
         FROM per_org WHERE o.id = per_org.org_id
         RETURNING o.id, o.balance
     ), per_usage AS (
       SELECT org_id, business_type_id, month, sum(release - charge) AS amount, sum(unused_segments) AS segments
         FROM item GROUP BY org_id, business_type_id, month
     ), unused AS (
       -- What was held and not charged leaves the month's usage (decided against at intake),
       -- after the org's row (locked above: the order intake takes them in).
       UPDATE billing_usage u
          SET amount = greatest(u.amount - x.amount, 0), segments = greatest(u.segments - x.segments, 0)
         FROM per_usage x JOIN settled ON settled.id = x.org_id
        WHERE u.org_id = x.org_id AND u.business_type_id = x.business_type_id AND u.month = x.month
          AND (x.amount > 0 OR x.segments > 0)
     )
     INSERT INTO ledger_entries (org_id, kind, amount, balance_after, campaign_id, business_type_id, note)
     SELECT item.org_id, 'charge', -item.charge,
            -- several campaigns of one org: each row's balance_after as if booked in campaign order
            settled.balance + coalesce(sum(item.charge) OVER (PARTITION BY item.org_id ORDER BY item.campaign_id NULLS LAST, item.month
                                                              ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0),
            item.campaign_id, item.business_type_id,
            item.n || ' message(s) delivered (charged on delivery)'
       FROM item JOIN settled ON settled.id = item.org_id
      WHERE item.charge > 0`,
    [held.map((m) => String(m.id))],
  );
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
  const earlier = await failedAttemptsOf(
    db,
    // Never claimed by a channel: nothing was sent, so nothing was failed over either.
    notified.filter((m) => m.attempts > 0).map((m) => m.id),
  );
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
        attempts: [
          ...(earlier.get(m.id) ?? []),
          {
            attempt: (earlier.get(m.id)?.length ?? 0) + 1,
            channel_id: m.channelId === null ? null : String(m.channelId),
            status: m.status,
            error_code: m.errorCode,
            report_code: null,
            submitted_at: m.submittedAt === null ? null : m.submittedAt.toISOString(),
            final_at: m.finalAt === null ? null : m.finalAt.toISOString(),
          },
        ],
      }),
    })),
  );
}

/** The failed-over sends of these messages (message_attempts), first to last; one query. */
export async function failedAttemptsOf(
  db: Queryable,
  messageIds: readonly bigint[],
): Promise<Map<bigint, WebhookAttempt[]>> {
  const attempts = new Map<bigint, WebhookAttempt[]>();
  if (messageIds.length === 0) return attempts;
  const result = await db.query<{
    message_id: bigint;
    attempt: number;
    channel_id: bigint | null;
    status: MessageStatus;
    report_code: string | null;
    submitted_at: Date | null;
    final_at: Date;
  }>(
    `SELECT message_id, attempt, channel_id, status, report_code, submitted_at, final_at
       FROM message_attempts WHERE message_id = ANY ($1::bigint[]) ORDER BY message_id, attempt`,
    [messageIds.map(String)],
  );
  for (const row of result.rows) {
    const list = attempts.get(row.message_id) ?? [];
    list.push({
      attempt: row.attempt,
      channel_id: row.channel_id === null ? null : String(row.channel_id),
      status: row.status,
      // A failed-over attempt ended undelivered or expired; the carrier's own word beside it.
      error_code: row.status === 'expired' ? 'EXPIRED' : 'UNDELIVERED',
      report_code: row.report_code,
      submitted_at: row.submitted_at === null ? null : row.submitted_at.toISOString(),
      final_at: row.final_at.toISOString(),
    });
    attempts.set(row.message_id, list);
  }
  return attempts;
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
  // A message a monthly package or plan made free still gives its segments back to the month;
  // one a pack paid for gives nothing back (pack_segments).
  const unsent = finalized.filter(
    (m) => m.unsent && !m.held && m.twinOf === null && (m.price > 0n || m.segmentCount > 0),
  );
  if (unsent.length === 0) return;
  await db.query(
    `WITH item AS (
       SELECT m.org_id, m.campaign_id, m.business_type_id,
              date_trunc('month', m.created_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
              sum(m.price) AS amount, count(*) FILTER (WHERE m.price > 0) AS n,
              sum(m.segment_count - m.pack_segments) AS segments
         FROM messages m
         JOIN business_types bt ON bt.id = m.business_type_id AND bt.charge_basis = 'accepted'
        WHERE m.id = ANY ($1::bigint[])
        GROUP BY m.org_id, m.campaign_id, m.business_type_id, month
     ), per_org AS (
       SELECT org_id, sum(amount) AS amount FROM item GROUP BY org_id HAVING sum(amount) > 0
     ), credited AS (
       UPDATE orgs o SET balance = o.balance + per_org.amount
         FROM per_org WHERE o.id = per_org.org_id
         RETURNING o.id, o.balance
     ), per_usage AS (
       SELECT org_id, business_type_id, month, sum(amount) AS amount, sum(segments) AS segments
         FROM item GROUP BY org_id, business_type_id, month
     ), unused AS (
       -- The refund leaves the month's usage too, after the org's row when money moves (the
       -- order intake locks them in).
       UPDATE billing_usage u
          SET amount = greatest(u.amount - x.amount, 0), segments = greatest(u.segments - x.segments, 0)
         FROM per_usage x
        WHERE u.org_id = x.org_id AND u.business_type_id = x.business_type_id AND u.month = x.month
          AND (x.amount > 0 OR x.segments > 0)
          AND (x.amount = 0 OR EXISTS (SELECT 1 FROM credited WHERE credited.id = x.org_id))
     )
     INSERT INTO ledger_entries (org_id, kind, amount, balance_after, campaign_id, business_type_id, note)
     SELECT item.org_id, 'refund', item.amount,
            -- several campaigns of one org: each row's balance_after as if booked in campaign order
            credited.balance - coalesce(sum(item.amount) OVER (PARTITION BY item.org_id ORDER BY item.campaign_id NULLS LAST, item.month
                                                                ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0),
            item.campaign_id, item.business_type_id,
            item.n || ' message(s) failed before reaching a carrier'
       FROM item JOIN credited ON credited.id = item.org_id
      WHERE item.amount > 0`,
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
      RETURNING ${RETURNING}, ${UNSENT} AS unsent`,
    [limit, code('VALIDITY')],
  );
  return result.rows.map(toFinalized);
}

/** A code of the table, as SQL gets it: a parameter, never a literal of its own. */
function code(errorCode: MessageErrorCode): MessageErrorCode {
  return errorCode;
}
