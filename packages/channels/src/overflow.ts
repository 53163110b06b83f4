import type { ChannelLiveState } from '@smshub/core';
import type { ChannelRow, ClaimedMessage } from '@smshub/db';
import type { DispatchJob } from '@smshub/queue';

/** Where a message that waited too long on channel `selfId` might go instead: enabled cross-carrier and backup channels. */
export function overflowAlternatives(channels: readonly ChannelRow[], selfId: bigint): ChannelRow[] {
  return channels.filter((c) => c.enabled && c.id !== selfId && (c.role === 'cross_carrier' || c.role === 'backup'));
}

/**
 * The messages another channel could take now: one of `alternatives` whose live state is fresh
 * (published within 5 s), up and bound, and that reaches the message's carrier (a backup modem
 * pool reaches every carrier). No I/O: the runner reads the states.
 */
export function reachableElsewhere(
  messages: readonly Pick<ClaimedMessage, 'id' | 'carrierCode'>[],
  alternatives: readonly Pick<ChannelRow, 'id' | 'role' | 'carriers'>[],
  states: ReadonlyMap<string, Pick<ChannelLiveState, 'up' | 'binds' | 'updatedAt'>>,
  now: number,
): Set<bigint> {
  const usable = alternatives.filter((c) => {
    const state = states.get(String(c.id));
    return state !== undefined && state.up && state.binds > 0 && now - state.updatedAt <= 5_000;
  });
  const reaches = (m: Pick<ClaimedMessage, 'carrierCode'>) =>
    usable.some((c) => c.role === 'backup' || (m.carrierCode !== null && c.carriers.includes(m.carrierCode)));
  return new Set(messages.filter(reaches).map((m) => m.id));
}

/** A message going back to the dispatcher: after `delayMs`; `overflow` when it waited too long here. */
export interface Released {
  readonly id: bigint;
  readonly delayMs: number;
  readonly overflow: boolean;
}

export interface DispatchBatch {
  readonly delay: number;
  readonly reason: DispatchJob['reason'];
  readonly ids: readonly string[];
}

/**
 * The dispatch jobs for messages given back: one per reason and delay, 500 ids at most (the
 * dispatcher's batch). Overflow before the rest is the dispatcher's business; here only the
 * reason says why: waited too long ('overflow'), routed elsewhere at once ('failover'), or later
 * ('retry').
 */
export function dispatchBatches(released: readonly Released[]): DispatchBatch[] {
  const groups = new Map<string, { delay: number; reason: DispatchJob['reason']; ids: string[] }>();
  for (const { id, delayMs, overflow } of released) {
    const reason: DispatchJob['reason'] = overflow ? 'overflow' : delayMs === 0 ? 'failover' : 'retry';
    const key = `${reason}:${delayMs}`;
    const group = groups.get(key) ?? { delay: delayMs, reason, ids: [] };
    group.ids.push(String(id));
    groups.set(key, group);
  }
  const batches: DispatchBatch[] = [];
  for (const { delay, reason, ids } of groups.values())
    for (let i = 0; i < ids.length; i += 500) batches.push({ delay, reason, ids: ids.slice(i, i + 500) });
  return batches;
}
