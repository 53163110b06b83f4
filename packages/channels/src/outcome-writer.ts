import {
  type AcknowledgedSegment,
  afterFinal,
  failMessages,
  finalizeFromSegments,
  type IncomingMo,
  type IncomingReport,
  inTransaction,
  insertReports,
  markSubmitted,
  matchReports,
  type MessageFailure,
  releaseForRetry,
  storeAcknowledged,
  storeMo,
} from '@smshub/db';
import type pg from 'pg';
import type { Logger } from 'pino';

/** What one submit round of one channel job came to. */
export interface SubmitRound {
  readonly channelId: bigint;
  readonly acknowledged: readonly AcknowledgedSegment[];
  /** Messages whose every segment is now acknowledged. */
  readonly submitted: readonly bigint[];
  readonly retries: readonly { readonly id: bigint; readonly detail: string; readonly uncount: boolean }[];
  readonly failures: readonly MessageFailure[];
}

export interface RoundResult {
  /** Messages released for retry (they are 'accepted' again and need a dispatch job). */
  readonly retried: readonly bigint[];
}

interface PendingRound {
  readonly round: SubmitRound;
  readonly resolve: (result: RoundResult) => void;
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
  failedFlushes: number;
  segmentsStored: number;
  reportsStored: number;
  moStored: number;
  finalized: number;
}

/**
 * The one writer of a sending process: submit outcomes, status reports and MO from all its
 * channels are written together, one transaction per flush, a flush as soon as the previous one
 * is done (so batches grow with load) — never a round trip per message. Reports and MO are
 * acknowledged to the gateway only after their flush commits. Submit outcomes are never given
 * up: a flush that fails is tried again until the database takes it, because the carrier has
 * already accepted those segments.
 */
export class OutcomeWriter {
  readonly counters: WriterCounters = { flushes: 0, failedFlushes: 0, segmentsStored: 0, reportsStored: 0, moStored: 0, finalized: 0 };
  private rounds: PendingRound[] = [];
  private reports: PendingReport[] = [];
  private mos: PendingMo[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
    private readonly options = { lingerMs: 5, maxReports: 5_000 },
  ) {}

  /** Resolves once the round is committed. */
  submitRound(round: SubmitRound): Promise<RoundResult> {
    return new Promise((resolve) => {
      this.rounds.push({ round, resolve });
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
    for (let tries = 0; tries < 20; ) {
      if (this.flushing !== null) {
        await this.flushing;
        continue;
      }
      if (this.rounds.length === 0 && this.reports.length === 0 && this.mos.length === 0) return;
      if (this.failures > 0) {
        tries++;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
      });
    }
    this.log.error({ rounds: this.rounds.length }, 'writer stopped with outcomes it could not store');
  }

  private kick(): void {
    if (this.flushing !== null || this.scheduled !== null || this.stopped) return;
    const delay = this.failures > 0 ? Math.min(10_000, 250 * 2 ** Math.min(this.failures, 6)) : this.options.lingerMs;
    this.scheduled = setTimeout(() => {
      this.scheduled = null;
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
        if (!this.stopped && (this.rounds.length > 0 || this.reports.length > 0 || this.mos.length > 0)) this.kick();
      });
    }, delay);
  }

  private async flush(): Promise<void> {
    const rounds = this.rounds;
    const reports = this.reports.splice(0, this.options.maxReports);
    const mos = this.mos;
    this.rounds = [];
    this.mos = [];
    if (rounds.length === 0 && reports.length === 0 && mos.length === 0) return;
    let written: { retried: bigint[][]; segments: number; finalized: number };
    try {
      written = await inTransaction(this.pool, async (client) => {
        const rounded = await this.writeRounds(client, rounds.map((r) => r.round));
        const reportIds = await insertReports(client, reports.map((r) => r.report));
        const touched = reportIds.length === 0 ? [] : await matchReports(client, { reportIds });
        const finalized = await finalizeFromSegments(client, touched);
        await afterFinal(client, finalized);
        if (mos.length > 0) await storeMo(client, mos.map((m) => m.mo));
        return { ...rounded, finalized: rounded.finalized + finalized.length };
      });
    } catch (error) {
      this.failures++;
      this.counters.failedFlushes++;
      this.log.error({ err: error, rounds: rounds.length, reports: reports.length, mo: mos.length, failures: this.failures }, 'flush failed; outcomes kept for the next flush, reports and MO refused');
      // The carrier has these segments: keep them. Reports and MO go back to the gateway, which
      // sends them again.
      this.rounds = rounds.concat(this.rounds);
      for (const r of reports) r.settle(false);
      for (const m of mos) m.settle(false);
      return;
    }
    this.failures = 0;
    this.counters.flushes++;
    this.counters.segmentsStored += written.segments;
    this.counters.finalized += written.finalized;
    this.counters.reportsStored += reports.length;
    this.counters.moStored += mos.length;
    rounds.forEach((pending, i) => pending.resolve({ retried: written.retried[i] ?? [] }));
    for (const r of reports) r.settle(true);
    for (const m of mos) m.settle(true);
  }

  private async writeRounds(client: pg.PoolClient, rounds: readonly SubmitRound[]): Promise<{ retried: bigint[][]; segments: number; finalized: number }> {
    if (rounds.length === 0) return { retried: [], segments: 0, finalized: 0 };
    const acknowledged = rounds.flatMap((r) => r.acknowledged);
    await storeAcknowledged(client, acknowledged);
    const touched = new Set<bigint>();
    const perRound: bigint[][] = [];
    for (const round of rounds) {
      await markSubmitted(client, round.channelId, round.submitted);
      perRound.push(await releaseForRetry(client, round.retries));
      // Reports that arrived before their submit response was stored match now.
      const carrierIds = round.acknowledged.map((s) => s.carrierMessageId);
      if (carrierIds.length > 0) for (const id of await matchReports(client, { channelId: round.channelId, carrierMessageIds: carrierIds })) touched.add(id);
    }
    const failed = await failMessages(client, rounds.flatMap((r) => r.failures));
    const finalized = await finalizeFromSegments(client, [...touched]);
    await afterFinal(client, [...failed, ...finalized]);
    return { retried: perRound, segments: acknowledged.length, finalized: failed.length + finalized.length };
  }
}
