import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CODE_MAX_TRIES, consumeCode, sendCode } from '../../src/index.js';
import { createApiFixture, type ApiFixture } from '../api-fixture.js';
import { freshPhone, lastCode, lastPlatformText, letPlatformSend, startOfNextWindow } from './auth-fixture.js';
import { refusal } from './refusal.js';

describe('SMS verification codes', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await createApiFixture();
    await letPlatformSend(fx);
  });
  afterAll(() => fx?.close());
  beforeEach(() => {
    fx.clockOffsetMs = 0;
  });

  const send = (phone: string, purpose: 'signup' | 'signin' | 'reset' = 'signup', address = '203.0.113.1') =>
    sendCode(fx.deps, null, { purpose, phone, address });

  it('sends six digits through intake as the platform org, verification type, queued for dispatch', async () => {
    const phone = freshPhone();
    const result = await send(`+86 ${phone}`);
    expect(result).toEqual({
      sentTo: `${phone.slice(0, 3)}****${phone.slice(7)}`,
      expiresInSeconds: 300,
      resendAfterSeconds: 60,
    });
    const message = await fx.prisma.message.findFirstOrThrow({
      where: { orgId: fx.platform.id, recipient: phone },
      include: { businessType: true },
    });
    expect(message.text).toMatch(/注册验证码是 \d{6}，5 分钟内有效/);
    expect(message.businessType.code).toBe('verification');
    expect(message.carrierCode).toBe('CMCC');
    await expect
      .poll(async () => {
        const jobs = await fx.queue.getJobs(['prioritized', 'waiting']);
        return jobs.some((job) => job.data.ids.includes(String(message.id)));
      })
      .toBe(true);
    // Redis keeps a digest, never the code.
    const keys = await fx.redis.keys(`${fx.redisKeys.prefix}:auth:code:signup:${phone}`);
    const stored = await fx.redis.hgetall(keys[0] as string);
    expect(JSON.stringify(stored)).not.toContain(message.text.match(/\d{6}/)?.[0]);
  });

  it('accepts the right code once, for its purpose only', async () => {
    const phone = freshPhone();
    await send(phone);
    const code = await lastCode(fx, phone);
    expect((await refusal(consumeCode(fx.deps, { purpose: 'signin', phone, code }))).code).toBe('code_expired');
    await consumeCode(fx.deps, { purpose: 'signup', phone, code });
    expect((await refusal(consumeCode(fx.deps, { purpose: 'signup', phone, code }))).code).toBe('code_expired');
  });

  it('counts wrong tries and drops the code at the fifth', async () => {
    const phone = freshPhone();
    await send(phone);
    const code = await lastCode(fx, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i < CODE_MAX_TRIES; i++) {
      const error = await refusal(consumeCode(fx.deps, { purpose: 'signup', phone, code: wrong }));
      expect([error.code, error.details]).toEqual(['invalid_code', { tries_left: CODE_MAX_TRIES - i }]);
    }
    expect((await refusal(consumeCode(fx.deps, { purpose: 'signup', phone, code: 'abc' }))).code).toBe('invalid_code');
    // The right code no longer helps.
    expect((await refusal(consumeCode(fx.deps, { purpose: 'signup', phone, code }))).code).toBe('code_expired');
  });

  it('expires after five minutes', async () => {
    const phone = freshPhone();
    await send(phone);
    const code = await lastCode(fx, phone);
    fx.clockOffsetMs = 5 * 60_000 + 1;
    expect((await refusal(consumeCode(fx.deps, { purpose: 'signup', phone, code }))).code).toBe('code_expired');
  });

  it('refuses a resend within 60 s, and a new code replaces the old after it', async () => {
    const phone = freshPhone();
    await send(phone);
    const first = await lastCode(fx, phone);
    const error = await refusal(send(phone));
    expect(error.code).toBe('code_resend_too_soon');
    expect(error.details).toMatchObject({ retry_after_seconds: expect.any(Number) });
    fx.clockOffsetMs = 61_000;
    await send(phone);
    const second = await lastCode(fx, phone);
    if (first !== second) {
      expect((await refusal(consumeCode(fx.deps, { purpose: 'signup', phone, code: first }))).code).toBe(
        'invalid_code',
      );
    }
    await consumeCode(fx.deps, { purpose: 'signup', phone, code: second });
  });

  it('limits codes to 5 per phone per hour', async () => {
    const phone = freshPhone();
    const start = startOfNextWindow(3_600_000);
    for (let i = 0; i < 5; i++) {
      fx.clockOffsetMs = start + i * 61_000;
      await send(phone, 'signup', `203.0.113.${50 + i}`);
    }
    fx.clockOffsetMs = start + 5 * 61_000;
    const error = await refusal(send(phone, 'signup', '203.0.113.60'));
    expect(error.code).toBe('rate_limited');
    expect(error.details).toMatchObject({ limit: 'code:phone', max: 5 });
  });

  it('limits codes to 20 per address per hour', async () => {
    const address = '203.0.113.99';
    fx.clockOffsetMs = startOfNextWindow(3_600_000);
    for (let i = 0; i < 20; i++) await send(freshPhone(), 'signup', address);
    const error = await refusal(send(freshPhone(), 'signup', address));
    expect(error.details).toMatchObject({ limit: 'code:address', max: 20 });
  });

  it('refuses a sign-up code for a number that has an account, and for a number that is not a mobile', async () => {
    const org = await fx.org();
    const phone = freshPhone();
    await fx.prisma.user.create({
      data: { orgId: org.id, email: `${phone}@example.com`, name: 'x', passwordHash: 'x', phone },
    });
    expect((await refusal(send(phone))).code).toBe('already_exists');
    expect((await refusal(send('010-12345678'))).code).toBe('validation_error');
    expect((await refusal(send('not a number'))).code).toBe('validation_error');
  });

  it('answers a sign-in code for an unknown number as if sent, and sends nothing', async () => {
    const phone = freshPhone();
    const result = await send(phone, 'signin');
    expect(result.expiresInSeconds).toBe(300);
    expect(await lastPlatformText(fx, phone)).toBeNull();
  });

  it('keeps no code when the text cannot be sent (the platform is out of credit)', async () => {
    await fx.prisma.org.update({ where: { id: fx.platform.id }, data: { creditLimit: 0n } });
    try {
      const phone = freshPhone();
      expect((await refusal(send(phone))).code).toBe('sms_not_sent');
      expect(await fx.redis.exists(`${fx.redisKeys.prefix}:auth:code:signup:${phone}`)).toBe(0);
    } finally {
      await letPlatformSend(fx);
    }
  });
});
