import { Redis } from 'ioredis';

export interface RedisConfig {
  /** redis://host:port/db */
  readonly url: string;
  /** Prefix of every key and queue, so several deployments or test runs share one Redis. */
  readonly prefix: string;
}

export function redisConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RedisConfig {
  return {
    url: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix: env.SMSHUB_REDIS_PREFIX ?? 'smshub',
  };
}

/**
 * A connection as BullMQ needs it: commands wait through reconnects instead of failing, so a
 * Redis restart pauses work rather than losing it.
 */
export function createRedis(config: RedisConfig, name = 'smshub'): Redis {
  return new Redis(config.url, { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: name });
}
