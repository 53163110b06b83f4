import {
  type AcknowledgedSegment,
  type FinalizedMessage,
  afterFinal,
  failMessages,
  type IncomingMo,
  type IncomingReport,
  inTransaction,
  markSubmitted,
  type MessageFailure,
  releaseForRetry,
  settleFromSegments,
  storeAcknowledged,
  storeInDoubt,
  storeMo,
  storeReports,
} from '@smshub/db';
import type pg from 'pg';
import type { Logger } from 'pino';

/**
 * What became of one message on one channel: what went over the wire (acknowledged segments, and
 * the one sent without an answer), and what follows for the message. The two are independent: a
 * submit in doubt is on record whatever the verdict, even when it used up the last attempt.
 */
export type MessageOutcome = {
  readonly channelId: bigint;
  readonly messageId: bigint;
  readonly acknowledged: readonly AcknowledgedSegment[];
  /** A segment sent without an answer: the gateway may have it (recorded, for the resend count). */
  readonly inDoubt?: { readonly seq: number; readonly total: number };
} & (
  | { readonly kind: 'submitted' }
  | {
      readonly kind: 'retry';
      readonly detail: string;
      /** The message never left (no bind could take it): the attempt does not count. */
      readonly uncount: boolean;
    }
  | { readonly kind: 'failed'; readonly failure: MessageFailure }
  /**
   * Left 'submitting' for the channel's next owner (this one lost the lease): only what went
   * over the wire is recorded.
   */
  | { readonly kind: 'in-hand' }
);

export interface OutcomeResult {
  /** A retry went back to 'accepted' and needs a dispatch job. */
  readonly released: boolean;
}

interface PendingOutcome {
  readonly outcome: MessageOutcome;
  readonly resolve: (result: OutcomeResult) => void;
}

interface PendingReport {
  readonly report: IncomingReport;
  readonly settle: (stored: boolean) => void;
}

interface PendingMo {
  readonly mo: IncomingMo;
  readonly settle: (stored: boolean) => void;
}

export interface WriterCounters {
  flushes: number;
  /** Time spent in committed flushes, and the longest one. */
  flushMs: number;
  maxFlushMs: number;
  failedFlushes: number;
  segmentsStored: number;
  reportsStored: number;
  moStored: number;
  finalized: number;
  /** Messages a report of network trouble sent back to the dispatcher (outcome failover). */
  failedOver: number;
}

/**
 * Told, after the flush that decided it commits, which messages go to the dispatcher again
 * because a final report said network trouble (outcome failover). A failure is logged; the
 * dispatcher's stranded sweep routes them anyway.
 */
export type FailoverSink = (messageIds: readonly bigint[]) => Promise<void>;

/**
 * The one writer of a sending process: submit outcomes, status reports and MO from all its
 * channels are written together, one transaction per flush, a flush as soon as the previous one
 * is done (so batches grow with load) — never a round trip per message. Reports and MO are
 * acknowledged to the gateway only after their flush commits. Submit outcomes are never given
 * up: a flush that fails is tried again until the database takes it, because the carrier has
 * already accepted those segments.
 */
export class OutcomeWriter {
  readonly counters: WriterCounters = {
    flushes: 0,
    flushMs: 0,
    maxFlushMs: 0,
    failedFlushes: 0,
    segmentsStored: 0,
    reportsStored: 0,
    moStored: 0,
    finalized: 0,
    failedOver: 0,
  };
  private readonly shards: WriterShard[];

  /**
   * `shards` flushes run side by side, each for its own channels: a channel's outcomes and
   * reports always meet in one shard (so a report never misses its segment in a concurrent
   * transaction), while different channels use several database connections at once.
   */
  constructor(
    pool: pg.Pool,
    log: Logger,
    options: {
      shards?: number;
      lingerMs?: number;
      maxReports?: number;
      maxOutcomes?: number;
      onFailover?: FailoverSink;
    } = {},
  ) {
    const settings = {
      lingerMs: options.lingerMs ?? 5,
      maxReports: options.maxReports ?? 5_000,
      maxOutcomes: options.maxOutcomes ?? 1_000,
      onFailover: options.onFailover,
    };
    this.shards = Array.from(
      { length: Math.max(1, options.shards ?? 2) },
      () => new WriterShard(pool, log, settings, this.counters),
    );
  }

  private shard(channelId: bigint): WriterShard {
    return this.shards[Number(channelId % BigInt(this.shards.length))]!;
  }

  /** Records what became of a message; resolves once that is committed. */
  outcome(outcome: MessageOutcome): Promise<OutcomeResult> {
    return this.shard(outcome.channelId).outcome(outcome);
  }

  report(report: IncomingReport, settle: (stored: boolean) => void): void {
    this.shard(report.channelId).report(report, settle);
  }

  mo(mo: IncomingMo, settle: (stored: boolean) => void): void {
    this.shard(mo.channelId).mo(mo, settle);
  }

  /** Writes everything pending, then refuses new reports and MO. */
  async stop(): Promise<void> {
    await Promise.all(this.shards.map((shard) => shard.stop()));
  }
}

/** One serial flush loop: one transaction at a time, each holding everything pending. */
class WriterShard {
  private outcomes: PendingOutcome[] = [];
  private reports: PendingReport[] = [];
  private mos: PendingMo[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
    private readonly options: {
      readonly lingerMs: number;
      readonly maxReports: number;
      readonly maxOutcomes: number;
      readonly onFailover: FailoverSink | undefined;
    },
    private readonly counters: WriterCounters,
  ) {}

  /** Records what became of a message; resolves once that is committed. */
  outcome(outcome: MessageOutcome): Promise<OutcomeResult> {
    return new Promise((resolve) => {
      this.outcomes.push({ outcome, resolve });
      this.kick();
    });
  }

  report(report: IncomingReport, settle: (stored: boolean) => void): void {
    if (this.stopped) {
      settle(false);
      return;
    }
    this.reports.push({ report, settle });
    this.kick();
  }

  mo(mo: IncomingMo, settle: (stored: boolean) => void): void {
    if (this.stopped) {
      settle(false);
      return;
    }
    this.mos.push({ mo, settle });
    this.kick();
  }

  /**
   * Writes everything pending (trying a failing database a few times), then refuses new reports
   * and MO. Rounds that still cannot be written stay 'submitting' in the database; the channel's
   * next owner resumes them.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.scheduled !== null) clearTimeout(this.scheduled);
    this.scheduled = null;
    for (let tries = 0; tries < 20;) {
      if (this.flushing !== null) {
        await this.flushing;
        continue;
      }
      if (this.outcomes.length === 0 && this.reports.length === 0 && this.mos.length === 0) return;
      if (this.failures > 0) {
        tries++;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
      });
    }
    this.log.error({ rounds: this.outcomes.length }, 'writer stopped with outcomes it could not store');
  }

  private kick(): void {
    if (this.flushing !== null || this.scheduled !== null || this.stopped) return;
    const delay = this.failures > 0 ? Math.min(10_000, 250 * 2 ** Math.min(this.failures, 6)) : this.options.lingerMs;
    this.scheduled = setTimeout(() => {
      this.scheduled = null;
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
        if (!this.stopped && (this.outcomes.length > 0 || this.reports.length > 0 || this.mos.length > 0)) this.kick();
      });
    }, delay);
  }

  private async flush(): Promise<void> {
    // Both kinds are capped so one flush stays short: reports and MO wait for it to commit
    // before the gateway hears they were stored, and the gateway's window is small.
    const outcomes = this.outcomes.splice(0, this.options.maxOutcomes);
    const reports = this.reports.splice(0, this.options.maxReports);
    const mos = this.mos;
    this.mos = [];
    if (outcomes.length === 0 && reports.length === 0 && mos.length === 0) return;
    let written: { released: Set<bigint>; segments: number; finalized: number; failedOver: bigint[] };
    const started = Date.now();
    try {
      written = await inTransaction(this.pool, async (client) => {
        const submits = await this.writeOutcomes(
          client,
          outcomes.map((o) => o.outcome),
        );
        const touched = await storeReports(
          client,
          reports.map((r) => r.report),
        );
        const settled = await settleFromSegments(client, touched);
        await afterFinal(client, [...submits.finalized, ...settled.finalized]);
        if (mos.length > 0)
          await storeMo(
            client,
            mos.map((m) => m.mo),
          );
        return {
          released: submits.released,
          segments: submits.segments,
          finalized: submits.finalized.length + settled.finalized.length,
          failedOver: [...submits.failedOver, ...settled.failedOver],
        };
      });
    } catch (error) {
      this.failures++;
      this.counters.failedFlushes++;
      this.log.error(
        { err: error, outcomes: outcomes.length, reports: reports.length, mo: mos.length, failures: this.failures },
        'flush failed; outcomes kept for the next flush, reports and MO refused',
      );
      // The carrier has these segments: keep them. Reports and MO go back to the gateway, which
      // sends them again.
      this.outcomes = outcomes.concat(this.outcomes);
      for (const r of reports) r.settle(false);
      for (const m of mos) m.settle(false);
      return;
    }
    this.failures = 0;
    const took = Date.now() - started;
    this.counters.flushes++;
    this.counters.flushMs += took;
    this.counters.maxFlushMs = Math.max(this.counters.maxFlushMs, took);
    this.counters.segmentsStored += written.segments;
    this.counters.finalized += written.finalized;
    this.counters.reportsStored += reports.length;
    this.counters.moStored += mos.length;
    this.counters.failedOver += written.failedOver.length;
    if (written.failedOver.length > 0 && this.options.onFailover !== undefined) {
      const failedOver = written.failedOver;
      this.options.onFailover(failedOver).catch((error: unknown) => {
        this.log.error(
          { err: error, messages: failedOver.length },
          'failover: dispatch jobs not enqueued; the stranded sweep routes them',
        );
      });
    }
    for (const pending of outcomes) pending.resolve({ released: written.released.has(pending.outcome.messageId) });
    for (const r of reports) r.settle(true);
    for (const m of mos) m.settle(true);
  }

  /**
   * Submit outcomes of a flush: acknowledged segments (with the reports that were waiting for
   * them), then the message states. A message whose reports are already in is finalised straight
   * from 'submitting', sparing its row the update to 'submitted'.
   */
  private async writeOutcomes(
    client: pg.PoolClient,
    outcomes: readonly MessageOutcome[],
  ): Promise<{ released: Set<bigint>; segments: number; finalized: FinalizedMessage[]; failedOver: bigint[] }> {
    if (outcomes.length === 0) return { released: new Set(), segments: 0, finalized: [], failedOver: [] };
    const acknowledged = outcomes.flatMap((o) => o.acknowledged);
    // Reports that came before their segment are applied as it is stored.
    const early = await storeAcknowledged(client, acknowledged);
    await storeInDoubt(
      client,
      outcomes.flatMap((o) =>
        o.inDoubt === undefined ? [] : [{ messageId: o.messageId, channelId: o.channelId, ...o.inDoubt }],
      ),
    );
    const failed = await failMessages(
      client,
      outcomes.flatMap((o) => (o.kind === 'failed' ? [o.failure] : [])),
    );
    const released = await releaseForRetry(
      client,
      outcomes.flatMap((o) => (o.kind === 'retry' ? [{ id: o.messageId, detail: o.detail, uncount: o.uncount }] : [])),
    );
    const { finalized, failedOver } = await settleFromSegments(client, early);
    const done = new Set([...finalized.map((m) => m.id), ...failedOver]);
    await markSubmitted(
      client,
      outcomes.flatMap((o) => (o.kind === 'submitted' && !done.has(o.messageId) ? [o.messageId] : [])),
    );
    return {
      released: new Set(released),
      segments: acknowledged.length,
      finalized: [...failed, ...finalized],
      failedOver,
    };
  }
}
