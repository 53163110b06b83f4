/**
 * Items due at a time, released in 10 ms buckets by one timer: a gateway under load holds
 * hundreds of thousands of pending status reports, and one timer each would cost too much.
 */
export class DueQueue<T> {
  private readonly buckets = new Map<number, T[]>();
  private nextBucket = Number.POSITIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private sizeValue = 0;

  constructor(
    private readonly release: (item: T) => void,
    private readonly resolutionMs = 10,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.sizeValue;
  }

  add(dueAt: number, item: T): void {
    const bucket = Math.ceil(dueAt / this.resolutionMs);
    const list = this.buckets.get(bucket);
    if (list === undefined) this.buckets.set(bucket, [item]);
    else list.push(item);
    this.sizeValue++;
    if (bucket < this.nextBucket) this.nextBucket = bucket;
    if (this.timer === null) {
      this.timer = setInterval(() => this.flush(), this.resolutionMs);
      this.timer.unref();
    }
  }

  /** Releases everything due by now (the timer calls it; tests may call it directly). */
  flush(): void {
    const current = Math.floor(this.now() / this.resolutionMs);
    if (this.nextBucket > current) return;
    let next = Number.POSITIVE_INFINITY;
    for (const [bucket, items] of this.buckets) {
      if (bucket > current) {
        if (bucket < next) next = bucket;
        continue;
      }
      this.buckets.delete(bucket);
      this.sizeValue -= items.length;
      for (const item of items) this.release(item);
    }
    this.nextBucket = next;
    if (this.buckets.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Removes and returns everything still queued (on shutdown). */
  drain(): T[] {
    const all: T[] = [];
    for (const items of this.buckets.values()) all.push(...items);
    this.buckets.clear();
    this.sizeValue = 0;
    this.nextBucket = Number.POSITIVE_INFINITY;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    return all;
  }
}
