import type { DeliveryState } from '../generated/prisma/enums.js';
import type { Queryable } from './queryable.js';
import { DECIDING_REPORT_ORDER, segmentStatusAfter } from './report-sql.js';

/** The SET list that applies report `r` (state, code, error, at) to segment `s`. */
const APPLY_REPORT = `status = ${segmentStatusAfter('r.state', 's.status::text')},
              report_state = r.state, report_code = r.code, report_error = r.error, report_at = r.at`;

/** A status report as a channel received it (protocol-neutral). */
export interface IncomingReport {
  readonly channelId: bigint;
  readonly carrierMessageId: string;
  readonly recipient: string;
  readonly state: DeliveryState;
  readonly code: string;
  readonly error: string | null;
  readonly doneAt: Date | null;
}

/**
 * Stores reports and applies those whose segment is known, in one statement: each report row is
 * written already matched when its segment exists, and the segments take the reports' state
 * (the final one wins over an intermediate ACCEPTD / ENROUTE in the same batch). Reports whose
 * submit response is not stored yet are written unmatched: `storeAcknowledged` applies them when
 * it is, `matchReports` sweeps up the rest. Returns the ids of the messages whose segments changed.
 */
export async function storeReports(db: Queryable, reports: readonly IncomingReport[]): Promise<bigint[]> {
  if (reports.length === 0) return [];
  const result = await db.query<{ message_id: bigint }>(
    `WITH incoming AS (
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::delivery_state[], $5::text[], $6::text[], $7::timestamptz[])
              AS i(channel_id, carrier_message_id, recipient, state, code, error, done_at)
     ), stored AS (
       INSERT INTO status_reports (channel_id, carrier_message_id, recipient, state, code, error, done_at, matched_at, message_id, segment_seq)
       SELECT i.channel_id, i.carrier_message_id, i.recipient, i.state, i.code, i.error, i.done_at,
              CASE WHEN s.message_id IS NULL THEN NULL ELSE now() END, s.message_id, s.seq
         FROM incoming i
         LEFT JOIN LATERAL (
           SELECT message_id, seq FROM segments
            WHERE channel_id = i.channel_id AND carrier_message_id = i.carrier_message_id
            LIMIT 1
         ) s ON true
       RETURNING id, state, code, error, coalesce(done_at, received_at) AS at, message_id, segment_seq
     ), latest AS (
       SELECT DISTINCT ON (message_id, segment_seq) *
         FROM stored WHERE message_id IS NOT NULL
        ORDER BY message_id, segment_seq, ${DECIDING_REPORT_ORDER}
     ), seg AS (
       UPDATE segments s
          SET ${APPLY_REPORT}
         FROM latest r
        WHERE s.message_id = r.message_id AND s.seq = r.segment_seq
        RETURNING s.message_id
     )
     SELECT DISTINCT message_id FROM seg`,
    [
      reports.map((r) => String(r.channelId)),
      reports.map((r) => r.carrierMessageId.slice(0, 64)),
      reports.map((r) => r.recipient.slice(0, 21)),
      reports.map((r) => r.state),
      reports.map((r) => r.code.slice(0, 32)),
      reports.map((r) => (r.error === null ? null : r.error.slice(0, 32))),
      reports.map((r) => r.doneAt),
    ],
  );
  return result.rows.map((row) => row.message_id);
}

/** Which unmatched reports the sweep tries: the stragglers, oldest first. */
export interface ReportSelection {
  /** Received at least this long ago (younger ones may still meet their segment in a flush). */
  readonly olderThanMs: number;
  readonly limit: number;
}

/**
 * Applies unmatched reports to their segments (matched by channel and carrier message id):
 * segment status, report state / code / error / time, and marks the reports matched. Returns
 * the ids of the messages whose segments changed, to be finalised. Reports that came before
 * their submit response are matched when it is stored (`storeAcknowledged`); this is the sweep
 * for those that still found nothing, e.g. after a crash between the two.
 *
 * Every table is reached by key from the few rows in hand — the unmatched reports through their
 * partial index, each one's segment by (channel_id, carrier_message_id) in a LATERAL lookup —
 * so the plan does not depend on statistics (a never-analyzed `segments` must not be scanned
 * whole; decision 0173). Two flushes touching the same segments from different processes may
 * deadlock; callers run this in `inTransaction`, which runs the transaction again.
 */
export async function matchReports(db: Queryable, select: ReportSelection): Promise<bigint[]> {
  const result = await db.query<{ message_id: bigint }>(
    // Reports older than the carriers' 48-hour reporting horizon will never find a segment.
    `WITH pending AS (
       SELECT r.id, r.channel_id, r.carrier_message_id, r.state, r.code, r.error, coalesce(r.done_at, r.received_at) AS at
         FROM status_reports r
        WHERE r.matched_at IS NULL
          AND r.received_at < now() - make_interval(secs => $1::double precision / 1000)
          AND r.received_at > now() - interval '48 hours'
        ORDER BY r.received_at
        LIMIT $2
     ), found AS (
       SELECT p.*, s.message_id, s.seq
         FROM pending p
         JOIN LATERAL (
           SELECT message_id, seq FROM segments
            WHERE channel_id = p.channel_id AND carrier_message_id = p.carrier_message_id
            LIMIT 1
         ) s ON true
     ), r AS (
       SELECT DISTINCT ON (message_id, seq) * FROM found
        ORDER BY message_id, seq, ${DECIDING_REPORT_ORDER}
     ), seg AS (
       UPDATE segments s
          SET ${APPLY_REPORT}
         FROM r
        WHERE s.message_id = r.message_id AND s.seq = r.seq
        RETURNING s.message_id
     ), marked AS (
       UPDATE status_reports x
          SET matched_at = now(), message_id = f.message_id, segment_seq = f.seq
         FROM found f
        WHERE x.id = f.id
     )
     SELECT DISTINCT message_id FROM seg`,
    [select.olderThanMs, select.limit],
  );
  return result.rows.map((row) => row.message_id);
}
