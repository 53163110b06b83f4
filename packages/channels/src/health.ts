import type { TransportState } from './transport.js';

export interface HealthOptions {
  /** A submit unanswered this long means the gateway stopped answering. */
  readonly stallMs: number;
  /** Share of failed submits (over the last `submitWindow`) that takes the channel down. */
  readonly maxErrorRate: number;
  readonly submitWindow: number;
  /** Share of DELIVRD reports (over the last `reportWindow`) below which the channel goes down. */
  readonly minDeliveredRate: number;
  readonly reportWindow: number;
  /** How long a channel stays down before it is tried again. */
  readonly cooldownMs: number;
}

export const defaultHealthOptions: HealthOptions = {
  stallMs: 5_000,
  maxErrorRate: 0.5,
  submitWindow: 40,
  minDeliveredRate: 0.2,
  reportWindow: 100,
  cooldownMs: 30_000,
};

export type HealthChange =
  | { readonly to: 'down'; readonly reason: string; readonly stalled: boolean }
  | { readonly to: 'up'; readonly reason: string };

/** The last `size` outcomes, as a count of the bad ones. */
class Outcomes {
  private readonly ring: boolean[] = [];
  private next = 0;
  private bad = 0;

  constructor(private readonly size: number) {}

  get count(): number {
    return this.ring.length;
  }

  get badShare(): number {
    return this.ring.length === 0 ? 0 : this.bad / this.ring.length;
  }

  add(good: boolean): void {
    if (this.ring.length < this.size) {
      this.ring.push(good);
    } else {
      if (!this.ring[this.next]!) this.bad--;
      this.ring[this.next] = good;
      this.next = (this.next + 1) % this.size;
    }
    if (!good) this.bad++;
  }

  clear(): void {
    this.ring.length = 0;
    this.next = 0;
    this.bad = 0;
  }
}

/**
 * Whether a channel should carry traffic. It goes down when its gateway stops answering
 * (a submit unanswered for `stallMs` while its link is still up), when most recent submits fail,
 * or when most recent reports say not delivered; it comes back by itself after `cooldownMs`, on
 * probation (the windows start empty, so a gateway still broken trips it again at once). A
 * channel whose binds are all lost is down too, and up as soon as one binds again.
 */
export class ChannelHealth {
  private downUntil = 0;
  private downReason: string | null = null;
  private readonly submits: Outcomes;
  private readonly reports: Outcomes;

  constructor(private readonly options: HealthOptions = defaultHealthOptions) {
    this.submits = new Outcomes(options.submitWindow);
    this.reports = new Outcomes(options.reportWindow);
  }

  /** False while the channel is held down (traffic goes elsewhere). */
  get allowing(): boolean {
    return this.downReason === null;
  }

  get reason(): string | null {
    return this.downReason;
  }

  recordSubmit(ok: boolean): void {
    this.submits.add(ok);
  }

  recordReport(delivered: boolean): void {
    this.reports.add(delivered);
  }

  /** Looks at the channel now; returns the change of state, if any. */
  check(state: TransportState, now: number): HealthChange | null {
    if (this.downReason !== null) {
      if (now < this.downUntil) return null;
      const reason = this.downReason;
      this.downReason = null;
      this.submits.clear();
      this.reports.clear();
      return { to: 'up', reason: `cool-down after "${reason}" over; trying again` };
    }
    const oldest = state.oldestInFlightMs ?? 0;
    if (state.up && oldest >= this.options.stallMs) {
      return this.down(now, `gateway stopped answering: a submit unanswered for ${Math.round(oldest / 1000)} s`, true);
    }
    if (
      this.submits.count >= Math.min(20, this.options.submitWindow) &&
      this.submits.badShare >= this.options.maxErrorRate
    ) {
      return this.down(
        now,
        `${Math.round(this.submits.badShare * 100)} % of the last ${this.submits.count} submits failed`,
        false,
      );
    }
    if (
      this.reports.count >= Math.min(50, this.options.reportWindow) &&
      1 - this.reports.badShare < this.options.minDeliveredRate
    ) {
      return this.down(
        now,
        `only ${Math.round((1 - this.reports.badShare) * 100)} % of the last ${this.reports.count} reports were DELIVRD`,
        false,
      );
    }
    return null;
  }

  private down(now: number, reason: string, stalled: boolean): HealthChange {
    this.downReason = reason;
    this.downUntil = now + this.options.cooldownMs;
    return { to: 'down', reason, stalled };
  }
}
