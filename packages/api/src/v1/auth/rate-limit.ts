import type { Redis, RedisKeys } from '@smshub/queue';
import { ApiError } from '../api-error.js';
import type { Principal } from '../../ops/principal.js';

/**
 * Limits on what an org and a key may send, kept in Redis so every API process — the lean server
 * and the portal alike — counts against the same buckets (docs/decisions/0181-intake-limits.md):
 *
 * - a key's rate (api_keys.rate_limit, requests per second) and an org's intake rate
 *   (orgs.rate_limit, messages per second): GCRA, a theoretical arrival time per bucket, so a
 *   burst of up to one second's worth passes and a bulk call may run the bucket into debt that
 *   later calls wait out;
 * - an org's day and month (orgs.daily_limit / monthly_limit, messages per Beijing day / month):
 *   counters reserved with the request's message count and given back when intake refuses it.
 *
 * One call checks every bucket it names and takes from all of them, or from none, in one Lua
 * script: one round trip, atomic across processes. null everywhere means unlimited, and then
 * nothing is asked of Redis at all.
 */

/** What one principal's sends are held to; null = unlimited. */
export interface IntakeLimits {
  /** The key's own requests per second, when an API key with a rate acts. */
  readonly keyRate: { readonly keyId: bigint; readonly perSecond: number } | null;
  readonly orgRate: number | null;
  readonly daily: number | null;
  readonly monthly: number | null;
}

export const NO_LIMITS: IntakeLimits = { keyRate: null, orgRate: null, daily: null, monthly: null };

/**
 * The limits authenticate read with the key (cached with it for a few seconds), by principal: a
 * principal made from an API key carries its org's limits to intake without another query.
 */
const limitsOfPrincipal = new WeakMap<Principal, IntakeLimits>();

export function rememberLimits(principal: Principal, limits: IntakeLimits): void {
  limitsOfPrincipal.set(principal, limits);
}

export function rememberedLimits(principal: Principal): IntakeLimits | undefined {
  return limitsOfPrincipal.get(principal);
}

/** Beijing time has no daylight saving: UTC+8 all year. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

export interface BeijingWindows {
  /** 20261203 */
  readonly day: string;
  /** 202612 */
  readonly month: string;
  readonly dayEndsAt: Date;
  readonly monthEndsAt: Date;
}

export function beijingWindows(now: Date): BeijingWindows {
  const local = new Date(now.getTime() + BEIJING_OFFSET_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    day: `${y}${pad(m + 1)}${pad(d)}`,
    month: `${y}${pad(m + 1)}`,
    dayEndsAt: new Date(Date.UTC(y, m, d + 1) - BEIJING_OFFSET_MS),
    monthEndsAt: new Date(Date.UTC(y, m + 1, 1) - BEIJING_OFFSET_MS),
  };
}

/** Which limit refused, for the error and the tests. */
export type LimitKind = 'key_rate' | 'org_rate' | 'daily' | 'monthly';

interface Bucket {
  readonly kind: LimitKind;
  readonly key: string;
  /** 'g': GCRA with `limit` per second; 'c': a counter of at most `limit` until `endsAt`. */
  readonly type: 'g' | 'c';
  readonly limit: number;
  readonly cost: number;
  /** Counters: when the window ends (the key expires an hour after). */
  readonly endsAt?: Date;
}

/**
 * ARGV: now (ms), then per bucket type, limit, cost, window end (ms; 0 for GCRA). Checks every
 * bucket first, then takes from all: a refusal changes nothing. Returns {0, 0} when admitted,
 * else {index of the refusing bucket (1-based), ms until it would admit}.
 */
const ADMIT_SCRIPT = `
local now = tonumber(ARGV[1])
local n = #KEYS
for i = 1, n do
  local base = 1 + (i - 1) * 4
  local kind, limit, cost = ARGV[base + 1], tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
  local stored = tonumber(redis.call('GET', KEYS[i]) or '0')
  if kind == 'g' then
    local interval = 1000 / limit
    -- A millisecond's slack: stored times are rounded to microseconds.
    local tolerance = 1000 - interval + 0.001
    local tat = math.max(stored, now)
    if tat - now > tolerance then return {i, math.ceil(tat - now - tolerance)} end
  else
    if stored + cost > limit then return {i, math.max(1, tonumber(ARGV[base + 4]) - now)} end
  end
end
for i = 1, n do
  local base = 1 + (i - 1) * 4
  local kind, limit, cost = ARGV[base + 1], tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
  if kind == 'g' then
    local tat = math.max(tonumber(redis.call('GET', KEYS[i]) or '0'), now) + cost * 1000 / limit
    redis.call('SET', KEYS[i], string.format('%.3f', tat), 'PX', math.ceil(tat - now) + 1000)
  else
    redis.call('INCRBY', KEYS[i], cost)
    redis.call('PEXPIREAT', KEYS[i], tonumber(ARGV[base + 4]) + 3600000)
  end
end
return {0, 0}
`;

/** Gives back what ADMIT_SCRIPT took (same ARGV layout), never below empty. */
const RELEASE_SCRIPT = `
local n = #KEYS
for i = 1, n do
  local base = 1 + (i - 1) * 4
  local kind, limit, cost = ARGV[base + 1], tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
  local stored = redis.call('GET', KEYS[i])
  if stored then
    if kind == 'g' then
      local pttl = redis.call('PTTL', KEYS[i])
      local tat = tonumber(stored) - cost * 1000 / limit
      if pttl > 0 then redis.call('SET', KEYS[i], string.format('%.3f', tat), 'PX', pttl) end
    else
      local left = redis.call('DECRBY', KEYS[i], cost)
      if left < 0 then redis.call('SET', KEYS[i], '0', 'KEEPTTL') end
    end
  end
end
return 0
`;

type ScriptRedis = Redis & {
  smshubAdmit(numberOfKeys: number, ...args: (string | number)[]): Promise<[number, number]>;
  smshubRelease(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
};

const defined = new WeakSet<Redis>();

/** ioredis sends EVALSHA and falls back to EVAL once per connection when the script is unknown. */
function scripted(redis: Redis): ScriptRedis {
  if (!defined.has(redis)) {
    redis.defineCommand('smshubAdmit', { lua: ADMIT_SCRIPT });
    redis.defineCommand('smshubRelease', { lua: RELEASE_SCRIPT });
    defined.add(redis);
  }
  return redis as ScriptRedis;
}

function argsOf(buckets: readonly Bucket[]): (string | number)[] {
  const args: (string | number)[] = [];
  for (const bucket of buckets) args.push(bucket.key);
  return args;
}

function argvOf(buckets: readonly Bucket[]): (string | number)[] {
  const argv: (string | number)[] = [];
  for (const b of buckets) argv.push(b.type, b.limit, b.cost, b.endsAt?.getTime() ?? 0);
  return argv;
}

export interface LimitDeps {
  readonly redis: Redis;
  readonly redisKeys: RedisKeys;
  readonly now: () => Date;
}

/**
 * Keys of one org share a hash tag, so one script may touch them all on a Redis Cluster too.
 * (RedisKeys names everything else; these are this module's alone.)
 */
function limitKey(deps: LimitDeps, orgId: bigint, rest: string): string {
  return `${deps.redisKeys.prefix}:limit:{org:${orgId}}:${rest}`;
}

/** What was taken, to give back when intake refuses the request after all. */
export class Reservation {
  constructor(
    private readonly deps: LimitDeps,
    private readonly buckets: readonly Bucket[],
  ) {}

  /** Nothing was taken (no limits): releasing costs nothing. */
  get empty(): boolean {
    return this.buckets.length === 0;
  }

  /**
   * Gives back `count` messages (default all) of the org's buckets; the key's request stays
   * counted — the request was made.
   */
  async release(count?: number): Promise<void> {
    const back = this.buckets
      .filter((bucket) => bucket.kind !== 'key_rate')
      .map((bucket) => ({ ...bucket, cost: Math.min(bucket.cost, count ?? bucket.cost) }))
      .filter((bucket) => bucket.cost > 0);
    if (back.length === 0) return;
    await scripted(this.deps.redis).smshubRelease(back.length, ...argsOf(back), ...argvOf(back));
  }
}

/**
 * Takes one request from the key's bucket and `messages` from the org's, or throws the refusal
 * (429 with Retry-After) having taken nothing. `messages` = 0: the key's request only.
 */
export async function admit(
  deps: LimitDeps,
  orgId: bigint,
  limits: IntakeLimits,
  messages: number,
): Promise<Reservation> {
  const now = deps.now();
  const buckets: Bucket[] = [];
  if (limits.keyRate !== null) {
    buckets.push({
      kind: 'key_rate',
      key: limitKey(deps, orgId, `key:${limits.keyRate.keyId}`),
      type: 'g',
      limit: limits.keyRate.perSecond,
      cost: 1,
    });
  }
  if (messages > 0) {
    const windows = beijingWindows(now);
    if (limits.orgRate !== null) {
      buckets.push({
        kind: 'org_rate',
        key: limitKey(deps, orgId, 'rate'),
        type: 'g',
        limit: limits.orgRate,
        cost: messages,
      });
    }
    if (limits.daily !== null) {
      buckets.push({
        kind: 'daily',
        key: limitKey(deps, orgId, `day:${windows.day}`),
        type: 'c',
        limit: limits.daily,
        cost: messages,
        endsAt: windows.dayEndsAt,
      });
    }
    if (limits.monthly !== null) {
      buckets.push({
        kind: 'monthly',
        key: limitKey(deps, orgId, `month:${windows.month}`),
        type: 'c',
        limit: limits.monthly,
        cost: messages,
        endsAt: windows.monthEndsAt,
      });
    }
  }
  if (buckets.length === 0) return new Reservation(deps, buckets);
  const [refusedAt, retryMs] = await scripted(deps.redis).smshubAdmit(
    buckets.length,
    ...argsOf(buckets),
    now.getTime(),
    ...argvOf(buckets),
  );
  if (refusedAt === 0) return new Reservation(deps, buckets);
  throw limitError(buckets[refusedAt - 1] as Bucket, retryMs, messages);
}

/** Messages used so far in the org's current Beijing day and month (the console shows them). */
export async function usedToday(deps: LimitDeps, orgId: bigint): Promise<{ day: number; month: number }> {
  const windows = beijingWindows(deps.now());
  const [day, month] = await deps.redis.mget(
    limitKey(deps, orgId, `day:${windows.day}`),
    limitKey(deps, orgId, `month:${windows.month}`),
  );
  return { day: Number(day ?? 0), month: Number(month ?? 0) };
}

function limitError(bucket: Bucket, retryMs: number, messages: number): ApiError {
  const retryAfter = Math.max(1, Math.ceil(retryMs / 1000));
  switch (bucket.kind) {
    case 'key_rate':
      return ApiError.retryLater(
        'rate_limited',
        `this API key may make ${bucket.limit} requests per second; retry after ${retryAfter} s`,
        retryAfter,
        { limit: bucket.limit, scope: 'api_key' },
      );
    case 'org_rate':
      return ApiError.retryLater(
        'rate_limited',
        `your org may send ${bucket.limit} messages per second; retry after ${retryAfter} s`,
        retryAfter,
        { limit: bucket.limit, scope: 'org' },
      );
    case 'daily':
      return ApiError.retryLater(
        'daily_limit_exceeded',
        `these ${messages} messages would pass your org's limit of ${bucket.limit} messages per day (Beijing time); nothing was sent or charged`,
        retryAfter,
        { limit: bucket.limit, requested: messages },
      );
    case 'monthly':
      return ApiError.retryLater(
        'monthly_limit_exceeded',
        `these ${messages} messages would pass your org's limit of ${bucket.limit} messages per month (Beijing time); nothing was sent or charged`,
        retryAfter,
        { limit: bucket.limit, requested: messages },
      );
  }
}
