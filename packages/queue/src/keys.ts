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

  /**
   * Segments a channel's gateway acknowledged whose outcome is not yet committed to PostgreSQL
   * (hash: "<message id>:<seq>" → carrier message id and submit details). A new owner reads it
   * so it does not submit those segments again.
   */
  ackJournal(channelId: string): string {
    return `${this.prefix}:channel:${channelId}:acks`;
  }

  /** Workers alive, as a sorted set of worker id → last heartbeat (ms). */
  workers(kind: string): string {
    return `${this.prefix}:workers:${kind}`;
  }

  /** Single-runner locks for periodic sweeps (resume, expiry, report matching). */
  sweepLock(name: string): string {
    return `${this.prefix}:lock:sweep:${name}`;
  }

  /**
   * How far a periodic sweep got (epoch ms), for sweeps that must catch up on what fell due while
   * no dispatcher ran (the due sweep). Never expires: a stale mark is the point.
   */
  sweepMark(name: string): string {
    return `${this.prefix}:mark:sweep:${name}`;
  }

  /** Set while a carrier has no usable channel and its operators were told (cleared when it has one). */
  carrierAlarm(carrier: string): string {
    return `${this.prefix}:alarm:carrier:${carrier}`;
  }

  /** Channel set changes are announced here so owners and dispatchers reload. */
  channelsChanged(): string {
    return `${this.prefix}:events:channels`;
  }
}
