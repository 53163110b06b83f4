import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('carrier worker configuration', () => {
  it('has defaults for everything', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      leaseMs: 6_000,
      channelConcurrency: 8,
      writerShards: 2,
      channels: [],
    });
    expect(config.instance).toMatch(/^carrier-\d+$/);
  });

  it('reads pinned channels and numbers', () => {
    const config = loadConfig({
      SMSHUB_CHANNELS: ' cmcc-a, cucc-b ,',
      SMSHUB_LEASE_MS: '3000',
      SMSHUB_WRITER_SHARDS: '3',
      SMSHUB_INSTANCE: 'edge-1',
    });
    expect(config).toMatchObject({
      channels: ['cmcc-a', 'cucc-b'],
      leaseMs: 3_000,
      writerShards: 3,
      instance: 'edge-1',
    });
  });

  it.each([
    ['SMSHUB_LEASE_MS', '500', /SMSHUB_LEASE_MS/],
    ['SMSHUB_LEASE_MS', 'soon', /SMSHUB_LEASE_MS/],
    ['SMSHUB_WRITER_SHARDS', '0', /SMSHUB_WRITER_SHARDS/],
  ])('refuses %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
