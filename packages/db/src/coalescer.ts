/**
 * Natural batching for concurrent callers: whoever arrives while no group is running starts one
 * at once, and whoever arrives while one is running waits for it to finish and goes in the next
 * group together with everyone else who arrived meanwhile. Under light load every caller is a
 * group of its own and waits for nothing; under heavy load groups grow by themselves to about the
 * number of callers in flight, with no timer to tune.
 *
 * "At once" is the end of the current turn of the event loop (setImmediate), so callers that
 * arrive in the same turn — the answers of one group resuming their handlers, several requests
 * parsed from one read — start one group rather than one each.
 */
export interface CoalescerOptions<T> {
  /** Most total weight in one group; an item heavier than that alone still forms a group. */
  readonly maxWeight: number;
  /** Default 1 per item. */
  readonly weight?: (item: T) => number;
}

/** A result that fails its caller alone. */
export class Failed {
  constructor(readonly error: unknown) {}
}

/**
 * Runs a group: one result per item, in order. A `Failed` result fails only its own caller; a
 * promise (an item handed on to a later group) settles its caller when it settles. Throwing
 * fails every caller of the group.
 */
export type GroupRunner<T, R> = (items: readonly T[]) => Promise<readonly (R | Promise<R> | Failed)[]>;

interface Waiter<T, R> {
  readonly item: T;
  readonly resolve: (result: R | Promise<R>) => void;
  readonly reject: (error: unknown) => void;
}

export class Coalescer<T, R> {
  private readonly waiting: Waiter<T, R>[] = [];
  private running = false;
  private scheduled = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly run: GroupRunner<T, R>,
    private readonly options: CoalescerOptions<T>,
  ) {}

  /** Resolves with the item's result once its group has run. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when nothing waits and no group runs (for shutdown). */
  drained(): Promise<void> {
    if (!this.running && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.running || this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startGroup();
    });
  }

  private startGroup(): void {
    if (this.running || this.waiting.length === 0) return;
    const group = this.takeGroup();
    this.running = true;
    void this.settle(group).finally(() => {
      this.running = false;
      if (this.waiting.length > 0) this.schedule();
      else {
        const idle = this.idle;
        this.idle = [];
        for (const resolve of idle) resolve();
      }
    });
  }

  private takeGroup(): Waiter<T, R>[] {
    const weigh = this.options.weight ?? (() => 1);
    let total = 0;
    let count = 0;
    for (const waiter of this.waiting) {
      const weight = weigh(waiter.item);
      if (count > 0 && total + weight > this.options.maxWeight) break;
      total += weight;
      count++;
    }
    return this.waiting.splice(0, count);
  }

  private async settle(group: readonly Waiter<T, R>[]): Promise<void> {
    try {
      const results = await this.run(group.map((waiter) => waiter.item));
      if (results.length !== group.length) {
        throw new Error(`coalescer: a group of ${group.length} gave ${results.length} results`);
      }
      group.forEach((waiter, i) => {
        const result = results[i] as R | Promise<R> | Failed;
        if (result instanceof Failed) waiter.reject(result.error);
        else waiter.resolve(result);
      });
    } catch (error) {
      for (const waiter of group) waiter.reject(error);
    }
  }
}
