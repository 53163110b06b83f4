import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    expect(loadConfig({})).toStrictEqual({
      databaseUrl: 'postgresql://root@127.0.0.1:5432/smshub',
      concurrency: 64,
      endpointConcurrency: 32,
      requestTimeoutMs: 10_000,
      leaseMs: 60_000,
      pollMs: 1000,
      allowPrivate: false,
      logLevel: 'info',
    });
  });

  it('reads every variable; empty ones take the default', () => {
    expect(
      loadConfig({
        DATABASE_URL: 'postgresql://u@db:5432/x',
        SMSHUB_WEBHOOK_CONCURRENCY: '8',
        SMSHUB_WEBHOOK_ENDPOINT_CONCURRENCY: '3',
        SMSHUB_WEBHOOK_TIMEOUT_MS: '2000',
        SMSHUB_WEBHOOK_LEASE_MS: '',
        SMSHUB_WEBHOOK_POLL_MS: '250',
        SMSHUB_WEBHOOKS_ALLOW_PRIVATE: '1',
        LOG_LEVEL: 'debug',
      }),
    ).toStrictEqual({
      databaseUrl: 'postgresql://u@db:5432/x',
      concurrency: 8,
      endpointConcurrency: 3,
      requestTimeoutMs: 2000,
      leaseMs: 60_000,
      pollMs: 250,
      allowPrivate: true,
      logLevel: 'debug',
    });
  });

  it('an endpoint gets the whole concurrency when that is below the default per endpoint', () => {
    expect(loadConfig({ SMSHUB_WEBHOOK_CONCURRENCY: '4' })).toMatchObject({ concurrency: 4, endpointConcurrency: 4 });
    expect(loadConfig({ SMSHUB_WEBHOOK_ENDPOINT_CONCURRENCY: '' })).toMatchObject({ endpointConcurrency: 32 });
  });

  const bad: [env: Record<string, string>, message: RegExp][] = [
    [{ SMSHUB_WEBHOOK_CONCURRENCY: '0' }, /SMSHUB_WEBHOOK_CONCURRENCY/],
    [{ SMSHUB_WEBHOOK_CONCURRENCY: 'many' }, /SMSHUB_WEBHOOK_CONCURRENCY/],
    [{ SMSHUB_WEBHOOK_CONCURRENCY: '2.5' }, /SMSHUB_WEBHOOK_CONCURRENCY/],
    [{ SMSHUB_WEBHOOK_TIMEOUT_MS: '999999' }, /SMSHUB_WEBHOOK_TIMEOUT_MS/],
    [{ SMSHUB_WEBHOOK_ENDPOINT_CONCURRENCY: '0' }, /SMSHUB_WEBHOOK_ENDPOINT_CONCURRENCY/],
    [
      { SMSHUB_WEBHOOK_CONCURRENCY: '8', SMSHUB_WEBHOOK_ENDPOINT_CONCURRENCY: '9' },
      /SMSHUB_WEBHOOK_ENDPOINT_CONCURRENCY must not exceed SMSHUB_WEBHOOK_CONCURRENCY/,
    ],
    [
      { SMSHUB_WEBHOOK_TIMEOUT_MS: '10000', SMSHUB_WEBHOOK_LEASE_MS: '12000' },
      /SMSHUB_WEBHOOK_LEASE_MS[\s\S]*TIMEOUT_MS \+ 5000/,
    ],
    [{ SMSHUB_WEBHOOKS_ALLOW_PRIVATE: 'yes' }, /SMSHUB_WEBHOOKS_ALLOW_PRIVATE/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ];
  it.each(bad)('refuses %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('lists every bad variable at once', () => {
    expect(() => loadConfig({ SMSHUB_WEBHOOK_CONCURRENCY: '0', LOG_LEVEL: 'loud' })).toThrow(
      /CONCURRENCY[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*CONCURRENCY/,
    );
  });
});
