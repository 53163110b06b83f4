/** Running totals the rates are taken from (a runner's counters). */
export interface RateTotals {
  readonly acknowledged: number;
  /** Messages failed or sent back for a retry. */
  readonly failed: number;
  readonly reports: number;
  readonly delivered: number;
}

export interface LiveRates {
  /** Segments acknowledged per second. */
  readonly submit: number;
  /** Share of recent attempts that failed. */
  readonly error: number;
  /** Share of recent reports that said DELIVRD. */
  readonly delivered: number;
}

/**
 * A channel's smoothed rates for the state it publishes to the dispatcher (which prefers fast,
 * healthy channels), from its running totals at each publish. No I/O, the caller's clock.
 */
export class LiveRateMeter {
  private last: RateTotals & { readonly at: number };
  private rates: LiveRates = { submit: 0, error: 0, delivered: 1 };

  constructor(now: number) {
    this.last = { at: now, acknowledged: 0, failed: 0, reports: 0, delivered: 0 };
  }

  update(totals: RateTotals, now: number): LiveRates {
    const { last } = this;
    const elapsed = Math.max(1, now - last.at) / 1000;
    const acknowledged = totals.acknowledged - last.acknowledged;
    const failed = totals.failed - last.failed;
    const attempts = acknowledged + failed;
    const reports = totals.reports - last.reports;
    const delivered = totals.delivered - last.delivered;
    this.rates = {
      submit: 0.5 * this.rates.submit + 0.5 * (acknowledged / elapsed),
      error: attempts === 0 ? this.rates.error * 0.9 : 0.8 * this.rates.error + 0.2 * (failed / attempts),
      delivered: reports === 0 ? this.rates.delivered : 0.8 * this.rates.delivered + 0.2 * (delivered / reports),
    };
    this.last = { at: now, ...totals };
    return this.rates;
  }
}
