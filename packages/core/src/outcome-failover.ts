import { classifyReport, type FailedReport, isRetryableFault, type ReportFault } from './report-codes.js';

/**
 * Outcome failover: a message whose final report says it was not delivered, for a reason that is
 * not the number's fault, is sent again through another channel instead of being closed — as
 * often as its business type allows (docs/decisions/0122-outcome-failover.md). Pure: the store
 * reads the reports and the policy, this decides, the store acts on the whole batch.
 */

/** business_types.outcome_failover_attempts / outcome_failover_change_carrier. */
export interface OutcomeFailoverPolicy {
  /** Sends after the first one that a retryable report may cause; 0 = never. */
  readonly attempts: number;
  /**
   * Whether the next send must leave the channel group of every failed attempt (another tier of
   * the route — typically another carrier's gateway for these numbers — the cross-carrier
   * channels, or the modem pool), rather than only the failed channel.
   */
  readonly changeCarrier: boolean;
}

export interface FailedOutcome {
  /** The status the message would end with: only undelivered and expired are failed over. */
  readonly status: 'undelivered' | 'expired' | 'rejected';
  /** The reports of the segments that were not delivered. */
  readonly reports: readonly FailedReport[];
  /** Failovers already done for this message. */
  readonly failovers: number;
  readonly expiresAt: Date;
}

export type OutcomeDecision =
  | { readonly kind: 'final'; readonly fault: ReportFault; readonly why: string }
  | { readonly kind: 'failover'; readonly fault: ReportFault };

/** Worst first: one segment that is the number's fault makes the whole message so. */
const FAULT_ORDER: readonly ReportFault[] = ['invalid', 'blocked', 'absent', 'unknown', 'network'];

/** The fault of a message: that of its least retryable failed segment. */
export function messageFault(reports: readonly FailedReport[]): ReportFault {
  let worst = FAULT_ORDER.length - 1;
  for (const report of reports) worst = Math.min(worst, FAULT_ORDER.indexOf(classifyReport(report)));
  return reports.length === 0 ? 'unknown' : (FAULT_ORDER[worst] as ReportFault);
}

export function decideOutcome(outcome: FailedOutcome, policy: OutcomeFailoverPolicy, now: Date): OutcomeDecision {
  const fault = messageFault(outcome.reports);
  if (outcome.status === 'rejected') return { kind: 'final', fault, why: 'rejected' };
  if (!isRetryableFault(fault)) return { kind: 'final', fault, why: `the number's fault or not known (${fault})` };
  if (outcome.failovers >= policy.attempts) return { kind: 'final', fault, why: 'no failover attempts left' };
  if (outcome.expiresAt.getTime() <= now.getTime()) return { kind: 'final', fault, why: 'validity over' };
  return { kind: 'failover', fault };
}

/**
 * The channel groups (route tiers, then cross-carrier channels, then the modem pool) a failed-over
 * message may use: without the groups of its failed attempts when the policy changes carrier,
 * else without the failed channels. When that leaves nothing usable, the next looser choice, and
 * at last the groups as they were: a message is sent again where it can go rather than never.
 */
export function avoidFailedChannels(
  groups: readonly (readonly string[])[],
  failed: ReadonlySet<string>,
  changeCarrier: boolean,
  usable: (channelId: string) => boolean,
): (readonly string[])[] {
  if (failed.size === 0) return [...groups];
  const anyUsable = (candidate: readonly (readonly string[])[]) => candidate.some((g) => g.some(usable));
  if (changeCarrier) {
    const otherGroups = groups.filter((g) => !g.some((id) => failed.has(id)));
    if (anyUsable(otherGroups)) return otherGroups;
  }
  const otherChannels = groups.map((g) => g.filter((id) => !failed.has(id)));
  if (anyUsable(otherChannels)) return otherChannels;
  return [...groups];
}
