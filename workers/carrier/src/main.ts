#!/usr/bin/env node
import { carrierProtocols, type CarrierProtocol, CarrierTransport, ChannelOwnership, OutcomeWriter } from '@smshub/channels';
import { operatorSms } from '@smshub/core';
import { CatalogCache, type ChannelRow, createPool, raiseAlarm } from '@smshub/db';
import { createRedis, DISPATCH_QUEUE, type DispatchJob, openQueue, RedisKeys } from '@smshub/queue';
import { pino } from 'pino';
import { loadConfig } from './config.js';

/**
 * The carrier worker: holds the binds of the carrier channels it owns (SMPP, CMPP, SGIP, SMGP,
 * CNGP), submits their queued messages, and stores status reports and MO. Run several: each
 * channel is held by exactly one of them at a time (Redis lease), and they share the channels.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ name: 'carrier', level: config.logLevel }).child({ instance: config.instance });
  const pool = createPool(config.databaseUrl, { max: 10 + config.writerShards });
  pool.on('error', (error) => log.warn({ err: error }, 'pg pool: idle connection error'));
  const redis = createRedis(config.redis, config.instance);
  const keys = new RedisKeys(config.redis.prefix);
  const queue = { connection: redis, prefix: config.redis.prefix };
  const catalog = new CatalogCache(pool, 5_000, (error) => log.warn({ err: error }, 'catalog reload failed'));
  await catalog.start();
  const dispatch = openQueue<DispatchJob>(queue, DISPATCH_QUEUE);
  const writer = new OutcomeWriter(pool, log, { shards: config.writerShards });
  const isCarrier = (channel: ChannelRow) => (carrierProtocols as readonly string[]).includes(channel.protocol);
  const ownership = new ChannelOwnership({
    kind: 'carrier',
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
    select: (channel) => isCarrier(channel) && (config.channels.length === 0 || config.channels.includes(channel.name)),
    createTransport: (channel) =>
      new CarrierTransport({
        id: String(channel.id),
        name: channel.name,
        protocol: channel.protocol as CarrierProtocol,
        version: channel.protocolVersion,
        host: channel.host,
        port: channel.port,
        account: channel.account,
        secret: channel.secret,
        spNumber: channel.spNumber,
        serviceId: channel.serviceId,
        options: channel.options,
        maxBinds: channel.maxBinds,
        windowSize: channel.windowSize,
        tps: channel.tps,
      }),
  });
  ownership.start();
  const stats = setInterval(() => {
    for (const runner of ownership.runners) log.info({ channel: runner.channel.name, counters: runner.counters, state: runner.transport.state() }, 'channel counters');
    log.info({ writer: writer.counters }, 'writer counters');
  }, 30_000);
  stats.unref();
  log.info('carrier worker started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: draining channels');
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
  process.stderr.write(`carrier worker: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
