import type { ChannelLiveState } from '@smshub/core';
import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys.js';

/**
 * A channel's live state in Redis: a hash written by the channel's owner every half second (and
 * expiring a minute after the last write), plus a `queued` counter the dispatcher raises when it
 * hands the channel messages and the owner lowers when it takes them.
 */

export type PublishedState = Omit<ChannelLiveState, 'queued' | 'updatedAt' | 'released'>;

export async function publishChannelState(
  redis: Redis,
  keys: RedisKeys,
  channelId: string,
  state: PublishedState,
  now = Date.now(),
): Promise<void> {
  const key = keys.channelState(channelId);
  await redis
    .multi()
    .hset(key, {
      up: state.up ? '1' : '0',
      binds: String(state.binds),
      inFlight: String(state.inFlight),
      window: String(state.window),
      allowedTps: String(state.allowedTps),
      waiting: String(state.waiting),
      rate: state.rate.toFixed(1),
      errorRate: state.errorRate.toFixed(3),
      deliveredRate: state.deliveredRate.toFixed(3),
      released: '0',
      updatedAt: String(now),
    })
    .pexpire(key, 60_000)
    .exec();
}

/**
 * Marks a channel down at once because its owner is stopping it (shutting down, or giving it to
 * another worker): `released` tells the dispatcher the gateway did not fail, so the channel is
 * expected back once someone owns it again.
 */
export async function markChannelDown(
  redis: Redis,
  keys: RedisKeys,
  channelId: string,
  now = Date.now(),
): Promise<void> {
  await redis.hset(keys.channelState(channelId), 'up', '0', 'released', '1', 'updatedAt', String(now));
}

/** Raises (or, negative, lowers) the count of messages queued for a channel. */
export async function addQueued(redis: Redis, keys: RedisKeys, channelId: string, count: number): Promise<void> {
  if (count !== 0) await redis.hincrby(keys.channelState(channelId), 'queued', count);
}

export async function setQueued(redis: Redis, keys: RedisKeys, channelId: string, count: number): Promise<void> {
  await redis.hset(keys.channelState(channelId), 'queued', String(count));
}

/** Reads the states of the given channels in one round trip; a channel with no state is absent. */
export async function readChannelStates(
  redis: Redis,
  keys: RedisKeys,
  channelIds: readonly string[],
): Promise<Map<string, ChannelLiveState>> {
  const states = new Map<string, ChannelLiveState>();
  if (channelIds.length === 0) return states;
  const pipeline = redis.pipeline();
  for (const id of channelIds) pipeline.hgetall(keys.channelState(id));
  const results = (await pipeline.exec()) ?? [];
  channelIds.forEach((id, i) => {
    const [error, hash] = results[i] ?? [null, null];
    if (error !== null || hash === null || typeof hash !== 'object') return;
    const h = hash as Record<string, string>;
    if (h.updatedAt === undefined) return;
    const n = (field: string) => Number(h[field] ?? '0') || 0;
    states.set(id, {
      up: h.up === '1',
      binds: n('binds'),
      inFlight: n('inFlight'),
      window: n('window'),
      allowedTps: n('allowedTps'),
      rate: n('rate'),
      queued: Math.max(0, n('queued')),
      waiting: n('waiting'),
      errorRate: n('errorRate'),
      deliveredRate: h.deliveredRate === undefined ? 1 : n('deliveredRate'),
      released: h.released === '1',
      updatedAt: n('updatedAt'),
    });
  });
  return states;
}
