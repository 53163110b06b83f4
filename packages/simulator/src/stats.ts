/** What a simulated gateway counts; the control API and tests read it. */
export interface GatewayStats {
  connections: number;
  bindsAccepted: number;
  bindsRefused: number;
  /** Submit PDUs received. */
  submits: number;
  /** Submits answered with success. */
  accepted: number;
  /** Submits answered with the throttling status. */
  throttled: number;
  /** Submits answered with another error (reject mode). */
  rejected: number;
  /** Submits received in blackhole mode and never answered. */
  unanswered: number;
  /** Accepted submits whose (account, to, from, UDH, content) had been accepted before. */
  duplicates: number;
  reportsScheduled: number;
  reportsSent: number;
  reportsAcked: number;
  /** Reports the client answered with an error or not at all (they are resent). */
  reportsFailed: number;
  reportsByState: Record<string, number>;
  moSent: number;
  moAcked: number;
  disconnectsInjected: number;
}

export function emptyStats(): GatewayStats {
  return {
    connections: 0,
    bindsAccepted: 0,
    bindsRefused: 0,
    submits: 0,
    accepted: 0,
    throttled: 0,
    rejected: 0,
    unanswered: 0,
    duplicates: 0,
    reportsScheduled: 0,
    reportsSent: 0,
    reportsAcked: 0,
    reportsFailed: 0,
    reportsByState: {},
    moSent: 0,
    moAcked: 0,
    disconnectsInjected: 0,
  };
}
