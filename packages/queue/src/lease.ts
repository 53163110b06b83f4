import type { Redis } from 'ioredis';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A Redis lease: one owner at a time for a key, kept by renewing before it expires. When the
 * owner dies its lease runs out and another process takes over. An owner that fails to renew
 * must stop using the resource at once — someone else may already hold it.
 */
export class Lease {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
    readonly owner: string,
    readonly ttlMs: number,
  ) {}

  async acquire(): Promise<boolean> {
    return (await this.redis.set(this.key, this.owner, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  /** Extends the lease; false means it was lost (expired and maybe taken). */
  async renew(): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.key, this.owner, String(this.ttlMs))) === 1;
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.owner);
  }

  /** Current owner of the key, whoever it is. */
  holder(): Promise<string | null> {
    return this.redis.get(this.key);
  }
}
