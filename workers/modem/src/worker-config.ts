import { loadSendingWorkerConfig, type SendingWorkerConfig } from '@smshub/channels';

/**
 * The modem worker process's settings, from its environment: the same as the carrier worker's
 * (DATABASE_URL, REDIS_URL, SMSHUB_REDIS_PREFIX, SMSHUB_INSTANCE, SMSHUB_LEASE_MS …). A modem
 * sends a few segments a second, so a couple of jobs per channel and one flush keep up. The
 * modems themselves are not configured here: each modem channel's `options` names its serial
 * ports (config.ts), so the console changes them and the worker follows. SMSHUB_CHANNELS pins
 * a worker to the channels whose modems are plugged into its machine.
 */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): SendingWorkerConfig {
  return loadSendingWorkerConfig('modem', { channelConcurrency: 2, writerShards: 1 }, env);
}
