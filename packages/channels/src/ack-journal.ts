import type { AcknowledgedSegment } from '@smshub/db';
import type { Redis, RedisKeys } from '@smshub/queue';
import type { Logger } from 'pino';

/**
 * A channel's acknowledgements between the gateway's answer and the outcome writer's commit.
 *
 * The writer batches outcomes (a flush is 100–300 ms of traffic under load), so a worker killed
 * mid-flush loses acknowledgements the gateway did give; the channel's next owner would submit
 * those segments again. Each acknowledgement is therefore also written to Redis as it arrives
 * and deleted once its outcome is committed. A new owner resuming the previous owner's messages
 * takes the acknowledgements it finds here as given, carrier message ids included, and submits
 * only the rest.
 *
 * The answers that arrive together go in one HSET, written to the Redis connection in a
 * microtask — never waited for, but on the socket before the window slots those answers freed
 * carry their next submits (the transport gives a slot back only after `record`, and the submit
 * on it goes out in a later microtask). Written at the end of the event loop's turn instead,
 * they were lost by a worker killed in between while the slots' new submits were already on the
 * wire: both went out again from the next owner, up to twice the window per bind (seen as 96 and
 * 89 duplicates on one 64-slot channel under load).
 *
 * It narrows the duplicate window to the submits truly on the wire; it is not the record. If
 * Redis has lost the entries, resuming falls back to what PostgreSQL holds.
 */
export class AckJournal {
  private readonly key: string;
  /** Changes not yet sent, sent together once per turn of the event loop. */
  private readonly sets = new Map<string, string>();
  private readonly deletes = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly redis: Redis,
    keys: RedisKeys,
    channelId: bigint,
    private readonly log: Logger,
  ) {
    this.key = keys.ackJournal(String(channelId));
  }

  record(ack: AcknowledgedSegment): void {
    const name = field(ack.messageId, ack.seq);
    const entry: JournalEntry = {
      c: ack.carrierMessageId,
      n: ack.total,
      a: ack.attempts,
      t: ack.submittedAt.getTime(),
    };
    this.deletes.delete(name);
    this.sets.set(name, JSON.stringify(entry));
    this.schedule();
  }

  /** The outcome holding these acknowledgements is committed. */
  forget(acks: readonly AcknowledgedSegment[]): void {
    for (const ack of acks) {
      const name = field(ack.messageId, ack.seq);
      // Committed before it was even sent: Redis never needs to hear of it.
      if (!this.sets.delete(name)) this.deletes.add(name);
    }
    if (acks.length > 0) this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      // Two plain commands rather than a pipeline: each is written to the socket here and now.
      if (this.sets.size > 0)
        this.redis.hset(this.key, Object.fromEntries(this.sets)).catch((e: unknown) => this.warn(e));
      if (this.deletes.size > 0) this.redis.hdel(this.key, ...this.deletes).catch((e: unknown) => this.warn(e));
      this.sets.clear();
      this.deletes.clear();
    });
  }

  /** What a previous owner left: message id → seq → acknowledgement. */
  async read(channelId: bigint): Promise<JournaledAcks> {
    const acks: Map<bigint, Map<number, AcknowledgedSegment>> = new Map();
    let entries: Record<string, string>;
    try {
      entries = await this.redis.hgetall(this.key);
    } catch (error) {
      this.warn(error);
      return { acks, fields: [] };
    }
    const fields: string[] = [];
    for (const [name, value] of Object.entries(entries)) {
      fields.push(name);
      const ack = parse(channelId, name, value);
      if (ack === null) {
        this.log.warn({ field: name }, 'ignoring an unreadable acknowledgement journal entry');
        continue;
      }
      const bySeq = acks.get(ack.messageId) ?? new Map<number, AcknowledgedSegment>();
      bySeq.set(ack.seq, ack);
      acks.set(ack.messageId, bySeq);
    }
    return { acks, fields };
  }

  /** Deletes entries read earlier, once the messages they belong to were resumed. */
  async drop(fields: readonly string[]): Promise<void> {
    for (let i = 0; i < fields.length; i += 1_000) {
      await this.redis.hdel(this.key, ...fields.slice(i, i + 1_000)).catch((error: unknown) => this.warn(error));
    }
  }

  private warn(error: unknown): void {
    this.log.warn({ err: error }, 'acknowledgement journal unavailable; a crash now may resend more segments');
  }
}

export interface JournaledAcks {
  readonly acks: ReadonlyMap<bigint, ReadonlyMap<number, AcknowledgedSegment>>;
  /** Every field read, readable or not, for `drop`. */
  readonly fields: readonly string[];
}

interface JournalEntry {
  /** Carrier message id. */
  readonly c: string;
  /** Segments in the message. */
  readonly n: number;
  /** Submits of the segment in that round. */
  readonly a: number;
  /** Acknowledged at (ms). */
  readonly t: number;
}

const field = (messageId: bigint, seq: number) => `${messageId}:${seq}`;

function parse(channelId: bigint, name: string, value: string): AcknowledgedSegment | null {
  const match = /^(\d+):(\d+)$/.exec(name);
  if (match === null) return null;
  let entry: Partial<JournalEntry>;
  try {
    entry = JSON.parse(value) as Partial<JournalEntry>;
  } catch {
    return null;
  }
  const { c, n, a, t } = entry;
  if (typeof c !== 'string' || c === '' || !Number.isInteger(n) || !Number.isInteger(a) || !Number.isFinite(t))
    return null;
  return {
    messageId: BigInt(match[1]!),
    seq: Number(match[2]),
    total: n!,
    channelId,
    carrierMessageId: c,
    attempts: a!,
    submittedAt: new Date(t!),
  };
}
