import { createPrisma, IntakeCommitter, IntakeReferenceLoader, parseApiKey } from '@smshub/db';
import { createRedis } from '@smshub/queue';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiKeyCache,
  IntakeDispatch,
  listMessages,
  prismaApiKeyLoader,
  SendMessagesResponse,
  sendMessages,
  type ApiDeps,
} from '../src/index.js';
import { beijingWindows } from '../src/v1/auth/rate-limit.js';
import { createApiFixture, errorOf, storedRows, type ApiFixture } from './api-fixture.js';

/**
 * Per-key rate, org intake rate and the org's day and month (decision 0181): 429 with
 * Retry-After, nothing stored or charged when refused, counters shared by every API process.
 */
describe('intake limits', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await createApiFixture();
  });
  afterAll(() => fx?.close());
  let realDeps: ApiDeps;
  beforeEach(() => {
    fx.clockOffsetMs = 0;
    // The rate buckets count by deps.now(): a stopped clock, moved only by the tests, so a busy
    // machine's slow calls cannot drain a bucket between them.
    realDeps = fx.deps;
    const t0 = Date.now();
    (fx as { deps: ApiDeps }).deps = { ...realDeps, now: () => new Date(t0 + fx.clockOffsetMs) };
  });
  afterEach(() => {
    (fx as { deps: ApiDeps }).deps = realDeps;
  });

  const text = '【测试】您的验证码是 583920。';
  const numbers = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => `1380013${String(from + i).padStart(4, '0')}`);
  const send = (key: string, to: string[]) =>
    fx.call(sendMessages, { path: '/api/v1/messages', key, body: { business_type: 'verification', to, text } });
  const sender = async (
    limits: { rateLimit?: number; dailyLimit?: number; monthlyLimit?: number },
    balance = 1_000_000n,
  ) => {
    const org = await fx.org({ balance });
    await fx.prisma.org.update({ where: { id: org.id }, data: limits });
    return { org, key: await fx.key(org.id) };
  };
  const withKeyRate = async (key: string, rateLimit: number) => {
    const prefix = parseApiKey(key)?.prefix ?? '';
    await fx.prisma.apiKey.update({ where: { prefix }, data: { rateLimit } });
    fx.deps.apiKeys.forget(prefix);
    return key;
  };

  describe('a key’s rate', () => {
    it('refuses the request past the key’s rate with 429 and Retry-After, on any route, until the second has passed', async () => {
      const { org } = await sender({});
      const key = await withKeyRate(await fx.key(org.id), 2);
      const list = () => fx.call(listMessages, { path: '/api/v1/messages', key });
      expect((await list()).status).toBe(200);
      expect((await list()).status).toBe(200);
      const refused = await list();
      expect(refused.status).toBe(429);
      expect(errorOf(refused)).toMatchObject({ code: 'rate_limited', details: { limit: 2, scope: 'api_key' } });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      fx.clockOffsetMs += 1_000;
      expect((await list()).status).toBe(200);
    });

    it('counts the send route’s request in the same call as the org’s limits, and other keys of the org not at all', async () => {
      const { org, key: other } = await sender({});
      const key = await withKeyRate(await fx.key(org.id), 1);
      expect((await send(key, numbers(1))).status).toBe(201);
      const refused = await send(key, numbers(1, 1));
      expect(refused.status).toBe(429);
      expect(errorOf(refused).code).toBe('rate_limited');
      expect((await send(other, numbers(1, 2))).status).toBe(201);
      expect((await storedRows(fx.prisma, org.id)).messages).toBe(2);
    });

    it('a key and an org without limits cost no Redis call at all', async () => {
      const { key } = await sender({});
      const noRedis = new Proxy(fx.redis, {
        get: () => {
          throw new Error('Redis was used');
        },
      });
      const deps: ApiDeps = { ...fx.deps, redis: noRedis };
      const request = (body?: unknown) =>
        new Request('http://smshub.test/api/v1/messages', {
          method: body === undefined ? 'GET' : 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            'x-forwarded-for': '198.51.100.10',
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      expect((await listMessages(request(), deps)).status).toBe(200);
      // A send in the future enqueues nothing either, so Redis stays untouched.
      const sendAt = new Date(Date.now() + 3_600_000).toISOString();
      const sent = await sendMessages(
        request({ business_type: 'verification', to: numbers(1), text, send_at: sendAt }),
        deps,
      );
      expect(sent.status).toBe(201);
    });
  });

  describe('an org’s intake rate (messages per second)', () => {
    it('admits a second’s worth, then refuses with the org’s rate until the bucket drains', async () => {
      const { org, key } = await sender({ rateLimit: 3 });
      expect((await send(key, numbers(2))).status).toBe(201);
      expect((await send(key, numbers(1, 2))).status).toBe(201);
      const refused = await send(key, numbers(1, 3));
      expect(refused.status).toBe(429);
      expect(errorOf(refused)).toMatchObject({ code: 'rate_limited', details: { limit: 3, scope: 'org' } });
      expect((await storedRows(fx.prisma, org.id)).messages).toBe(3);
      fx.clockOffsetMs += 400;
      expect((await send(key, numbers(1, 4))).status).toBe(201);
    });

    it('lets a bulk call bigger than the rate through once, and makes the calls after it wait it out', async () => {
      const { key } = await sender({ rateLimit: 10 });
      expect((await send(key, numbers(50))).status).toBe(201);
      const refused = await send(key, numbers(1, 50));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(4);
      fx.clockOffsetMs += 5_000;
      expect((await send(key, numbers(1, 51))).status).toBe(201);
    });
  });

  describe('an org’s day and month (Beijing time)', () => {
    it('refuses the request that would pass the daily limit, whole, with daily_limit_exceeded until Beijing midnight', async () => {
      const { org, key } = await sender({ dailyLimit: 3 });
      expect((await send(key, numbers(2))).status).toBe(201);
      const before = await storedRows(fx.prisma, org.id);
      const refused = await send(key, numbers(2, 2));
      expect(refused.status).toBe(429);
      expect(errorOf(refused)).toMatchObject({ code: 'daily_limit_exceeded', details: { limit: 3, requested: 2 } });
      const untilMidnight = (beijingWindows(fx.deps.now()).dayEndsAt.getTime() - fx.deps.now().getTime()) / 1000;
      expect(Math.abs(Number(refused.headers.get('retry-after')) - untilMidnight)).toBeLessThan(5);
      expect(await storedRows(fx.prisma, org.id)).toEqual(before);
      // The last slot is still there for a request that fits.
      expect((await send(key, numbers(1, 4))).status).toBe(201);
      expect((await send(key, numbers(1, 5))).status).toBe(429);
      // A new Beijing day, a new count.
      fx.clockOffsetMs += beijingWindows(fx.deps.now()).dayEndsAt.getTime() - fx.deps.now().getTime() + 1_000;
      expect((await send(key, numbers(3, 6))).status).toBe(201);
    });

    it('refuses past the monthly limit with monthly_limit_exceeded, across days', async () => {
      const { key } = await sender({ dailyLimit: 100, monthlyLimit: 4 });
      // Early in a Beijing month, so the next day is the same month.
      const start = beijingWindows(fx.deps.now()).monthEndsAt.getTime() + 3_600_000;
      fx.clockOffsetMs += start - fx.deps.now().getTime();
      expect((await send(key, numbers(3))).status).toBe(201);
      fx.clockOffsetMs += 86_400_000;
      const refused = await send(key, numbers(2, 3));
      expect(refused.status).toBe(429);
      expect(errorOf(refused).code).toBe('monthly_limit_exceeded');
      expect((await send(key, numbers(1, 5))).status).toBe(201);
    });

    it('gives the reservation back when intake refuses: no balance, every recipient rejected, a replay', async () => {
      const { org, key } = await sender({ dailyLimit: 2 }, 0n);
      const poor = await send(key, numbers(2));
      expect(poor.status).toBe(402);
      const rejected = await send(key, ['12345', '54321']);
      expect(rejected.status).toBe(422);
      await fx.prisma.org.update({ where: { id: org.id }, data: { balance: 1_000_000n } });
      const body = { business_type: 'verification', to: numbers(1), text, client_ref: 'once' };
      expect((await fx.call(sendMessages, { path: '/api/v1/messages', key, body })).status).toBe(201);
      const replay = await fx.call(sendMessages, { path: '/api/v1/messages', key, body });
      expect(replay.status).toBe(200);
      // One slot left of two: the refused calls and the replay took none.
      expect((await send(key, numbers(1, 1))).status).toBe(201);
      expect((await send(key, numbers(1, 2))).status).toBe(429);
    });

    it('counts accepted messages only: rejected recipients of a stored request are given back', async () => {
      const { key } = await sender({ dailyLimit: 3 });
      const response = await send(key, [...numbers(1), '12345', '54321']);
      expect(SendMessagesResponse.parse(response.body)).toMatchObject({ accepted: 1, rejected: 2 });
      // The give-back is not awaited by the answer.
      await expect.poll(async () => (await send(key, numbers(2, 1))).status).toBe(201);
    });

    it('two processes racing for the last slots: exactly the limit is stored', async () => {
      const { org, key } = await sender({ dailyLimit: 5 });
      expect((await send(key, numbers(3))).status).toBe(201);
      const other = await otherProcess(fx);
      try {
        const calls = Array.from({ length: 8 }, (_, i) => {
          const request = new Request('http://smshub.test/api/v1/messages', {
            method: 'POST',
            headers: {
              authorization: `Bearer ${key}`,
              'content-type': 'application/json',
              'x-forwarded-for': '198.51.100.10',
            },
            body: JSON.stringify({ business_type: 'verification', to: numbers(1, 10 + i), text }),
          });
          return sendMessages(request, i % 2 === 0 ? fx.deps : other.deps);
        });
        const statuses = (await Promise.all(calls)).map((response) => response.status).sort();
        expect(statuses).toEqual([201, 201, 429, 429, 429, 429, 429, 429]);
        expect((await storedRows(fx.prisma, org.id)).messages).toBe(5);
      } finally {
        await other.close();
      }
    });
  });
});

/** A second API process on the same PostgreSQL and Redis: its own caches, committer and connections. */
async function otherProcess(fx: ApiFixture): Promise<{ deps: ApiDeps; close(): Promise<void> }> {
  const prisma = createPrisma(fx.db.url);
  const redis = createRedis({ url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', prefix: '' }, 'api-test-2');
  const deps: ApiDeps = {
    ...fx.deps,
    prisma,
    redis,
    apiKeys: new ApiKeyCache(prismaApiKeyLoader(prisma)),
    intakeReferences: new IntakeReferenceLoader(fx.pool),
    intakeCommitter: new IntakeCommitter(fx.pool),
    intakeDispatch: new IntakeDispatch(fx.deps.dispatch, fx.deps.now),
  };
  return {
    deps,
    async close() {
      await Promise.all([deps.intakeCommitter.drained(), deps.intakeReferences.drained()]);
      await deps.intakeDispatch.drained();
      redis.disconnect();
      await prisma.$disconnect();
    },
  };
}
