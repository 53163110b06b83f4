import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '../src/worker-config.js';

describe('modem worker configuration', () => {
  it('has defaults for everything', () => {
    const config = loadWorkerConfig({});
    expect(config).toMatchObject({
      leaseMs: 6_000,
      channelConcurrency: 2,
      writerShards: 1,
      channels: [],
    });
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'smshub' });
    expect(config.instance).toMatch(/^modem-\d+$/);
  });

  it('reads pinned channels, the instance, Redis and numbers', () => {
    const config = loadWorkerConfig({
      SMSHUB_CHANNELS: ' modem-pool, rack-2 ,',
      SMSHUB_LEASE_MS: '3000',
      SMSHUB_INSTANCE: 'modem-1',
      SMSHUB_CHANNEL_CONCURRENCY: '4',
      REDIS_URL: 'redis://cache:6380',
      SMSHUB_REDIS_PREFIX: 'demo',
      DATABASE_URL: 'postgresql://u@db/smshub',
    });
    expect(config).toEqual({
      channels: ['modem-pool', 'rack-2'],
      leaseMs: 3_000,
      instance: 'modem-1',
      channelConcurrency: 4,
      writerShards: 1,
      redis: { url: 'redis://cache:6380', prefix: 'demo' },
      databaseUrl: 'postgresql://u@db/smshub',
    });
  });

  it.each([
    ['SMSHUB_LEASE_MS', '500'],
    ['SMSHUB_LEASE_MS', 'soon'],
    ['SMSHUB_CHANNEL_CONCURRENCY', '0'],
    ['SMSHUB_WRITER_SHARDS', '17'],
    ['SMSHUB_INSTANCE', ''],
  ])('refuses %s=%j with a message naming it', (name, value) => {
    expect(() => loadWorkerConfig({ [name]: value })).toThrow(new RegExp(`^modem worker configuration: ${name}:`));
  });
});
