import type { ChannelInfo, ChannelLiveState } from './channel.js';

export interface Pick {
  readonly channelId: string;
  /** True when the channel can take the message now; false when it will wait in its queue. */
  readonly idle: boolean;
}

/**
 * Chooses among candidate channels by live state. A channel is usable when its owner published
 * a fresh state saying it is up with at least one bind; it is idle when it also has window and
 * TPS budget left. A channel that is not usable only because its owner went away (it stopped
 * publishing while up, or released the channel on purpose) is "back soon" for `backSoonMs`
 * after its last publication: another worker takes its lease over, or the worker restarts, and
 * its gateway was fine. A gateway failure (the owner publishes `up: false`) is never back soon. Among usable channels the one with the most free capacity wins (ties: weight,
 * then cost). One picker serves one dispatch batch: it counts what it has already assigned, so a
 * batch spreads over channels instead of piling onto the one that looked idlest at the start.
 */
export class ChannelPicker {
  private readonly assigned = new Map<string, number>();

  constructor(
    private readonly channels: (id: string) => ChannelInfo | undefined,
    private readonly states: ReadonlyMap<string, ChannelLiveState>,
    private readonly now: number,
    private readonly staleAfterMs = 5_000,
    private readonly backSoonMs = 30_000,
  ) {}

  usable(id: string): boolean {
    const channel = this.channels(id);
    const state = this.states.get(id);
    return (
      channel !== undefined &&
      channel.enabled &&
      state !== undefined &&
      state.up &&
      state.binds > 0 &&
      this.now - state.updatedAt <= this.staleAfterMs
    );
  }

  /**
   * Not usable now, but only for want of an owner (see the class comment): its queue is kept and
   * taken up again by whoever owns it next.
   */
  backSoon(id: string): boolean {
    const channel = this.channels(id);
    const state = this.states.get(id);
    if (channel === undefined || !channel.enabled || state === undefined || this.usable(id)) return false;
    const age = this.now - state.updatedAt;
    if (age > this.backSoonMs) return false;
    const ownerGone = age > this.staleAfterMs && state.up && state.binds > 0;
    return ownerGone || state.released === true;
  }

  /** Messages the channel could still take within the next second. */
  freeCapacity(id: string): number {
    const state = this.states.get(id);
    if (state === undefined) return Number.NEGATIVE_INFINITY;
    const backlog = state.queued + state.waiting + state.inFlight + (this.assigned.get(id) ?? 0);
    return state.allowedTps - backlog;
  }

  idle(id: string): boolean {
    const state = this.states.get(id);
    return this.usable(id) && state !== undefined && state.inFlight < state.window && this.freeCapacity(id) > 0;
  }

  /**
   * Seconds a message handed to the channel now would wait for its turn: what is queued, in
   * flight and assigned in this batch, at the channel's current rate. For a channel that is back
   * soon, plus the time left until it stops counting as such — the pessimistic guess of when it
   * is back (its rate is the one it had). Infinite for a channel that is neither.
   */
  expectedWaitSeconds(id: string): number {
    const state = this.states.get(id);
    if (state === undefined) return Number.POSITIVE_INFINITY;
    const backlog = state.queued + state.waiting + state.inFlight + (this.assigned.get(id) ?? 0);
    const turn = backlog / Math.max(1, state.allowedTps);
    if (this.usable(id)) return turn;
    if (!this.backSoon(id)) return Number.POSITIVE_INFINITY;
    return turn + Math.max(0, state.updatedAt + this.backSoonMs - this.now) / 1000;
  }

  /** The best usable channel among `ids` (one tier), without assigning anything. */
  peek(ids: readonly string[]): string | null {
    let best: string | null = null;
    for (const id of ids) {
      if (!this.usable(id)) continue;
      if (best === null || this.better(id, best)) best = id;
    }
    return best;
  }

  /** The back-soon channel among `ids` that would take a message soonest, or null. */
  soonest(ids: readonly string[]): string | null {
    let best: string | null = null;
    for (const id of ids) {
      if (!this.backSoon(id)) continue;
      if (best === null || this.expectedWaitSeconds(id) < this.expectedWaitSeconds(best)) best = id;
    }
    return best;
  }

  /** The best usable channel of the first tier that has one, without assigning anything. */
  peekTiers(tiers: readonly (readonly string[])[]): string | null {
    for (const tier of tiers) {
      const best = this.peek(tier);
      if (best !== null) return best;
    }
    return null;
  }

  /** Records that `count` messages go to `id`. */
  assign(id: string, count = 1): Pick {
    const idle = this.idle(id);
    this.assigned.set(id, (this.assigned.get(id) ?? 0) + count);
    return { channelId: id, idle };
  }

  /** Picks among `ids` (one tier) and records the assignment; null if none is usable. */
  pick(ids: readonly string[], count = 1): Pick | null {
    const best = this.peek(ids);
    return best === null ? null : this.assign(best, count);
  }

  /** Picks from the first tier that has a usable channel. */
  pickFromTiers(tiers: readonly (readonly string[])[], count = 1): Pick | null {
    const best = this.peekTiers(tiers);
    return best === null ? null : this.assign(best, count);
  }

  private better(a: string, b: string): boolean {
    const freeA = this.freeCapacity(a);
    const freeB = this.freeCapacity(b);
    if (freeA !== freeB) return freeA > freeB;
    const ca = this.channels(a)!;
    const cb = this.channels(b)!;
    if (ca.weight !== cb.weight) return ca.weight > cb.weight;
    return ca.cost < cb.cost;
  }
}
