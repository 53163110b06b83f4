import type { AcknowledgedSegment } from '@smshub/db';
import type { Redis, RedisKeys } from '@smshub/queue';
import type { Logger } from 'pino';

/**
 * A channel's acknowledgements between the gateway's answer and the outcome writer's commit.
 *
 * The writer batches outcomes (a flush is 100–300 ms of traffic under load), so a worker killed
 * mid-flush loses acknowledgements the gateway did give; the channel's next owner would submit
 * those segments again. Each acknowledgement is therefore also written to Redis as it arrives
 * (one HSET, not awaited: the submit path never waits for it) and deleted once its outcome is
 * committed. A new owner resuming the previous owner's messages takes the acknowledgements it
 * finds here as given, carrier message ids included, and submits only the rest.
 *
 * It narrows the duplicate window to the submits truly on the wire; it is not the record. If
 * Redis has lost the entries, resuming falls back to what PostgreSQL holds, as before.
 */
export class AckJournal {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    keys: RedisKeys,
    channelId: bigint,
    private readonly log: Logger,
  ) {
    this.key = keys.ackJournal(String(channelId));
  }

  record(ack: AcknowledgedSegment): void {
    const entry: JournalEntry = { c: ack.carrierMessageId, n: ack.total, a: ack.attempts, t: ack.submittedAt.getTime() };
    this.redis.hset(this.key, field(ack.messageId, ack.seq), JSON.stringify(entry)).catch((error: unknown) => this.warn(error));
  }

  /** The outcome holding these acknowledgements is committed. */
  forget(acks: readonly AcknowledgedSegment[]): void {
    if (acks.length === 0) return;
    this.redis.hdel(this.key, ...acks.map((a) => field(a.messageId, a.seq))).catch((error: unknown) => this.warn(error));
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
  if (typeof c !== 'string' || c === '' || !Number.isInteger(n) || !Number.isInteger(a) || !Number.isFinite(t)) return null;
  return { messageId: BigInt(match[1]!), seq: Number(match[2]), total: n!, channelId, carrierMessageId: c, attempts: a!, submittedAt: new Date(t!) };
}
