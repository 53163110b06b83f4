import { randomUUID } from 'node:crypto';
import type { ChannelRow } from '@smshub/db';
import { Lease } from '@smshub/queue';
import type { Logger } from 'pino';
import { ChannelRunner, type RunnerContext } from './runner.js';
import type { ChannelTransport } from './transport.js';

export interface OwnershipOptions {
  /** Worker kind: workers of one kind share the channels they can run. */
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
}

/**
 * Which channels this worker runs. Every channel's binds are held by exactly one worker: the
 * holder of the channel's Redis lease, renewed every third of its life. Workers of a kind take
 * an even share (by heartbeat count), so adding a worker spreads the channels; a worker that
 * dies loses its leases within `leaseMs` and the others take its channels over, resuming what
 * it had in hand. A worker that fails to renew stops that channel at once.
 */
export class ChannelOwnership {
  private readonly owned = new Map<bigint, Owned>();
  private readonly badConfig = new Map<bigint, number>();
  private timer: NodeJS.Timeout | null = null;
  private renewer: NodeJS.Timeout | null = null;
  private renewing = false;
  private ticking = false;
  private stopped = false;
  private readonly log: Logger;
  /** Lease owner token: unique per process even when a restarted worker reuses its name. */
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
    // Renewing never waits behind taking or releasing channels (which can take seconds).
    this.renewer = setInterval(() => void this.renewAll(), every);
    this.timer = setInterval(() => void this.tick(), every);
    void this.tick();
  }

  /** Stops every channel gracefully and gives its lease back, so another worker takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    if (this.renewer !== null) clearInterval(this.renewer);
    while (this.ticking) await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all([...this.owned.keys()].map((id) => this.release(id, 'worker stopping')));
    const { connection } = this.options.context.queue;
    await connection.zrem(this.options.context.keys.workers(this.options.kind), this.options.instance);
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
      const share = await this.fairShare(channels.length);
      for (const channel of channels) {
        if (this.stopped || this.owned.size >= share) break;
        if (this.owned.has(channel.id) || this.badConfig.get(channel.id) === channel.updatedAt.getTime()) continue;
        await this.tryTake(channel);
      }
    } catch (error) {
      this.log.error({ err: error }, 'ownership tick failed');
    } finally {
      this.ticking = false;
    }
  }

  private async fairShare(channelCount: number): Promise<number> {
    const { connection } = this.options.context.queue;
    const key = this.options.context.keys.workers(this.options.kind);
    const now = Date.now();
    await connection.zadd(key, now, this.options.instance);
    await connection.zremrangebyscore(key, 0, now - this.options.leaseMs * 2);
    const workers = Math.max(1, await connection.zcard(key));
    return Math.ceil(channelCount / workers);
  }

  private async tryTake(channel: ChannelRow): Promise<void> {
    const { context, leaseMs } = this.options;
    const lease = new Lease(
      context.queue.connection,
      context.keys.channelLease(String(channel.id)),
      this.token,
      leaseMs,
    );
    if (!(await lease.acquire())) return;
    let transport: ChannelTransport;
    try {
      transport = this.options.createTransport(channel);
    } catch (error) {
      this.badConfig.set(channel.id, channel.updatedAt.getTime());
      this.log.error({ channel: channel.name, err: error }, 'cannot run channel: bad configuration');
      await lease.release();
      return;
    }
    const runner = new ChannelRunner(channel, transport, context);
    this.owned.set(channel.id, { lease, runner, version: channel.updatedAt.getTime() });
    try {
      await runner.start();
      this.log.info({ channel: channel.name }, 'took channel');
    } catch (error) {
      this.log.error({ channel: channel.name, err: error }, 'channel failed to start');
      await this.release(channel.id, 'start failed');
    }
  }

  private async renewAll(): Promise<void> {
    if (this.renewing || this.stopped) return;
    this.renewing = true;
    try {
      await this.renewEach();
    } finally {
      this.renewing = false;
    }
  }

  private async renewEach(): Promise<void> {
    for (const [id, owned] of this.owned) {
      let kept = false;
      try {
        kept = await owned.lease.renew();
      } catch (error) {
        this.log.warn({ err: error, channel: owned.runner.channel.name }, 'lease renewal failed');
      }
      if (!kept) {
        // Someone else may hold the channel now: stop using it at once.
        this.log.error({ channel: owned.runner.channel.name }, 'lost channel lease; stopping the channel');
        this.owned.delete(id);
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
    // Keep the lease alive while the channel drains, so nobody binds beside us.
    const keepAlive = setInterval(
      () => void owned.lease.renew().catch(() => undefined),
      Math.max(200, Math.floor(this.options.leaseMs / 3)),
    );
    try {
      await owned.runner.stop();
    } finally {
      clearInterval(keepAlive);
      await owned.lease.release().catch(() => undefined);
    }
  }
}
