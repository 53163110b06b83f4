import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/index.js';

describe('TokenBucket', () => {
  it('allows a burst, then the rate', () => {
    let t = 0;
    const bucket = new TokenBucket(10, 5, () => t);
    expect([1, 2, 3, 4, 5, 6].map(() => bucket.tryTake())).toEqual([true, true, true, true, true, false]);
    expect(bucket.waitMs()).toBe(100);
    t += 100;
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    t += 10_000;
    expect(bucket.available()).toBe(5); // capped at burst
  });

  it('slows down and recovers when the rate changes', () => {
    let t = 0;
    const bucket = new TokenBucket(100, 1, () => t);
    expect(bucket.tryTake()).toBe(true);
    bucket.setRate(10);
    expect(bucket.waitMs()).toBe(100);
    bucket.setRate(0);
    expect(bucket.waitMs()).toBe(Number.POSITIVE_INFINITY);
    t += 1000;
    expect(bucket.tryTake()).toBe(false);
  });
});
