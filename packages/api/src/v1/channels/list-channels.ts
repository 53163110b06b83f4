import { readChannelStates } from '@smshub/queue';
import { ApiError } from '../api-error.js';
import { contract } from '../contract.js';
import { endpoint } from '../http/endpoint.js';
import { jsonResponse } from '../http/responses.js';
import type { ChannelList } from '../schemas.js';
import { channelResource } from './channel-resource.js';

/**
 * How long the answer waits for Redis. The connection waits through reconnects rather than
 * failing, so without a bound a Redis outage would hold the call; and answering "every channel
 * down" instead would be wrong in the one moment operators look hardest.
 */
export const LIVE_STATE_TIMEOUT_MS = 2_000;

/**
 * GET /api/v1/channels: every channel (tens, not thousands), configuration from PostgreSQL and
 * live state from Redis in one round trip.
 */
export const listChannels = endpoint(contract.listChannels, async ({ deps, log }) => {
  const channels = await deps.prisma.channel.findMany({
    select: {
      id: true,
      name: true,
      protocol: true,
      protocolVersion: true,
      role: true,
      carriers: true,
      tps: true,
      windowSize: true,
      maxBinds: true,
      enabled: true,
    },
    orderBy: { id: 'asc' },
  });
  const reading = readChannelStates(
    deps.redis,
    deps.redisKeys,
    channels.map((channel) => String(channel.id)),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer from Redis within ${LIVE_STATE_TIMEOUT_MS} ms`)),
      LIVE_STATE_TIMEOUT_MS,
    );
  });
  let states: Awaited<typeof reading>;
  try {
    states = await Promise.race([reading, timeout]);
  } catch (error) {
    // A late failure of the read itself must not surface as an unhandled rejection.
    reading.catch(() => undefined);
    log.error({ err: error }, 'channels: live state not read from Redis');
    throw new ApiError(
      'live_state_unavailable',
      `the channels' live state could not be read from Redis: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    clearTimeout(timer);
  }
  const now = deps.now().getTime();
  const body: ChannelList = {
    data: channels.map((channel) => channelResource(channel, states.get(String(channel.id)), now)),
  };
  return jsonResponse(200, body);
});
