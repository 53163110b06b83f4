/**
 * Token bucket for TPS caps: `rate` tokens per second, bursts up to `burst`. Clock-injectable so
 * tests need no sleeping. Used by channels (submit TPS across all binds) and by the simulator
 * (the gateway's own limit).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private rateValue: number,
    private readonly burst = Math.max(1, rateValue),
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  get rate(): number {
    return this.rateValue;
  }

  /** Changes the rate (a throttled channel slows down, then recovers). */
  setRate(rate: number): void {
    this.refill();
    this.rateValue = rate;
  }

  /** Takes one token if there is one. */
  tryTake(count = 1): boolean {
    this.refill();
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }

  /** Tokens available now (fractional). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Milliseconds until `count` tokens will be available (0 if they are now). */
  waitMs(count = 1): number {
    this.refill();
    if (this.tokens >= count) return 0;
    if (this.rateValue <= 0) return Number.POSITIVE_INFINITY;
    return Math.ceil(((count - this.tokens) / this.rateValue) * 1000);
  }

  private refill(): void {
    const now = this.now();
    const elapsed = now - this.last;
    if (elapsed <= 0) return;
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.rateValue);
  }
}
