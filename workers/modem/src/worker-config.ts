import { databaseUrlFromEnv } from '@smshub/db';
import { redisConfigFromEnv } from '@smshub/queue';
import { z } from 'zod';

/**
 * The modem worker process's settings, from its environment: the same as the carrier worker's
 * (DATABASE_URL, REDIS_URL, SMSHUB_REDIS_PREFIX, SMSHUB_INSTANCE, SMSHUB_LEASE_MS …). The modems
 * themselves are not configured here: each modem channel's `options` names its serial ports
 * (config.ts), so the console changes them and the worker follows.
 */
const envSchema = z.object({
  SMSHUB_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  SMSHUB_INSTANCE: z.string().min(1).optional(),
  /** How long a channel lease lasts without renewal: the takeover time after a worker dies. */
  SMSHUB_LEASE_MS: z.coerce.number().int().min(1_000).max(120_000).default(6_000),
  /**
   * Channel jobs (of up to 500 messages) each modem channel works on at once. Modems send a
   * few segments a second, so a couple of jobs keep them busy.
   */
  SMSHUB_CHANNEL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Flushes to PostgreSQL that run side by side (channels are spread over them). */
  SMSHUB_WRITER_SHARDS: z.coerce.number().int().min(1).max(16).default(1),
  /**
   * Only these channels (comma-separated names): a modem channel's ports are on one machine, so
   * the worker on that machine is pinned to it. Empty = every modem channel.
   */
  SMSHUB_CHANNELS: z.string().default(''),
});

export interface ModemWorkerConfig {
  readonly databaseUrl: string;
  readonly redis: ReturnType<typeof redisConfigFromEnv>;
  readonly logLevel: string;
  readonly instance: string;
  readonly leaseMs: number;
  readonly channelConcurrency: number;
  readonly channels: readonly string[];
  readonly writerShards: number;
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): ModemWorkerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`modem worker configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const d = parsed.data;
  return {
    databaseUrl: databaseUrlFromEnv(env),
    redis: redisConfigFromEnv(env),
    logLevel: d.SMSHUB_LOG_LEVEL,
    instance: d.SMSHUB_INSTANCE ?? `modem-${process.pid}`,
    leaseMs: d.SMSHUB_LEASE_MS,
    channelConcurrency: d.SMSHUB_CHANNEL_CONCURRENCY,
    channels: d.SMSHUB_CHANNELS.split(',').map((s) => s.trim()).filter(Boolean),
    writerShards: d.SMSHUB_WRITER_SHARDS,
  };
}
