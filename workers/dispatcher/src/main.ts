#!/usr/bin/env node
import { operatorSms } from '@smshub/core';
import { CatalogCache, createPool, raiseAlarm } from '@smshub/db';
import { runProcess } from '@smshub/process';
import { createRedis, DISPATCH_QUEUE, type DispatchJob, openQueue, openWorker, RedisKeys } from '@smshub/queue';
import type { Logger } from 'pino';
import { loadConfig } from './config.js';
import { Router } from './route.js';
import { Sweeps } from './sweeps.js';

/**
 * The dispatcher: routes accepted messages to channel queues and runs the sweeps that keep the
 * queues in step with PostgreSQL. Run as many as you like; they share the work through BullMQ.
 */
async function main(processLog: Logger): Promise<() => Promise<void>> {
  const config = loadConfig();
  const log = processLog.child({ instance: config.instance });
  const pool = createPool(config.databaseUrl, { max: 10 });
  pool.on('error', (error) => log.warn({ err: error }, 'pg pool: idle connection error'));
  const redis = createRedis(config.redis, config.instance);
  const keys = new RedisKeys(config.redis.prefix);
  const queue = { connection: redis, prefix: config.redis.prefix };
  const catalog = new CatalogCache(pool, 5_000, (error) => log.warn({ err: error }, 'catalog reload failed'));
  await catalog.start();
  const dispatch = openQueue<DispatchJob>(queue, DISPATCH_QUEUE);
  const router = new Router({
    pool,
    queue,
    dispatch,
    keys,
    catalog,
    log,
    alarms: async (alarm) => {
      const raised = await raiseAlarm(
        pool,
        { kind: alarm.kind, channelId: null, carrierCode: alarm.carrier, reason: alarm.reason },
        operatorSms,
      );
      log.warn(
        { alarm: alarm.kind, carrier: alarm.carrier, reason: alarm.reason, sms: raised.messageIds.length },
        'carrier alarm',
      );
      if (raised.messageIds.length > 0)
        await dispatch.add('route', { ids: raised.messageIds.map(String), reason: 'intake' }, { priority: 1 });
    },
  });
  const sweeps = new Sweeps({ pool, queue, dispatch, keys, log, instance: config.instance, catalog });
  const worker = openWorker<DispatchJob>(
    queue,
    DISPATCH_QUEUE,
    async (job) => router.route(job.data.ids.map(BigInt), job.data.reason),
    { concurrency: config.concurrency },
  );
  worker.on('failed', (job, error) => log.error({ err: error, job: job?.id }, 'dispatch job failed'));
  worker.on('error', (error) => log.error({ err: error }, 'dispatch worker error'));
  sweeps.start();
  const stats = setInterval(() => log.info({ counters: router.counters }, 'dispatcher counters'), 30_000);
  stats.unref();
  log.info({ concurrency: config.concurrency }, 'dispatcher started');

  return async () => {
    clearInterval(stats);
    sweeps.stop();
    await worker.close();
    await router.close();
    await dispatch.close();
    catalog.stop();
    await pool.end();
    await redis.quit();
  };
}

runProcess({ name: 'dispatcher' }, main);
