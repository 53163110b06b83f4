/** Every Redis key smshub uses besides BullMQ's own, named in one place. */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** Which worker holds a channel's binds (value: owner id; expires unless renewed). */
  channelLease(channelId: string): string {
    return `${this.prefix}:lease:channel:${channelId}`;
  }

  /** Live state of a channel, written by its owner (hash). */
  channelState(channelId: string): string {
    return `${this.prefix}:channel:${channelId}:state`;
  }

  /** Workers alive, as a sorted set of worker id → last heartbeat (ms). */
  workers(kind: string): string {
    return `${this.prefix}:workers:${kind}`;
  }

  /** Single-runner locks for periodic sweeps (resume, expiry, report matching). */
  sweepLock(name: string): string {
    return `${this.prefix}:lock:sweep:${name}`;
  }

  /** Channel set changes are announced here so owners and dispatchers reload. */
  channelsChanged(): string {
    return `${this.prefix}:events:channels`;
  }
}
