/**
 * smshub webhooks worker: POSTs the webhook outbox (webhook_deliveries) to customers' endpoints,
 * signed, with retries for 24 hours. Run as many as needed against the same database. It must
 * never send a delivery whose cause was not committed (it only reads the outbox), never follow a
 * redirect, and never reach a private address unless SMSHUB_WEBHOOKS_ALLOW_PRIVATE=1.
 */
import { createPool, redactDatabaseUrl } from '@smshub/db';
import { runProcess } from '@smshub/process';
import type { Logger } from 'pino';
import { loadConfig } from './config.js';
import { listenForDeliveries } from './listen.js';
import { createWebhookPoster } from './post-webhook.js';
import { WebhookWorker } from './worker.js';

async function main(logger: Logger): Promise<() => Promise<void>> {
  const config = loadConfig();
  // The claim loop and the result recorder each run one statement at a time.
  const pool = createPool(config.databaseUrl, { max: 3, application_name: 'smshub-webhooks' });
  pool.on('error', (error) => logger.error({ err: error }, 'idle database connection failed'));
  const poster = createWebhookPoster({ timeoutMs: config.requestTimeoutMs, allowPrivate: config.allowPrivate });
  const worker = new WebhookWorker({
    pool,
    poster,
    logger,
    concurrency: config.concurrency,
    endpointConcurrency: config.endpointConcurrency,
    leaseMs: config.leaseMs,
    pollMs: config.pollMs,
  });
  const listener = listenForDeliveries({ url: config.databaseUrl, logger, onWake: () => worker.wake() });

  worker.start();
  logger.info(
    {
      database: redactDatabaseUrl(config.databaseUrl),
      concurrency: config.concurrency,
      endpointConcurrency: config.endpointConcurrency,
      timeoutMs: config.requestTimeoutMs,
      leaseMs: config.leaseMs,
      pollMs: config.pollMs,
      allowPrivate: config.allowPrivate,
    },
    'webhooks worker started',
  );
  return async () => {
    logger.info('stopping: no new claims, finishing requests in flight');
    await worker.stop();
    await listener.stop();
    poster.close();
    await pool.end();
  };
}

runProcess({ name: 'webhooks' }, main);
