import { afterAll, describe, expect, it } from 'vitest';
import { jobPriority, Lease } from '../src/index.js';
import { createTestRedis } from '../src/testing/index.js';

const testRedis = createTestRedis({ name: 'lease' });
const { redis, keys } = testRedis;
afterAll(() => testRedis.close());

describe('Lease', () => {
  it('has one owner at a time', async () => {
    const key = keys.channelLease('1');
    const a = new Lease(redis, key, 'worker-a', 1_000);
    const b = new Lease(redis, key, 'worker-b', 1_000);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(await a.holder()).toBe('worker-a');
    expect(await b.renew()).toBe(false); // b cannot extend a's lease
    expect(await a.renew()).toBe(true);
    await b.release(); // b cannot release a's lease either
    expect(await a.holder()).toBe('worker-a');
    await a.release();
    expect(await b.acquire()).toBe(true);
  });

  it('is taken over when the owner stops renewing', async () => {
    const key = keys.channelLease('2');
    const dead = new Lease(redis, key, 'dead', 150);
    const heir = new Lease(redis, key, 'heir', 1_000);
    expect(await dead.acquire()).toBe(true);
    expect(await heir.acquire()).toBe(false);
    await new Promise((r) => setTimeout(r, 250));
    expect(await heir.acquire()).toBe(true);
    expect(await dead.renew()).toBe(false); // the old owner learns it lost the lease
  });
});

describe('jobPriority', () => {
  it('runs higher business priorities first (lower BullMQ numbers), never 0', () => {
    expect(jobPriority(100)).toBe(1);
    expect(jobPriority(0)).toBe(101);
    expect(jobPriority(90)).toBeLessThan(jobPriority(10));
    expect(jobPriority(-5)).toBe(101);
    expect(jobPriority(500)).toBe(1);
  });
});
