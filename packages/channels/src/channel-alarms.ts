export interface ChannelAlarmRaise {
  readonly kind: 'channel_down' | 'channel_up';
  readonly reason: string;
}

/** What the alarm watch looks at, twice a second. */
export interface AlarmObservation {
  /** At least one bind / modem is usable. */
  readonly up: boolean;
  /** The channel's health lets it carry traffic. */
  readonly allowing: boolean;
  /** Segments acknowledged so far (a channel is back once new ones are). */
  readonly acknowledged: number;
}

/**
 * When to tell the operators about a channel: once when it goes down (its health took it out of
 * traffic, or it has had no bind for `unboundAlarmMs`), and once when it is back — bound, allowed
 * by its health, and with segments acknowledged since the "down" alarm. No I/O and no clock of
 * its own: it returns the alarms to raise, the runner raises them.
 */
export class ChannelAlarms {
  private unboundSince: number | null = null;
  private alarmedDown = false;
  /** Segments acknowledged when the last alarm was raised: "back up" needs new ones. */
  private ackedAtAlarm = 0;

  constructor(private readonly unboundAlarmMs = 10_000) {}

  /**
   * `downReason`: the health check took the channel down just now, for this reason. Returns the
   * alarms to raise now (none most of the time).
   */
  check(observed: AlarmObservation, now: number, downReason: string | null = null): ChannelAlarmRaise[] {
    const raised: ChannelAlarmRaise[] = [];
    const raise = (kind: ChannelAlarmRaise['kind'], reason: string) => {
      if (kind === 'channel_down' ? this.alarmedDown : !this.alarmedDown) return;
      this.alarmedDown = kind === 'channel_down';
      this.ackedAtAlarm = observed.acknowledged;
      raised.push({ kind, reason });
    };
    if (downReason !== null) raise('channel_down', downReason);
    this.unboundSince = observed.up ? null : (this.unboundSince ?? now);
    if (this.unboundSince !== null && now - this.unboundSince >= this.unboundAlarmMs)
      raise('channel_down', `no bind to the gateway for ${Math.round((now - this.unboundSince) / 1000)} s`);
    if (this.alarmedDown && observed.up && observed.allowing && observed.acknowledged > this.ackedAtAlarm)
      raise('channel_up', 'submits are acknowledged again');
    return raised;
  }
}
