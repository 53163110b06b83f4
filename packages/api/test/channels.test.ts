import { randomUUID } from 'node:crypto';
import type { Channel as ChannelRow } from '@smshub/db';
import {
  addQueued,
  createRedis,
  markChannelDown,
  publishChannelState,
  RedisKeys,
  type PublishedState,
} from '@smshub/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelList, LIVE_STATE_MAX_AGE_MS, LIVE_STATE_TIMEOUT_MS, listChannels, type Channel } from '../src/index.js';
import { createApiFixture, errorOf, type ApiFixture } from './api-fixture.js';

const busy = {
  up: true,
  binds: 2,
  inFlight: 11,
  window: 32,
  allowedTps: 150,
  waiting: 5,
  rate: 187.5,
  errorRate: 0.002,
  deliveredRate: 0.981,
};

describe('GET /api/v1/channels', () => {
  let fx: ApiFixture;
  let key: string;
  beforeAll(async () => {
    fx = await createApiFixture();
    key = await fx.key(fx.platform.id, { scopes: ['operations'] });
  });
  afterAll(() => fx?.close());

  const list = async (deps = fx.deps) => {
    const response = await listChannels(
      new Request('http://smshub.test/api/v1/channels', {
        headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': '198.51.100.10' },
      }),
      deps,
    );
    return { status: response.status, text: await response.text() };
  };
  const channels = async (deps = fx.deps): Promise<Channel[]> => {
    const response = await list(deps);
    expect(response.status).toBe(200);
    return ChannelList.parse(JSON.parse(response.text)).data;
  };
  const publish = (channel: ChannelRow, state: PublishedState, at: number) =>
    publishChannelState(fx.redis, fx.redisKeys, String(channel.id), state, at);

  it('is empty before any channel is configured', async () => {
    expect(await channels()).toEqual([]);
  });

  describe('with channels', () => {
    let cmpp: ChannelRow;
    let smgp: ChannelRow;
    let stale: ChannelRow;
    let silent: ChannelRow;
    let queuedOnly: ChannelRow;
    let modem: ChannelRow;
    let publishedAt: number;

    beforeAll(async () => {
      cmpp = await fx.channel({ name: 'cmcc-cmpp-bj', tps: 200, windowSize: 16, maxBinds: 2 });
      smgp = await fx.channel({
        name: 'ctcc-smgp-gz',
        protocol: 'smgp',
        protocolVersion: '3.0',
        carriers: ['CTCC'],
        role: 'cross_carrier',
      });
      stale = await fx.channel({ name: 'cucc-sgip-sh', protocol: 'sgip', protocolVersion: '1.2', carriers: ['CUCC'] });
      silent = await fx.channel({
        name: 'cbn-cngp',
        protocol: 'cngp',
        protocolVersion: '2.0',
        carriers: ['CBN'],
        enabled: false,
      });
      queuedOnly = await fx.channel({
        name: 'intl-smpp',
        protocol: 'smpp',
        protocolVersion: '3.4',
        carriers: ['INTL'],
      });
      modem = await fx.channel({
        name: 'modem-pool',
        protocol: 'modem',
        protocolVersion: '1',
        carriers: [],
        role: 'backup',
      });

      publishedAt = Date.now();
      await publish(cmpp, busy, publishedAt);
      await addQueued(fx.redis, fx.redisKeys, String(cmpp.id), 40);
      // Its worker is stopping it: a fresh state that says down.
      await publish(smgp, busy, publishedAt);
      await markChannelDown(fx.redis, fx.redisKeys, String(smgp.id), publishedAt);
      // Its worker died 6 s ago.
      await publish(stale, busy, publishedAt - LIVE_STATE_MAX_AGE_MS - 1_000);
      // The dispatcher counted messages for it, but no worker ever published a state.
      await addQueued(fx.redis, fx.redisKeys, String(queuedOnly.id), 3);
      await publish(modem, { ...busy, up: false, binds: 0, inFlight: 0 }, publishedAt);
    });

    it('shows every channel by id with its configuration and its live state', async () => {
      const shown = await channels();
      expect(shown.map((channel) => channel.name)).toEqual([
        'cmcc-cmpp-bj',
        'ctcc-smgp-gz',
        'cucc-sgip-sh',
        'cbn-cngp',
        'intl-smpp',
        'modem-pool',
      ]);
      expect(shown[0]).toEqual({
        id: String(cmpp.id),
        name: 'cmcc-cmpp-bj',
        protocol: 'cmpp',
        protocol_version: '3.0',
        role: 'primary',
        carriers: ['CMCC'],
        tps: 200,
        window: 16,
        max_binds: 2,
        enabled: true,
        up: true,
        state: {
          binds: 2,
          in_flight: 11,
          window: 32,
          allowed_tps: 150,
          rate: 187.5,
          error_rate: 0.002,
          delivered_rate: 0.981,
          queued: 40,
          updated_at: new Date(publishedAt).toISOString(),
        },
      });
      expect(shown[5]).toMatchObject({
        protocol: 'modem',
        role: 'backup',
        carriers: [],
        up: false,
        state: { binds: 0, in_flight: 0 },
      });
    });

    it('shows a fresh state that says down as down, with its state', async () => {
      const [, down] = await channels();
      expect(down).toMatchObject({
        name: 'ctcc-smgp-gz',
        protocol: 'smgp',
        role: 'cross_carrier',
        carriers: ['CTCC'],
        up: false,
        state: { binds: 2 },
      });
    });

    it('shows state null and down for a stale state, none at all, or only a queued count', async () => {
      const shown = await channels();
      for (const channel of [stale, silent, queuedOnly]) {
        expect(shown.find((c) => c.id === String(channel.id))).toMatchObject({ up: false, state: null });
      }
      expect(shown[3]).toMatchObject({ name: 'cbn-cngp', enabled: false });
    });

    const ages = [
      { age: 0, shown: true },
      { age: LIVE_STATE_MAX_AGE_MS, shown: true },
      { age: LIVE_STATE_MAX_AGE_MS + 1, shown: false },
      { age: 60_000, shown: false },
    ];
    it.each(ages)('counts a state $age ms old as published: $shown', async ({ age, shown }) => {
      const at = Date.now();
      await publish(cmpp, busy, at);
      const [channel] = await channels({ ...fx.deps, now: () => new Date(at + age) });
      expect(channel?.up).toBe(shown);
      expect(channel?.state === null).toBe(!shown);
    });

    it('reads the live state under this deployment’s prefix only', async () => {
      const elsewhere = new RedisKeys(`smshub-test-${randomUUID()}`);
      await publishChannelState(fx.redis, elsewhere, String(silent.id), busy);
      try {
        expect((await channels()).find((c) => c.id === String(silent.id))).toMatchObject({ up: false, state: null });
      } finally {
        await fx.redis.del(elsewhere.channelState(String(silent.id)));
      }
    });

    it('never shows the credentials', async () => {
      const { text } = await list();
      const rows = await fx.prisma.channel.findMany();
      expect(rows.length).toBe(6);
      for (const row of rows) {
        expect(text).not.toContain(row.secret);
        expect(text).not.toContain(row.account);
      }
      for (const field of ['secret', 'account', 'password', 'host', 'port']) expect(text).not.toContain(`"${field}"`);
    });

    it('answers 503 when Redis does not answer, rather than calling every channel down', async () => {
      const unreachable = createRedis(
        { url: 'redis://127.0.0.1:1', prefix: fx.redisKeys.prefix },
        'api-test-unreachable',
      );
      unreachable.on('error', () => undefined);
      try {
        const started = Date.now();
        const response = await list({ ...fx.deps, redis: unreachable });
        expect(response.status).toBe(503);
        expect(JSON.parse(response.text)).toMatchObject({
          error: { code: 'live_state_unavailable', message: expect.stringMatching(/Redis/) },
        });
        expect(Date.now() - started).toBeGreaterThanOrEqual(LIVE_STATE_TIMEOUT_MS - 50);
        expect(Date.now() - started).toBeLessThan(LIVE_STATE_TIMEOUT_MS + 2_000);
      } finally {
        unreachable.disconnect();
      }
    });
  });

  it('is 403 to a platform key without the operations scope', async () => {
    const reader = await fx.key(fx.platform.id, { scopes: ['messages:read'] });
    const response = await fx.call(listChannels, { path: '/api/v1/channels', key: reader });
    expect(errorOf(response).code).toBe('insufficient_scope');
  });
});
