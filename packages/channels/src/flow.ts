import { type Pdu, type Session, TokenBucket } from '@smshub/protocols';

export class ChannelUnavailableError extends Error {
  override readonly name = 'ChannelUnavailableError';
}

interface Waiter<P extends Pdu> {
  resolve: (session: Session<P>) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | null;
  done: boolean;
}

/**
 * Flow control for one channel across all its binds: a TPS bucket that slows down when the
 * gateway throttles and recovers step by step, and a choice of the bind with the most free
 * window for each submit. Waiters are served in order.
 */
export class ChannelFlow<P extends Pdu> {
  private readonly bucket: TokenBucket;
  private readonly sessions: Session<P>[] = [];
  private readonly waiters: Waiter<P>[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastThrottleAt = 0;
  private rr = 0;

  constructor(
    private readonly configuredTps: number,
    private readonly now: () => number = Date.now,
  ) {
    // A burst of a tenth of a second keeps the gateway's own per-second counter happy.
    this.bucket = new TokenBucket(configuredTps, Math.max(1, Math.ceil(configuredTps / 10)), now);
  }

  get allowedTps(): number {
    return this.bucket.rate;
  }

  get waiting(): number {
    let count = 0;
    for (let i = this.head; i < this.waiters.length; i++) if (!this.waiters[i]!.done) count++;
    return count;
  }

  get bound(): number {
    return this.sessions.length;
  }

  /** Unacknowledged submits across binds, and the window across binds. */
  window(): { inFlight: number; size: number } {
    let inFlight = 0;
    let size = 0;
    for (const session of this.sessions) {
      inFlight += session.inFlightCount + session.queuedCount;
      size += session.options.window;
    }
    return { inFlight, size };
  }

  /** How long the oldest unanswered submit on any bind has waited (ms). */
  oldestInFlightMs(now = Date.now()): number {
    let oldest = 0;
    for (const session of this.sessions) oldest = Math.max(oldest, session.oldestInFlightMs(now));
    return oldest;
  }

  /** Drops every bind (their links reconnect); what was in flight fails as in doubt. */
  dropSessions(reason: string): void {
    for (const session of [...this.sessions]) session.destroy(new Error(reason));
  }

  addSession(session: Session<P>): void {
    this.sessions.push(session);
    session.once('close', () => this.removeSession(session));
    this.pump();
  }

  removeSession(session: Session<P>): void {
    const index = this.sessions.indexOf(session);
    if (index >= 0) this.sessions.splice(index, 1);
  }

  /**
   * Resolves with the bind to use for the next submit, once the TPS budget allows it. Waiting
   * for budget is normal under load and has no limit; rejects with ChannelUnavailableError only
   * when no bind has been up for `timeoutMs`.
   */
  acquire(timeoutMs = 5_000): Promise<Session<P>> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter<P> = { resolve, reject, timer: null, done: false };
      const arm = (): void => {
        waiter.timer = setTimeout(() => {
          if (waiter.done) return;
          if (this.sessions.length > 0) {
            arm();
            return;
          }
          waiter.done = true;
          reject(new ChannelUnavailableError(`no bind up for ${timeoutMs} ms`));
        }, timeoutMs);
        waiter.timer.unref();
      };
      arm();
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** The gateway said "too fast": cut the rate by a third (not below 1/s). */
  throttled(): void {
    this.lastThrottleAt = this.now();
    this.bucket.setRate(Math.max(1, Math.floor(this.bucket.rate * 0.67)));
  }

  /** Called periodically: after 5 s without throttling, win back 10 % of the configured rate. */
  recover(): void {
    if (this.bucket.rate >= this.configuredTps) return;
    if (this.now() - this.lastThrottleAt < 5_000) return;
    this.bucket.setRate(Math.min(this.configuredTps, this.bucket.rate + Math.max(1, Math.ceil(this.configuredTps / 10))));
  }

  /** Rejects every waiter (the channel is going away). */
  failAll(error: Error): void {
    for (let i = this.head; i < this.waiters.length; i++) {
      const waiter = this.waiters[i]!;
      if (waiter.done) continue;
      waiter.done = true;
      if (waiter.timer !== null) clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiters.length = 0;
    this.head = 0;
  }

  private pump(): void {
    while (this.head < this.waiters.length && this.waiters[this.head]!.done) this.head++;
    while (this.head < this.waiters.length) {
      if (this.waiters[this.head]!.done) {
        this.head++;
        continue;
      }
      const session = this.pickSession();
      if (session === null) return; // woken by addSession
      if (!this.bucket.tryTake()) {
        this.schedule(this.bucket.waitMs());
        return;
      }
      const waiter = this.waiters[this.head]!;
      this.waiters[this.head] = undefined as unknown as Waiter<P>;
      this.head++;
      waiter.done = true;
      if (waiter.timer !== null) clearTimeout(waiter.timer);
      waiter.resolve(session);
    }
    this.waiters.length = 0;
    this.head = 0;
  }

  private schedule(ms: number): void {
    if (this.timer !== null || !Number.isFinite(ms)) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, Math.max(1, ms));
  }

  private pickSession(): Session<P> | null {
    let best: Session<P> | null = null;
    let bestFree = Number.NEGATIVE_INFINITY;
    const count = this.sessions.length;
    for (let i = 0; i < count; i++) {
      const session = this.sessions[(this.rr + i) % count]!;
      if (session.state !== 'bound') continue;
      const free = session.windowFree - session.queuedCount;
      if (free > bestFree) {
        best = session;
        bestFree = free;
      }
    }
    this.rr = (this.rr + 1) % Math.max(1, count);
    return best;
  }
}
