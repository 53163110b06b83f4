import { randomUUID } from 'node:crypto';
import type { ChannelRow } from '@smshub/db';
import { Lease } from '@smshub/queue';
import type { Logger } from 'pino';
import { ChannelRunner, type RunnerContext } from './runner.js';
import type { ChannelTransport } from './transport.js';

export interface OwnershipOptions {
  /**
   * Worker group: workers of one group share the channels they can run, so all of a group must
   * be able to run the same channels (workers pinned to a list form a group of their own).
   */
  readonly kind: string;
  readonly instance: string;
  readonly leaseMs: number;
  readonly context: RunnerContext;
  /** Which channels this worker can run (carrier protocols, modems, a pinned list). */
  readonly select: (channel: ChannelRow) => boolean;
  /** The transport for a channel; throws a readable error when its configuration is bad. */
  readonly createTransport: (channel: ChannelRow) => ChannelTransport;
}

interface Owned {
  readonly lease: Lease;
  readonly runner: ChannelRunner;
  readonly version: number;
  /** Until when the lease is surely this worker's: the last take or renewal asked for, plus its life. */
  heldUntil: number;
}

/**
 * This worker's fair share of `channels` among the live workers of its group (`workers`, in one
 * order all of them see): an even split, the remainder to the first ones, so the shares add up
 * to the channels exactly and every channel has a taker. (Each taking ceil(channels / workers)
 * would not: four channels among three workers leaves the third with none.)
 */
export function fairShare(channels: number, workers: readonly string[], self: string): number {
  const all = workers.includes(self) ? workers : [...workers, self];
  const rank = all.indexOf(self);
  return Math.floor(channels / all.length) + (rank < channels % all.length ? 1 : 0);
}

/**
 * Which channels this worker runs. Every channel's binds are held by exactly one worker: the
 * holder of the channel's Redis lease, renewed every third of its life. Each worker announces
 * itself in its group's registry (a sorted set of heartbeats, sent with the lease renewals) and
 * holds its fair share of the group's channels: a worker that starts later gets its share within
 * about one lease period, because the others see it on their next tick and release their
 * surplus — gracefully, each channel draining its window first (ChannelRunner.stop), so the new
 * owner finds nothing in hand and nothing is lost or sent twice. A worker that dies stops
 * renewing; within `leaseMs` its leases and its heartbeat run out, and the others take its
 * channels over, resuming what it had in hand. A worker that fails to renew stops that channel
 * at once.
 */
export class ChannelOwnership {
  private readonly owned = new Map<bigint, Owned>();
  private readonly badConfig = new Map<bigint, number>();
  private timer: NodeJS.Timeout | null = null;
  /** A tick sooner than the interval, while this worker is short of its share. */
  private soon: NodeJS.Timeout | null = null;
  /** Sooner ticks left before the interval alone drives again (reset when the share changes). */
  private soonLeft = 0;
  private lastShare = -1;
  private renewer: NodeJS.Timeout | null = null;
  private renewing = false;
  private ticking = false;
  private stopped = false;
  private readonly log: Logger;
  /**
   * Lease owner token and registry name: unique per process even when a restarted worker reuses
   * its name, or copies in containers all default to the same one.
   */
  private readonly token: string;

  constructor(private readonly options: OwnershipOptions) {
    this.log = options.context.log.child({ instance: options.instance });
    this.token = `${options.instance}/${process.pid}/${randomUUID().slice(0, 8)}`;
  }

  get runners(): readonly ChannelRunner[] {
    return [...this.owned.values()].map((o) => o.runner);
  }

  start(): void {
    const every = Math.max(200, Math.floor(this.options.leaseMs / 3));
    // Renewing (and the heartbeat that goes with it) never waits behind taking or releasing
    // channels, which can take seconds: a worker busy draining a channel is alive.
    this.renewer = setInterval(() => void this.renewAll(), every);
    this.timer = setInterval(() => void this.tick(), every);
    void this.tick();
  }

  /** Stops every channel gracefully and gives its lease back, so another worker takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    if (this.soon !== null) clearTimeout(this.soon);
    if (this.renewer !== null) clearInterval(this.renewer);
    while (this.ticking) await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all([...this.owned.keys()].map((id) => this.release(id, 'worker stopping')));
    const { connection } = this.options.context.queue;
    await connection.zrem(this.options.context.keys.workers(this.options.kind), this.token);
  }

  async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      const channels = this.options.context.catalog.catalog.channels.filter((c) => c.enabled && this.options.select(c));
      const wanted = new Set(channels.map((c) => c.id));
      for (const [id, owned] of this.owned) {
        const row = channels.find((c) => c.id === id);
        if (!wanted.has(id)) await this.release(id, 'channel disabled or removed');
        else if (row !== undefined && row.updatedAt.getTime() !== owned.version)
          await this.release(id, 'channel configuration changed');
      }
      const workers = await this.liveWorkers();
      const share = fairShare(channels.length, workers, this.token);
      if (this.owned.size > share) {
        // Another worker has joined: give it room. The channels taken last go, side by side
        // (each drains its window, seconds at most); the others take them on their next tick.
        const surplus = [...this.owned.keys()].slice(share);
        this.log.info(
          { share, channels: channels.length, workers: workers.length, releasing: surplus.length },
          'holding more than a fair share; releasing the surplus',
        );
        await Promise.all(
          surplus.map((id) => this.release(id, `rebalancing: ${share} of ${channels.length} among ${workers.length}`)),
        );
        return;
      }
      let heldElsewhere = false;
      for (const channel of channels) {
        if (this.stopped || this.owned.size >= share) break;
        if (this.owned.has(channel.id) || this.badConfig.get(channel.id) === channel.updatedAt.getTime()) continue;
        if (!(await this.tryTake(channel))) heldElsewhere = true;
      }
      this.followUp(share, heldElsewhere && this.owned.size < share);
    } catch (error) {
      this.log.error({ err: error }, 'ownership tick failed');
    } finally {
      this.ticking = false;
    }
  }

  /** Tells the group this worker is alive (with every renewal round, and before each tick). */
  private async heartbeat(): Promise<void> {
    const { connection } = this.options.context.queue;
    await connection.zadd(this.options.context.keys.workers(this.options.kind), Date.now(), this.token);
  }

  /**
   * The group's workers heard from within one lease period, by token. A worker silent that long
   * has lost its leases too, so its channels are free for the others' shares.
   */
  private async liveWorkers(): Promise<string[]> {
    const { connection } = this.options.context.queue;
    const key = this.options.context.keys.workers(this.options.kind);
    await this.heartbeat();
    const since = Date.now() - this.options.leaseMs;
    await connection.zremrangebyscore(key, 0, since);
    const workers = await connection.zrangebyscore(key, since, '+inf');
    return workers.sort();
  }

  /**
   * Short of its share because others still hold the channels (they release their surplus on
   * their next tick, then drain): look again soon rather than a whole interval later, so the
   * handover takes about one lease period. Only for about one lease period after the share
   * changed, so a share that cannot be had (overlapping pinned workers) costs no more than before.
   */
  private followUp(share: number, short: boolean): void {
    if (share !== this.lastShare) {
      this.lastShare = share;
      this.soonLeft = 12;
    }
    if (!short || this.soonLeft <= 0 || this.stopped || this.soon !== null) return;
    this.soonLeft--;
    this.soon = setTimeout(
      () => {
        this.soon = null;
        void this.tick();
      },
      Math.max(100, Math.floor(this.options.leaseMs / 12)),
    );
  }

  /** False when another worker holds the channel's lease. */
  private async tryTake(channel: ChannelRow): Promise<boolean> {
    const { context, leaseMs } = this.options;
    const lease = new Lease(
      context.queue.connection,
      context.keys.channelLease(String(channel.id)),
      this.token,
      leaseMs,
    );
    const asked = Date.now();
    if (!(await lease.acquire())) return false;
    let transport: ChannelTransport;
    try {
      transport = this.options.createTransport(channel);
    } catch (error) {
      this.badConfig.set(channel.id, channel.updatedAt.getTime());
      this.log.error({ channel: channel.name, err: error }, 'cannot run channel: bad configuration');
      await lease.release();
      return true;
    }
    const runner = new ChannelRunner(channel, transport, context);
    this.owned.set(channel.id, { lease, runner, version: channel.updatedAt.getTime(), heldUntil: asked + leaseMs });
    try {
      await runner.start();
      this.log.info({ channel: channel.name }, 'took channel');
    } catch (error) {
      this.log.error({ channel: channel.name, err: error }, 'channel failed to start');
      await this.release(channel.id, 'start failed');
    }
    return true;
  }

  private async renewAll(): Promise<void> {
    if (this.renewing || this.stopped) return;
    this.renewing = true;
    try {
      await this.heartbeat().catch((error: unknown) => this.log.warn({ err: error }, 'heartbeat failed'));
      await this.renewEach();
    } finally {
      this.renewing = false;
    }
  }

  private async renewEach(): Promise<void> {
    for (const [id, owned] of this.owned) {
      let kept = false;
      const asked = Date.now();
      try {
        kept = await owned.lease.renew();
        if (kept) owned.heldUntil = asked + this.options.leaseMs;
      } catch (error) {
        this.log.warn({ err: error, channel: owned.runner.channel.name }, 'lease renewal failed');
      }
      if (!kept) {
        // Someone else may hold the channel now: stop using it at once.
        this.log.error({ channel: owned.runner.channel.name }, 'lost channel lease; stopping the channel');
        this.owned.delete(id);
        // What it had in hand while it held the lease is the next owner's to resume now.
        owned.runner.leaseLost(owned.heldUntil);
        // Not awaited: stopping drains for a while, and the other leases must keep being renewed.
        void owned.runner.stop().catch((error: unknown) => this.log.error({ err: error }, 'channel stop failed'));
      }
    }
  }

  private async release(id: bigint, why: string): Promise<void> {
    const owned = this.owned.get(id);
    if (owned === undefined) return;
    this.owned.delete(id);
    this.log.info({ channel: owned.runner.channel.name, why }, 'releasing channel');
    const started = Date.now();
    // Keep the lease alive while the channel drains, so nobody binds beside us. Lost all the
    // same (a stall longer than its life), the drain stops handing messages back.
    const keepAlive = setInterval(
      () => {
        const asked = Date.now();
        owned.lease.renew().then(
          (kept) => {
            if (kept) owned.heldUntil = asked + this.options.leaseMs;
            else owned.runner.leaseLost(owned.heldUntil);
          },
          () => undefined,
        );
      },
      Math.max(200, Math.floor(this.options.leaseMs / 3)),
    );
    try {
      await owned.runner.stop();
    } finally {
      clearInterval(keepAlive);
      await owned.lease.release().catch(() => undefined);
      this.log.info(
        { channel: owned.runner.channel.name, ms: Date.now() - started, handedBack: owned.runner.counters.handedBack },
        'released channel',
      );
    }
  }
}
