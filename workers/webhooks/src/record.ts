import { recordDeliveryResults, type RecordWebhookDeliveryInput } from '@smshub/db';
import type pg from 'pg';

/** Results per statement at most; a request's results are never split. */
const MAX_ROWS_PER_STATEMENT = 5000;

interface Waiting {
  readonly results: readonly RecordWebhookDeliveryInput[];
  readonly resolve: (recorded: ReadonlySet<bigint>) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Records attempts' results in one statement for everything that finished while the previous
 * statement ran (group commit): a batch's events together, and single-mode requests that end
 * close together too, so the cost per event falls as the load rises. One statement at a time.
 */
export class ResultRecorder {
  private waiting: Waiting[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly pool: pg.Pool) {}

  /** Resolves with the ids written among `results` and the others recorded with them. */
  record(results: readonly RecordWebhookDeliveryInput[]): Promise<ReadonlySet<bigint>> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ results, resolve, reject });
      this.running ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      let rows = 0;
      let take = 0;
      while (
        take < this.waiting.length &&
        (take === 0 || rows + this.waiting[take]!.results.length <= MAX_ROWS_PER_STATEMENT)
      ) {
        rows += this.waiting[take]!.results.length;
        take += 1;
      }
      const group = this.waiting.splice(0, take);
      try {
        const recorded = await recordDeliveryResults(
          this.pool,
          group.flatMap((waiting) => waiting.results),
        );
        for (const waiting of group) waiting.resolve(recorded);
      } catch (error) {
        for (const waiting of group) waiting.reject(error);
      }
    }
    this.running = null;
  }
}
