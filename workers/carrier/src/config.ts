import { loadSendingWorkerConfig, type SendingWorkerConfig } from '@smshub/channels';

/**
 * The carrier worker's settings, from its environment (DATABASE_URL, REDIS_URL,
 * SMSHUB_REDIS_PREFIX, SMSHUB_INSTANCE, SMSHUB_LEASE_MS, SMSHUB_CHANNEL_CONCURRENCY,
 * SMSHUB_WRITER_SHARDS, SMSHUB_CHANNELS; the log level is LOG_LEVEL, read by @smshub/process). A
 * carrier bind takes hundreds of submits a second, so each channel works on 8 jobs at once and
 * two flushes write outcomes.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): SendingWorkerConfig {
  return loadSendingWorkerConfig('carrier', { channelConcurrency: 8, writerShards: 2 }, env);
}
