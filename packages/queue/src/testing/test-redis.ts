import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RedisKeys } from '../keys.js';
import type { QueueContext } from '../queues.js';
import { createRedis } from '../redis.js';

export interface TestRedisOptions {
  /** Shows in the prefix and the connection name, so leftovers can be traced to a test file. */
  readonly name: string;
  /** Default REDIS_URL, else redis://127.0.0.1:6379. */
  readonly url?: string;
}

export interface TestRedis {
  /** One connection for the test file (BullMQ-ready: commands wait through reconnects). */
  readonly redis: Redis;
  readonly url: string;
  /** `smshub-test-<name>-<uuid>`: every key and queue of the test file lives under it. */
  readonly prefix: string;
  readonly keys: RedisKeys;
  /** What `openQueue` / `openWorker` take. */
  readonly queue: QueueContext;
  /** Deletes every key under the prefix (between tests); resolves with how many there were. */
  clear(): Promise<number>;
  /** `clear`, then closes the connection (afterAll). */
  close(): Promise<void>;
}

/** A prefix and a connection of the test file's own. */
export function createTestRedis(options: TestRedisOptions): TestRedis {
  const url = options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `smshub-test-${options.name}-${randomUUID()}`;
  const redis = createRedis({ url, prefix }, `${options.name}-test`);
  return {
    redis,
    url,
    prefix,
    keys: new RedisKeys(prefix),
    queue: { connection: redis, prefix },
    clear: () => deleteKeysWithPrefix(redis, prefix),
    close: async () => {
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    },
  };
}

/**
 * Deletes every key under `prefix:` with SCAN (never KEYS, which blocks a Redis shared with
 * other work) in pages of `count`; resolves with how many it deleted.
 */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string, count = 500): Promise<number> {
  if (prefix === '') throw new Error('deleteKeysWithPrefix: an empty prefix would delete every key');
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}:*`, 'COUNT', count);
    cursor = next;
    if (found.length > 0) deleted += await redis.unlink(...found);
  } while (cursor !== '0');
  return deleted;
}

/** A prefix is taken literally, not as a pattern. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
