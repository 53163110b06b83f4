import type { TextEncoding } from '../generated/prisma/enums.js';
import type { Queryable } from './queryable.js';
import { DECIDING_REPORT_ORDER, segmentStatusAfter } from './report-sql.js';

/** A message a channel has taken to submit, with everything the wire needs. */
export interface ClaimedMessage {
  readonly id: bigint;
  readonly orgId: bigint;
  readonly businessTypeId: bigint;
  readonly recipient: string;
  readonly carrierCode: string | null;
  /** Digits after the channel's SP number: the org's extension code and the caller's own. */
  readonly extension: string | null;
  readonly text: string;
  readonly encoding: TextEncoding;
  readonly segmentCount: number;
  readonly attempts: number;
  readonly expiresAt: Date;
}

interface ClaimedRow {
  id: bigint;
  org_id: bigint;
  business_type_id: bigint;
  recipient: string;
  carrier_code: string | null;
  extension: string | null;
  text: string;
  encoding: TextEncoding;
  segment_count: number;
  attempts: number;
  expires_at: Date;
}

const CLAIMED_COLUMNS =
  'id, org_id, business_type_id, recipient, carrier_code, extension, text, encoding, segment_count, attempts, expires_at';

function toClaimed(row: ClaimedRow): ClaimedMessage {
  return {
    id: row.id,
    orgId: row.org_id,
    businessTypeId: row.business_type_id,
    recipient: row.recipient,
    carrierCode: row.carrier_code,
    extension: row.extension,
    text: row.text,
    encoding: row.encoding,
    segmentCount: row.segment_count,
    attempts: row.attempts,
    expiresAt: row.expires_at,
  };
}

/**
 * Takes queued messages for submitting: 'queued' on this channel → 'submitting', attempts + 1.
 * A message another worker (or a duplicate job) took first is not returned, so nothing is
 * submitted twice from the queue.
 */
export async function claimForChannel(
  db: Queryable,
  channelId: bigint,
  ids: readonly bigint[],
): Promise<ClaimedMessage[]> {
  if (ids.length === 0) return [];
  const result = await db.query<ClaimedRow>(
    `UPDATE messages SET status = 'submitting', attempts = attempts + 1
      WHERE id = ANY ($2::bigint[]) AND status = 'queued' AND channel_id = $1
      RETURNING ${CLAIMED_COLUMNS}`,
    [String(channelId), ids.map(String)],
  );
  return result.rows.map(toClaimed);
}

/**
 * Messages a channel had in hand ('submitting') when its previous owner stopped (crashed, lost
 * its lease): `ids` is the list the new owner took before it claimed anything itself, so its own
 * messages in hand are never taken for the previous owner's. It submits what of them was not
 * acknowledged.
 */
export async function claimInHand(db: Queryable, channelId: bigint, ids: readonly bigint[]): Promise<ClaimedMessage[]> {
  if (ids.length === 0) return [];
  const result = await db.query<ClaimedRow>(
    `SELECT ${CLAIMED_COLUMNS} FROM messages WHERE id = ANY ($2::bigint[]) AND channel_id = $1 AND status = 'submitting' ORDER BY id`,
    [String(channelId), ids.map(String)],
  );
  return result.rows.map(toClaimed);
}

/** Segments already acknowledged by a gateway, per message: they are never sent again. */
export async function acknowledgedSegments(
  db: Queryable,
  messageIds: readonly bigint[],
): Promise<Map<bigint, Set<number>>> {
  const acknowledged = new Map<bigint, Set<number>>();
  if (messageIds.length === 0) return acknowledged;
  const result = await db.query<{ message_id: bigint; seq: number }>(
    `SELECT message_id, seq FROM segments WHERE message_id = ANY ($1::bigint[]) AND carrier_message_id IS NOT NULL`,
    [messageIds.map(String)],
  );
  for (const row of result.rows) {
    const set = acknowledged.get(row.message_id) ?? new Set<number>();
    set.add(row.seq);
    acknowledged.set(row.message_id, set);
  }
  return acknowledged;
}

/** A segment a gateway acknowledged, with the id it gave. */
export interface AcknowledgedSegment {
  readonly messageId: bigint;
  readonly seq: number;
  readonly total: number;
  readonly channelId: bigint;
  readonly carrierMessageId: string;
  /** Submits of this segment in this round (more than 1 after a resend). */
  readonly attempts: number;
  readonly submittedAt: Date;
}

/**
 * How many unmatched reports of one carrier message id are applied when its segment is stored
 * (a carrier sends one to three: ACCEPTD / ENROUTE, the final one, maybe a duplicate). The bound
 * keeps the lookup a keyed one whatever the statistics say; anything past it waits for the
 * matching sweep.
 */
const EARLY_REPORTS_PER_SEGMENT = 16;

/**
 * Stores acknowledged segments and, in the same statement, applies the reports that came before
 * them (the gateway's report overtook its submit response on the way to PostgreSQL): the segment
 * row is written with the deciding report's state already in it — one write instead of an insert
 * and an update — and those reports are marked matched. Returns the ids of the messages whose
 * segments took a report, for `settleFromSegments`.
 *
 * `submit_attempts` accumulates across rounds, so a segment resent after a crash or an unanswered
 * submit shows more than one. Reports are found by (channel_id, carrier_message_id) from the rows
 * in hand, one LATERAL lookup each, so the plan cannot turn into a scan of `status_reports`
 * whatever the statistics say (decision 0173).
 */
export async function storeAcknowledged(db: Queryable, segments: readonly AcknowledgedSegment[]): Promise<bigint[]> {
  if (segments.length === 0) return [];
  const result = await db.query<{ message_id: bigint }>(
    `WITH a AS (
       SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[], $4::bigint[], $5::text[], $6::int[], $7::timestamptz[])
              AS a(message_id, seq, total, channel_id, carrier_message_id, attempts, submitted_at)
     ), early AS (
       SELECT a.message_id, a.seq, r.*
         FROM a
         CROSS JOIN LATERAL (
           SELECT r.id, r.state, r.code, r.error, coalesce(r.done_at, r.received_at) AS at
             FROM status_reports r
            WHERE r.channel_id = a.channel_id AND r.carrier_message_id = a.carrier_message_id AND r.matched_at IS NULL
            LIMIT ${EARLY_REPORTS_PER_SEGMENT}
         ) r
     ), deciding AS (
       SELECT DISTINCT ON (message_id, seq) * FROM early
        ORDER BY message_id, seq, ${DECIDING_REPORT_ORDER}
     ), stored AS (
       INSERT INTO segments (message_id, seq, total, channel_id, carrier_message_id, status, submit_attempts, submitted_at,
                             report_state, report_code, report_error, report_at)
       SELECT a.message_id, a.seq, a.total, a.channel_id, a.carrier_message_id,
              ${segmentStatusAfter("coalesce(r.state, 'ACCEPTD')", "'submitted'")}, a.attempts, a.submitted_at,
              r.state, r.code, r.error, r.at
         FROM a LEFT JOIN deciding r ON r.message_id = a.message_id AND r.seq = a.seq
       ON CONFLICT (message_id, seq) DO UPDATE
          SET channel_id = EXCLUDED.channel_id,
              carrier_message_id = EXCLUDED.carrier_message_id,
              total = EXCLUDED.total,
              status = EXCLUDED.status,
              submit_attempts = segments.submit_attempts + EXCLUDED.submit_attempts,
              submitted_at = EXCLUDED.submitted_at,
              -- without an early report the row keeps what it had (an in-doubt row has none)
              report_state = CASE WHEN EXCLUDED.report_at IS NULL THEN segments.report_state ELSE EXCLUDED.report_state END,
              report_code = CASE WHEN EXCLUDED.report_at IS NULL THEN segments.report_code ELSE EXCLUDED.report_code END,
              report_error = CASE WHEN EXCLUDED.report_at IS NULL THEN segments.report_error ELSE EXCLUDED.report_error END,
              report_at = coalesce(EXCLUDED.report_at, segments.report_at)
     ), marked AS (
       UPDATE status_reports x
          SET matched_at = now(), message_id = e.message_id, segment_seq = e.seq
         FROM early e
        WHERE x.id = e.id
     )
     SELECT DISTINCT message_id FROM deciding`,
    [
      segments.map((s) => String(s.messageId)),
      segments.map((s) => s.seq),
      segments.map((s) => s.total),
      segments.map((s) => String(s.channelId)),
      segments.map((s) => s.carrierMessageId),
      segments.map((s) => s.attempts),
      segments.map((s) => s.submittedAt),
    ],
  );
  return result.rows.map((row) => row.message_id);
}

/**
 * Segments whose submit went out but got no answer (the link died, the response timed out): the
 * gateway may have them. A row without a carrier id records that send, so when the segment is
 * sent again its `submit_attempts` shows the possible duplicate.
 */
export async function storeInDoubt(
  db: Queryable,
  segments: readonly {
    readonly messageId: bigint;
    readonly seq: number;
    readonly total: number;
    readonly channelId: bigint;
  }[],
): Promise<void> {
  if (segments.length === 0) return;
  await db.query(
    `INSERT INTO segments (message_id, seq, total, channel_id, status, submit_attempts)
     SELECT message_id, seq, total, channel_id, 'submitting', 1
       FROM unnest($1::bigint[], $2::int[], $3::int[], $4::bigint[]) AS s(message_id, seq, total, channel_id)
     ON CONFLICT (message_id, seq) DO UPDATE
        SET submit_attempts = segments.submit_attempts + 1
      WHERE segments.carrier_message_id IS NULL`,
    [
      segments.map((s) => String(s.messageId)),
      segments.map((s) => s.seq),
      segments.map((s) => s.total),
      segments.map((s) => String(s.channelId)),
    ],
  );
}

/**
 * Messages whose every segment is acknowledged: 'submitting' → 'submitted'. (Their channel was
 * set when the channel claimed them.)
 */
export async function markSubmitted(db: Queryable, ids: readonly bigint[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE messages SET status = 'submitted', submitted_at = now(), status_detail = NULL
      WHERE id = ANY ($1::bigint[]) AND status = 'submitting'`,
    [ids.map(String)],
  );
}

/**
 * Messages to try again (transient error, unanswered submit, channel gone): 'submitting' →
 * 'accepted', so the dispatcher routes them afresh. `uncount` takes back the attempt for
 * messages that never left (the channel could not take them).
 */
export async function releaseForRetry(
  db: Queryable,
  retries: readonly { readonly id: bigint; readonly detail: string; readonly uncount: boolean }[],
): Promise<bigint[]> {
  if (retries.length === 0) return [];
  const result = await db.query<{ id: bigint }>(
    `UPDATE messages m
        SET status = 'accepted', status_detail = left(r.detail, 200),
            attempts = CASE WHEN r.uncount THEN greatest(m.attempts - 1, 0) ELSE m.attempts END
       FROM unnest($1::bigint[], $2::text[], $3::bool[]) AS r(id, detail, uncount)
      WHERE m.id = r.id AND m.status = 'submitting'
      RETURNING m.id`,
    [retries.map((r) => String(r.id)), retries.map((r) => r.detail), retries.map((r) => r.uncount)],
  );
  return result.rows.map((row) => row.id);
}
