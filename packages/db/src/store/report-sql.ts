/** SQL shared by the statements that apply status reports to segments (not exported by the package). */

/**
 * The segment status a report in state `state` gives a segment whose status is `current`: a final
 * state decides it; ACCEPTD / ENROUTE only record the report.
 */
export function segmentStatusAfter(state: string, current: string): string {
  return `(CASE ${state}
             WHEN 'DELIVRD' THEN 'delivered'
             WHEN 'EXPIRED' THEN 'expired'
             WHEN 'REJECTD' THEN 'rejected'
             WHEN 'ACCEPTD' THEN ${current}
             WHEN 'ENROUTE' THEN ${current}
             ELSE 'undelivered' END)::segment_status`;
}

/**
 * Of several reports for one segment, the one that decides it: a final state over an
 * intermediate ACCEPTD / ENROUTE, then the latest. An ORDER BY for DISTINCT ON (segment, …).
 */
export const DECIDING_REPORT_ORDER = `(state IN ('ACCEPTD', 'ENROUTE')), id DESC`;
