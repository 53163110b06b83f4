import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { sendPlatformSms } from './platform-sms.js';
import { CODES_PER_ADDRESS, CODES_PER_PHONE, takeRateLimits } from './rate-limits.js';

/** What a code may be used for: a code sent for one purpose is useless for another. */
export const CODE_PURPOSES = ['signup', 'signin', 'reset', 'bind'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

export const CODE_LENGTH = 6;
export const CODE_TTL_MS = 5 * 60_000;
export const CODE_MAX_TRIES = 5;
export const CODE_RESEND_MS = 60_000;

const PURPOSE_TEXT: Readonly<Record<CodePurpose, string>> = {
  signup: '注册',
  signin: '登录',
  reset: '重置密码',
  bind: '绑定手机',
};

function codeKey(deps: ApiDeps, purpose: CodePurpose, phone: string): string {
  return `${deps.redisKeys.prefix}:auth:code:${purpose}:${phone}`;
}

function digestOf(code: string, salt: Buffer): Buffer {
  return createHash('sha256').update(salt).update(code, 'utf8').digest();
}

export interface CodeSent {
  /** Seconds the code stays valid and until another may be asked for. */
  readonly expiresInSeconds: number;
  readonly resendAfterSeconds: number;
}

/**
 * Makes a code for (purpose, phone), keeps its salted SHA-256 in Redis for CODE_TTL_MS (a
 * hash, not the code: a Redis dump does not hand out live codes at a glance — six digits are
 * still only a million guesses, which is why the tries are counted) and sends it as the platform
 * org through intake. One code per (purpose, phone) at a time; a new one replaces the old, not
 * before CODE_RESEND_MS. Counts against the per-phone and per-address limits, shared by every
 * process through Redis.
 */
export async function issueCode(
  deps: ApiDeps,
  log: Logger,
  request: { readonly purpose: CodePurpose; readonly phone: string; readonly address: string | null },
): Promise<CodeSent> {
  const key = codeKey(deps, request.purpose, request.phone);
  const now = deps.now().getTime();
  const sentAt = Number(await deps.redis.hget(key, 'sentAt'));
  if (sentAt > 0 && now - sentAt < CODE_RESEND_MS) {
    const retryAfter = Math.ceil((sentAt + CODE_RESEND_MS - now) / 1000);
    throw new ApiError('code_resend_too_soon', `a code was sent less than a minute ago; ask again in ${retryAfter} s`, {
      retry_after_seconds: retryAfter,
    });
  }
  await takeRateLimits(deps, [
    { limit: CODES_PER_PHONE, subject: request.phone },
    { limit: CODES_PER_ADDRESS, subject: request.address },
  ]);

  const code = String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, '0');
  const salt = randomBytes(16);
  await deps.redis
    .multi()
    .del(key)
    .hset(key, {
      digest: digestOf(code, salt).toString('base64'),
      salt: salt.toString('base64'),
      sentAt: String(now),
      expiresAt: String(now + CODE_TTL_MS),
      tries: '0',
    })
    .pexpire(key, CODE_TTL_MS)
    .exec();
  try {
    await sendPlatformSms(deps, log, {
      to: request.phone,
      text: `【smshub】您的${PURPOSE_TEXT[request.purpose]}验证码是 ${code}，${CODE_TTL_MS / 60_000} 分钟内有效。请勿告诉他人。`,
      businessType: 'verification',
      purpose: `${request.purpose} code`,
    });
  } catch (error) {
    await deps.redis.del(key); // a code nobody received must not block the next request for a minute
    throw error;
  }
  return { expiresInSeconds: CODE_TTL_MS / 1000, resendAfterSeconds: CODE_RESEND_MS / 1000 };
}

/**
 * Uses up the code for (purpose, phone) if `code` is it. Every try counts (in Redis, so tries in
 * other processes count too); the CODE_MAX_TRIES-th wrong one deletes the code. A right code is
 * deleted as it is accepted, and only the caller whose DEL removed it wins, so a code works once.
 */
export async function consumeCode(
  deps: ApiDeps,
  request: { readonly purpose: CodePurpose; readonly phone: string; readonly code: string },
): Promise<void> {
  const key = codeKey(deps, request.purpose, request.phone);
  const stored = await deps.redis.hgetall(key);
  const expiresAt = Number(stored['expiresAt']);
  if (stored['digest'] === undefined || stored['salt'] === undefined || !(expiresAt > deps.now().getTime())) {
    throw new ApiError('code_expired', 'no valid code for this number: ask for a new one');
  }
  const tries = await deps.redis.hincrby(key, 'tries', 1);
  if (tries > CODE_MAX_TRIES) {
    await deps.redis.del(key);
    throw new ApiError('code_attempts_exhausted', `the code was tried ${CODE_MAX_TRIES} times: ask for a new one`);
  }
  const expected = Buffer.from(stored['digest'], 'base64');
  const given = /^\d{6}$/.test(request.code) ? digestOf(request.code, Buffer.from(stored['salt'], 'base64')) : null;
  if (given === null || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    if (tries >= CODE_MAX_TRIES) await deps.redis.del(key);
    throw new ApiError('invalid_code', 'the code is not right', { tries_left: CODE_MAX_TRIES - tries });
  }
  if ((await deps.redis.del(key)) === 0) {
    throw new ApiError('code_expired', 'no valid code for this number: ask for a new one');
  }
}
