import { type Pdu, type Session, TokenBucket } from '@smshub/protocols';

export class ChannelUnavailableError extends Error {
  override readonly name = 'ChannelUnavailableError';
}

/** A submit waited for a slot past the moment its caller gave (its type's longest wait). */
export class WaitedTooLongError extends Error {
  override readonly name = 'WaitedTooLongError';
}

export type FlowPriority = 0 | 1 | 2 | 3;

export interface AcquireOptions {
  /** Higher goes first (alarm 3 … marketing 0). */
  readonly priority?: FlowPriority;
  /** Give up (WaitedTooLongError) if no slot is free by this time (epoch ms). */
  readonly notAfter?: number;
}

interface Waiter<P extends Pdu> {
  resolve: (session: Session<P>) => void;
  reject: (error: Error) => void;
  notAfter: number;
  done: boolean;
}

/** Waiters with a deadline, earliest first (a binary heap). */
class Deadlines<P extends Pdu> {
  private readonly heap: Waiter<P>[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(waiter: Waiter<P>): void {
    const heap = this.heap;
    heap.push(waiter);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.notAfter <= heap[i]!.notAfter) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  /** Removes and returns the waiters whose deadline passed (or that are done already). */
  expired(now: number): Waiter<P>[] {
    const out: Waiter<P>[] = [];
    const heap = this.heap;
    while (heap.length > 0 && (heap[0]!.notAfter <= now || heap[0]!.done)) {
      out.push(heap[0]!);
      const last = heap.pop()!;
      if (heap.length === 0) break;
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < heap.length && heap[l]!.notAfter < heap[smallest]!.notAfter) smallest = l;
        if (r < heap.length && heap[r]!.notAfter < heap[smallest]!.notAfter) smallest = r;
        if (smallest === i) break;
        [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
        i = smallest;
      }
    }
    return out;
  }

  clear(): void {
    this.heap.length = 0;
  }
}

/** FIFO of waiters at one priority. */
class Lane<P extends Pdu> {
  private items: Waiter<P>[] = [];
  private head = 0;

  push(waiter: Waiter<P>): void {
    this.items.push(waiter);
  }

  /** The first waiter still waiting, or undefined. */
  peek(): Waiter<P> | undefined {
    while (this.head < this.items.length && this.items[this.head]!.done) this.head++;
    if (this.head >= this.items.length) {
      this.items = [];
      this.head = 0;
      return undefined;
    }
    return this.items[this.head];
  }

  shift(): void {
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  all(): Waiter<P>[] {
    return this.items.slice(this.head);
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/**
 * Flow control for one channel across all its binds: a TPS bucket that slows down when the
 * gateway throttles and recovers step by step, a choice of the bind with the most free window
 * for each submit, and waiters served by priority (alarm before marketing), in order within one.
 *
 * The flow owns the window: `acquire` hands out a bind only with a slot of its window free and
 * keeps that slot taken until the caller `release`s it — not when the bind's response arrives.
 * The caller hands the answer on first (the acknowledgement journal), so a slot freed by an
 * acknowledgement carries the next submit only after that acknowledgement is on its way to
 * Redis. A bind never queues submits of its own, so what is on a channel's wire never exceeds
 * its window, acknowledged-but-unrecorded submits included (decision 0007).
 */
export class ChannelFlow<P extends Pdu> {
  private readonly bucket: TokenBucket;
  private readonly sessions: Session<P>[] = [];
  /** Window slots handed out and not yet released, per bind. */
  private readonly taken = new Map<Session<P>, number>();
  private readonly lanes: Lane<P>[] = [new Lane(), new Lane(), new Lane(), new Lane()];
  private readonly deadlines = new Deadlines<P>();
  private timer: NodeJS.Timeout | null = null;
  /** One timer for the whole flow checks deadlines and lost binds (never one per waiter). */
  private watchdog: NodeJS.Timeout | null = null;
  private unboundSince: number;
  /** Waiters not yet served or failed. */
  private live = 0;
  private lastThrottleAt = 0;
  private rr = 0;

  constructor(
    private readonly configuredTps: number,
    private readonly now: () => number = Date.now,
    /** No bind up for this long: waiting submits are told the channel is unavailable. */
    private readonly unavailableAfterMs = 5_000,
  ) {
    // A burst of a tenth of a second keeps the gateway's own per-second counter happy.
    this.bucket = new TokenBucket(configuredTps, Math.max(1, Math.ceil(configuredTps / 10)), now);
    this.unboundSince = now();
  }

  get allowedTps(): number {
    return this.bucket.rate;
  }

  get waiting(): number {
    return this.live;
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
    this.taken.delete(session);
    if (this.sessions.length === 0) this.unboundSince = this.now();
  }

  /**
   * Resolves with the bind to use for the next submit, once the TPS budget allows it and a slot
   * of that bind's window is free; the slot stays taken until `release`. Waiting for budget or a
   * slot is normal under load; rejects with ChannelUnavailableError when no bind has been up for
   * `timeoutMs`, and with WaitedTooLongError at `notAfter`.
   */
  acquire(options: AcquireOptions = {}): Promise<Session<P>> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter<P> = {
        resolve,
        reject,
        notAfter: options.notAfter ?? Number.POSITIVE_INFINITY,
        done: false,
      };
      this.live++;
      this.lanes[options.priority ?? 0]!.push(waiter);
      if (options.notAfter !== undefined) this.deadlines.push(waiter);
      this.pump();
      if (!waiter.done) this.watch();
    });
  }

  /**
   * Gives back the slot `acquire` took on `session` (its submit is answered, or failed, and the
   * answer handed on): the next waiter may have it. The waiter's submit goes out in a later
   * microtask, after whatever the caller queued before releasing.
   */
  release(session: Session<P>): void {
    const taken = this.taken.get(session);
    if (taken === undefined) return; // the bind is gone
    if (taken <= 1) this.taken.delete(session);
    else this.taken.set(session, taken - 1);
    this.pump();
  }

  private watch(): void {
    if (this.watchdog !== null) return;
    this.watchdog = setInterval(() => this.sweep(), 100);
    this.watchdog.unref();
  }

  /** Deadlines that passed, and a channel without binds for too long. */
  private sweep(): void {
    const now = this.now();
    for (const waiter of this.deadlines.expired(now)) {
      if (waiter.done) continue;
      waiter.done = true;
      this.live--;
      waiter.reject(new WaitedTooLongError('no submit slot in time'));
    }
    if (this.sessions.length === 0 && now - this.unboundSince >= this.unavailableAfterMs) {
      this.failAll(new ChannelUnavailableError(`no bind up for ${Math.round((now - this.unboundSince) / 1000)} s`));
    }
    if (this.waiting === 0 && this.watchdog !== null) {
      clearInterval(this.watchdog);
      this.watchdog = null;
    }
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
    this.bucket.setRate(
      Math.min(this.configuredTps, this.bucket.rate + Math.max(1, Math.ceil(this.configuredTps / 10))),
    );
  }

  /** Rejects every waiter (the channel is going away). */
  failAll(error: Error): void {
    for (const lane of this.lanes) {
      for (const waiter of lane.all()) {
        if (waiter.done) continue;
        waiter.done = true;
        this.live--;
        waiter.reject(error);
      }
      lane.clear();
    }
    this.deadlines.clear();
  }

  private next(): { lane: Lane<P>; waiter: Waiter<P> } | null {
    for (let priority = 3; priority >= 0; priority--) {
      const lane = this.lanes[priority]!;
      const waiter = lane.peek();
      if (waiter !== undefined) return { lane, waiter };
    }
    return null;
  }

  private pump(): void {
    for (;;) {
      const next = this.next();
      if (next === null) return;
      const session = this.pickSession();
      if (session === null) return; // woken by addSession or release
      if (!this.bucket.tryTake()) {
        this.schedule(this.bucket.waitMs());
        return;
      }
      next.lane.shift();
      const { waiter } = next;
      waiter.done = true;
      this.live--;
      this.taken.set(session, (this.taken.get(session) ?? 0) + 1);
      waiter.resolve(session);
    }
  }

  private schedule(ms: number): void {
    if (this.timer !== null || !Number.isFinite(ms)) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.pump();
      },
      Math.max(1, ms),
    );
  }

  private pickSession(): Session<P> | null {
    let best: Session<P> | null = null;
    let bestFree = Number.NEGATIVE_INFINITY;
    const count = this.sessions.length;
    for (let i = 0; i < count; i++) {
      const session = this.sessions[(this.rr + i) % count]!;
      if (session.state !== 'bound') continue;
      const free = session.options.window - (this.taken.get(session) ?? 0);
      if (free > 0 && free > bestFree) {
        best = session;
        bestFree = free;
      }
    }
    this.rr = (this.rr + 1) % Math.max(1, count);
    return best;
  }
}
