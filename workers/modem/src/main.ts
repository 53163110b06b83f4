#!/usr/bin/env node
import { operatorSms } from '@smshub/core';
import { ChannelOwnership, OutcomeWriter } from '@smshub/channels';
import { CatalogCache, type ChannelRow, createPool, raiseAlarm } from '@smshub/db';
import { createRedis, DISPATCH_QUEUE, type DispatchJob, openQueue, RedisKeys } from '@smshub/queue';
import { pino } from 'pino';
import { modemPoolConfigOfChannel } from './config.js';
import { ModemPool } from './pool.js';
import { loadWorkerConfig } from './worker-config.js';

/**
 * The modem worker: runs the GSM modem pools (channels with protocol 'modem', the backup role
 * the dispatcher falls back on when a carrier has no usable channel) on the machine whose serial
 * ports hold the modems. Each channel's pool comes from its `options` (the ports); the channel
 * pipeline, leases and outcome writing are the carrier worker's. Several can run: each channel
 * is held by exactly one of them at a time (Redis lease); SMSHUB_CHANNELS pins a worker to the
 * channels whose modems are plugged into its machine.
 */
async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const log = pino({ name: 'modem', level: config.logLevel }).child({ instance: config.instance });
  const pool = createPool(config.databaseUrl, { max: 4 + config.writerShards });
  pool.on('error', (error) => log.warn({ err: error }, 'pg pool: idle connection error'));
  const redis = createRedis(config.redis, config.instance);
  const keys = new RedisKeys(config.redis.prefix);
  const queue = { connection: redis, prefix: config.redis.prefix };
  const catalog = new CatalogCache(pool, 5_000, (error) => log.warn({ err: error }, 'catalog reload failed'));
  await catalog.start();
  const dispatch = openQueue<DispatchJob>(queue, DISPATCH_QUEUE);
  const writer = new OutcomeWriter(pool, log, { shards: config.writerShards });
  const isPinned = (channel: ChannelRow) => config.channels.length === 0 || config.channels.includes(channel.name);
  const ownership = new ChannelOwnership({
    kind: 'modem',
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
        const raised = await raiseAlarm(pool, { kind: alarm.kind, channelId: alarm.channelId, carrierCode: null, reason: alarm.reason }, operatorSms);
        if (raised.messageIds.length > 0) await dispatch.add('route', { ids: raised.messageIds.map(String), reason: 'intake' }, { priority: 1 });
      },
    },
    select: (channel) => channel.protocol === 'modem' && isPinned(channel),
    // A bad `options` throws a ModemConfigError naming the channel and the field; the
    // ownership logs it and leaves the channel alone until its configuration changes.
    createTransport: (channel) => new ModemPool(modemPoolConfigOfChannel(channel), { log: log.child({ channel: channel.name }) }),
  });
  ownership.start();
  const stats = setInterval(() => {
    for (const runner of ownership.runners) {
      const modems = runner.transport instanceof ModemPool ? runner.transport.modems() : [];
      log.info({ channel: runner.channel.name, counters: runner.counters, state: runner.transport.state(), modems }, 'channel counters');
    }
    log.info({ writer: writer.counters }, 'writer counters');
  }, 30_000);
  stats.unref();
  log.info({ channels: config.channels.length === 0 ? 'every modem channel' : config.channels }, 'modem worker started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: draining channels');
    // Each pool finishes the submits on its modems (up to its stop timeout) and closes its ports.
    await ownership.stop();
    await writer.stop();
    log.info({ writer: writer.counters }, 'writer counters');
    await dispatch.close();
    catalog.stop();
    await pool.end();
    await redis.quit();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`modem worker: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
