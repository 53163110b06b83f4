import type { ChannelProtocol, ChannelRole } from '@smshub/db';
import type { ChannelLiveState } from '@smshub/core';
import type { Channel, ChannelState } from '../schemas.js';

/** A state older than this is a worker that stopped publishing (it writes every half second). */
export const LIVE_STATE_MAX_AGE_MS = 5_000;

/** The columns the API shows: the credentials (account, secret) are never read for it. */
export interface ChannelConfig {
  readonly id: bigint;
  readonly name: string;
  readonly protocol: ChannelProtocol;
  readonly protocolVersion: string;
  readonly role: ChannelRole;
  readonly carriers: readonly string[];
  readonly tps: number;
  readonly windowSize: number;
  readonly maxBinds: number;
  readonly enabled: boolean;
}

/** A channel's configuration with its live state, if one was published in the last 5 seconds. */
export function channelResource(config: ChannelConfig, live: ChannelLiveState | undefined, nowMs: number): Channel {
  const state = live !== undefined && nowMs - live.updatedAt <= LIVE_STATE_MAX_AGE_MS ? stateResource(live) : null;
  return {
    id: String(config.id),
    name: config.name,
    protocol: config.protocol,
    protocol_version: config.protocolVersion,
    role: config.role,
    carriers: [...config.carriers],
    tps: config.tps,
    window: config.windowSize,
    max_binds: config.maxBinds,
    enabled: config.enabled,
    up: state !== null && live?.up === true,
    state,
  };
}

function stateResource(live: ChannelLiveState): ChannelState {
  return {
    binds: live.binds,
    in_flight: live.inFlight,
    window: live.window,
    allowed_tps: live.allowedTps,
    rate: live.rate,
    error_rate: live.errorRate,
    delivered_rate: live.deliveredRate,
    queued: live.queued,
    updated_at: new Date(live.updatedAt).toISOString(),
  };
}
