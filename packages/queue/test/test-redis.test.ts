import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../src/index.js';
import { createTestRedis, deleteKeysWithPrefix } from '../src/testing/index.js';

const neighbour = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: '' }, 'neighbour');
afterAll(() => neighbour.quit());

describe('createTestRedis', () => {
  it('gives each test file a prefix of its own and clears only that prefix', async () => {
    const a = createTestRedis({ name: 'a' });
    const b = createTestRedis({ name: 'a' });
    expect(a.prefix).not.toBe(b.prefix);
    expect(a.prefix).toMatch(/^smshub-test-a-/);
    // More keys than one SCAN page, so cleanup has to follow the cursor.
    const pipeline = a.redis.pipeline();
    for (let i = 0; i < 1_200; i++) pipeline.set(a.keys.channelState(String(i)), 'x');
    await pipeline.exec();
    await b.redis.set(b.keys.channelLease('1'), 'b');
    // A key that merely starts like the prefix is not under it.
    await neighbour.set(`${a.prefix}-other:x`, 'keep');
    try {
      expect(await a.clear()).toBe(1_200);
      expect(await a.redis.exists(a.keys.channelState('7'))).toBe(0);
      expect(await b.redis.get(b.keys.channelLease('1'))).toBe('b');
      expect(await neighbour.get(`${a.prefix}-other:x`)).toBe('keep');
    } finally {
      await neighbour.del(`${a.prefix}-other:x`);
      await a.close();
      await b.close();
    }
    expect(await neighbour.exists(b.keys.channelLease('1'))).toBe(0);
  });

  it('refuses to clear an empty prefix', async () => {
    await expect(deleteKeysWithPrefix(neighbour, '')).rejects.toThrow(/empty prefix/);
  });

  it('takes the prefix literally, not as a pattern', async () => {
    const star = 'smshub-test-lit*';
    await neighbour.set(`${star}:k`, '1');
    await neighbour.set('smshub-test-litX:k', '1');
    try {
      expect(await deleteKeysWithPrefix(neighbour, star)).toBe(1);
      expect(await neighbour.get('smshub-test-litX:k')).toBe('1');
    } finally {
      await neighbour.del(`${star}:k`, 'smshub-test-litX:k');
    }
  });
});
