import type { DeliveryState } from '../generated/prisma/enums.js';
import type { Queryable } from './queryable.js';

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
 * The SET list that applies report `r` (state, code, error, at) to segment `s`: a final state
 * decides the segment's status; ACCEPTD / ENROUTE only record the report.
 */
const APPLY_REPORT = `status = (CASE r.state
                          WHEN 'DELIVRD' THEN 'delivered'
                          WHEN 'EXPIRED' THEN 'expired'
                          WHEN 'REJECTD' THEN 'rejected'
                          WHEN 'ACCEPTD' THEN s.status::text
                          WHEN 'ENROUTE' THEN s.status::text
                          ELSE 'undelivered' END)::segment_status,
              report_state = r.state, report_code = r.code, report_error = r.error, report_at = r.at`;

/**
 * Stores reports and applies those whose segment is known, in one statement: each report row is
 * written already matched when its segment exists, and the segments take the reports' state
 * (the final one wins over an intermediate ACCEPTD / ENROUTE in the same batch). Reports whose
 * submit response is not stored yet are written unmatched and wait for `matchReports`. Returns
 * the ids of the messages whose segments changed.
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
        ORDER BY message_id, segment_seq, (state IN ('ACCEPTD', 'ENROUTE')), id DESC
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

/** Which unmatched reports to try: those for the carrier ids just stored, or the stragglers. */
export type ReportSelection =
  /** The segments just acknowledged: reports that arrived before their submit response was stored. */
  | { readonly acknowledged: readonly { readonly channelId: bigint; readonly carrierMessageId: string }[] }
  | { readonly olderThanMs: number; readonly limit: number };

function selection(select: ReportSelection): { where: string; params: unknown[] } {
  if ('acknowledged' in select) {
    return {
      where: `(r.channel_id, r.carrier_message_id) IN (SELECT * FROM unnest($1::bigint[], $2::text[]))`,
      params: [select.acknowledged.map((a) => String(a.channelId)), select.acknowledged.map((a) => a.carrierMessageId)],
    };
  }
  // Reports older than the carriers' 48-hour reporting horizon will never find a segment.
  return {
    where: `r.id IN (SELECT id FROM status_reports
                      WHERE matched_at IS NULL
                        AND received_at < now() - make_interval(secs => $1::double precision / 1000)
                        AND received_at > now() - interval '48 hours'
                      ORDER BY received_at LIMIT $2)`,
    params: [select.olderThanMs, select.limit],
  };
}

/**
 * Applies unmatched reports to their segments (matched by channel and carrier message id):
 * segment status, report state / code / error / time, and marks the reports matched. Returns
 * the ids of the messages whose segments changed, to be finalised. Two flushes touching the same
 * segments from different processes may deadlock; callers run this in `inTransaction`, which
 * runs the transaction again.
 */
export async function matchReports(db: Queryable, select: ReportSelection): Promise<bigint[]> {
  const { where, params } = selection(select);
  const result = await db.query<{ message_id: bigint }>(
    `WITH r AS (
       SELECT DISTINCT ON (s.message_id, s.seq)
              r.id, r.state, r.code, r.error, coalesce(r.done_at, r.received_at) AS at, s.message_id, s.seq
         FROM status_reports r
         JOIN segments s ON s.channel_id = r.channel_id AND s.carrier_message_id = r.carrier_message_id
        WHERE ${where} AND r.matched_at IS NULL
        ORDER BY s.message_id, s.seq, (r.state IN ('ACCEPTD', 'ENROUTE')), r.id DESC
     ), seg AS (
       UPDATE segments s
          SET ${APPLY_REPORT}
         FROM r
        WHERE s.message_id = r.message_id AND s.seq = r.seq
        RETURNING s.message_id
     ), marked AS (
       UPDATE status_reports x
          SET matched_at = now(), message_id = s.message_id, segment_seq = s.seq
         FROM status_reports r
         JOIN segments s ON s.channel_id = r.channel_id AND s.carrier_message_id = r.carrier_message_id
        WHERE x.id = r.id AND ${where} AND r.matched_at IS NULL
     )
     SELECT DISTINCT message_id FROM seg`,
    params,
  );
  return result.rows.map((row) => row.message_id);
}
