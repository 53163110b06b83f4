import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';

/** A limit of `max` events per `windowMs` for one subject (a phone, an address, a login). */
export interface RateLimit {
  /** Names the counter in Redis and in the refusal: "code:phone", "signin:address" … */
  readonly name: string;
  readonly max: number;
  readonly windowMs: number;
}

const HOUR = 3_600_000;
const QUARTER = 15 * 60_000;

/** Codes sent: per phone and per address, counted whatever the purpose. */
export const CODES_PER_PHONE: RateLimit = { name: 'code:phone', max: 5, windowMs: HOUR };
export const CODES_PER_ADDRESS: RateLimit = { name: 'code:address', max: 20, windowMs: HOUR };
/** Sign-in attempts (every method): per address and per login name. */
export const SIGN_INS_PER_ADDRESS: RateLimit = { name: 'signin:address', max: 30, windowMs: QUARTER };
export const SIGN_INS_PER_LOGIN: RateLimit = { name: 'signin:login', max: 10, windowMs: QUARTER };
/** Sign-up applications per address. */
export const SIGN_UPS_PER_ADDRESS: RateLimit = { name: 'signup:address', max: 10, windowMs: HOUR };

/** INCR and, on the first increment, the window's expiry — atomically, so no counter lives forever. */
const COUNT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/**
 * Counts one event against each limit and refuses (`rate_limited`, with when to retry) once a
 * subject is over. Fixed windows numbered from deps.now(), in Redis, so every portal process
 * shares one count per subject; a window's counter expires with it. A refused event still counts:
 * hammering does not reset the window.
 */
export async function takeRateLimits(
  deps: ApiDeps,
  checks: readonly { readonly limit: RateLimit; readonly subject: string | null }[],
): Promise<void> {
  const now = deps.now().getTime();
  for (const { limit, subject } of checks) {
    if (subject === null) continue;
    const window = Math.floor(now / limit.windowMs);
    const key = `${deps.redisKeys.prefix}:auth:limit:${limit.name}:${subject}:${window}`;
    const count = Number(await deps.redis.eval(COUNT, 1, key, String(limit.windowMs * 2)));
    if (count > limit.max) {
      const retryAfter = Math.ceil(((window + 1) * limit.windowMs - now) / 1000);
      throw new ApiError('rate_limited', `too many attempts (${limit.name}); try again in ${retryAfter} s`, {
        limit: limit.name,
        max: limit.max,
        window_seconds: limit.windowMs / 1000,
        retry_after_seconds: retryAfter,
      });
    }
  }
}
