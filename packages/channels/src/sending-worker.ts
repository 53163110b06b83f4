import { operatorSms } from '@smshub/core';
import { CatalogCache, type ChannelRow, createPool, databaseUrlFromEnv, raiseAlarm } from '@smshub/db';
import { createRedis, DISPATCH_QUEUE, type DispatchJob, openQueue, redisConfigFromEnv, RedisKeys } from '@smshub/queue';
import type { Logger } from 'pino';
import { z } from 'zod';
import { OutcomeWriter } from './outcome-writer.js';
import { ChannelOwnership } from './ownership.js';
import type { ChannelRunner } from './runner.js';
import type { ChannelTransport } from './transport.js';

/**
 * What a sending worker (carrier or modem) reads from its environment. Both kinds take the same
 * settings; only the defaults differ (a modem sends a few segments a second, a carrier bind
 * hundreds).
 */
export interface SendingWorkerConfig {
  readonly databaseUrl: string;
  readonly redis: ReturnType<typeof redisConfigFromEnv>;
  readonly instance: string;
  /** How long a channel lease lasts without renewal: the takeover time after a worker dies. */
  readonly leaseMs: number;
  /** Channel jobs (of up to 500 messages) each channel works on at once. */
  readonly channelConcurrency: number;
  /** Only these channels (by name), for pinning a worker to a machine; empty = all it can run. */
  readonly channels: readonly string[];
  /** Flushes to PostgreSQL that run side by side (channels are spread over them). */
  readonly writerShards: number;
}

export interface SendingWorkerDefaults {
  readonly channelConcurrency: number;
  readonly writerShards: number;
}

function envSchema(defaults: SendingWorkerDefaults) {
  return z.object({
    SMSHUB_INSTANCE: z.string().min(1).optional(),
    SMSHUB_LEASE_MS: z.coerce.number().int().min(1_000).max(120_000).default(6_000),
    SMSHUB_CHANNEL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(defaults.channelConcurrency),
    SMSHUB_WRITER_SHARDS: z.coerce.number().int().min(1).max(16).default(defaults.writerShards),
    SMSHUB_CHANNELS: z.string().default(''),
  });
}

/** Reads a sending worker's settings; a bad value throws an error naming the variable. */
export function loadSendingWorkerConfig(
  kind: string,
  defaults: SendingWorkerDefaults,
  env: NodeJS.ProcessEnv = process.env,
): SendingWorkerConfig {
  const parsed = envSchema(defaults).safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `${kind} worker configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const d = parsed.data;
  return {
    databaseUrl: databaseUrlFromEnv(env),
    redis: redisConfigFromEnv(env),
    instance: d.SMSHUB_INSTANCE ?? `${kind}-${process.pid}`,
    leaseMs: d.SMSHUB_LEASE_MS,
    channelConcurrency: d.SMSHUB_CHANNEL_CONCURRENCY,
    channels: d.SMSHUB_CHANNELS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    writerShards: d.SMSHUB_WRITER_SHARDS,
  };
}

export interface SendingWorkerOptions {
  /** Worker kind ('carrier', 'modem'): workers of one kind share the channels they can run. */
  readonly kind: string;
  readonly config: SendingWorkerConfig;
  /** PostgreSQL connections besides one per writer shard. */
  readonly poolConnections: number;
  /** Which channels this kind runs (before the SMSHUB_CHANNELS pinning). */
  readonly runs: (channel: ChannelRow) => boolean;
  /** The transport for a channel; throws a readable error when its configuration is bad. */
  readonly createTransport: (channel: ChannelRow, log: Logger) => ChannelTransport;
  /** Extra fields for a channel's periodic counters line (the modems of a pool). */
  readonly describe?: (runner: ChannelRunner) => Record<string, unknown>;
}

/**
 * Starts a sending worker in this process: opens PostgreSQL, Redis and the catalog, takes its
 * share of the channels it can run (ChannelOwnership), raises channel alarms and logs counters
 * every 30 s. Resolves with its drain (for `runProcess`): every channel hands over by draining
 * its window, the writer commits what it holds, the connections close.
 */
export async function runSendingWorker(
  options: SendingWorkerOptions,
  processLog: Logger,
): Promise<() => Promise<void>> {
  const { config, kind } = options;
  const log = processLog.child({ instance: config.instance });
  const pool = createPool(config.databaseUrl, { max: options.poolConnections + config.writerShards });
  pool.on('error', (error) => log.warn({ err: error }, 'pg pool: idle connection error'));
  const redis = createRedis(config.redis, config.instance);
  const keys = new RedisKeys(config.redis.prefix);
  const queue = { connection: redis, prefix: config.redis.prefix };
  const catalog = new CatalogCache(pool, 5_000, (error) => log.warn({ err: error }, 'catalog reload failed'));
  await catalog.start();
  const dispatch = openQueue<DispatchJob>(queue, DISPATCH_QUEUE);
  const writer = new OutcomeWriter(pool, log, {
    shards: config.writerShards,
    // Outcome failover: the dispatcher routes them again, away from the channel that failed.
    onFailover: async (ids) => {
      for (let i = 0; i < ids.length; i += 500) {
        await dispatch.add('route', { ids: ids.slice(i, i + 500).map(String), reason: 'failover' });
      }
    },
  });
  const pinned = (channel: ChannelRow) => config.channels.length === 0 || config.channels.includes(channel.name);
  const ownership = new ChannelOwnership({
    // Workers pinned to a list share those channels among themselves, apart from the others.
    kind: config.channels.length === 0 ? kind : `${kind}:${[...config.channels].sort().join(',')}`,
    instance: config.instance,
    leaseMs: config.leaseMs,
    context: {
      pool,
      queue,
      dispatch,
      keys,
      writer,
      catalog,
      log,
      concurrency: config.channelConcurrency,
      alarms: async (alarm) => {
        const raised = await raiseAlarm(
          pool,
          { kind: alarm.kind, channelId: alarm.channelId, carrierCode: null, reason: alarm.reason },
          operatorSms,
        );
        if (raised.messageIds.length > 0)
          await dispatch.add('route', { ids: raised.messageIds.map(String), reason: 'intake' }, { priority: 1 });
      },
    },
    select: (channel) => options.runs(channel) && pinned(channel),
    createTransport: (channel) => options.createTransport(channel, log.child({ channel: channel.name })),
  });
  ownership.start();
  const stats = setInterval(() => {
    for (const runner of ownership.runners) {
      log.info(
        {
          channel: runner.channel.name,
          counters: runner.counters,
          state: runner.transport.state(),
          ...options.describe?.(runner),
        },
        'channel counters',
      );
    }
    log.info({ writer: writer.counters }, 'writer counters');
  }, 30_000);
  stats.unref();
  log.info(
    { channels: config.channels.length === 0 ? `every ${kind} channel` : config.channels },
    `${kind} worker started`,
  );

  return async () => {
    clearInterval(stats);
    await ownership.stop();
    await writer.stop();
    log.info({ writer: writer.counters }, 'writer counters');
    await dispatch.close();
    catalog.stop();
    await pool.end();
    await redis.quit();
  };
}
