import { claimDueDeliveries, type ClaimedWebhookDelivery } from '@smshub/db';
import type pg from 'pg';
import type { Logger } from 'pino';
import { attemptDelivery } from './attempt.js';
import type { WebhookPoster } from './post-webhook.js';

export interface WebhookWorkerOptions {
  readonly pool: pg.Pool;
  readonly poster: WebhookPoster;
  readonly logger: Logger;
  /** Requests in flight at most. */
  readonly concurrency: number;
  /** How long a claim holds a row; must outlast a request (see claimDueDeliveries). */
  readonly leaseMs: number;
  /** The longest idle wait between claims; NOTIFY and finished requests wake the loop sooner. */
  readonly pollMs: number;
  /**
   * Injected time for tests. Without it, what is due is judged by the database's clock (so
   * the rows it just wrote are due at once, whatever this host's clock says) and back-off by
   * this process's.
   */
  readonly clock?: () => Date;
  readonly random?: () => number;
}

/** Claim errors (the database away) are retried after this, doubling, at most. */
const MAX_CLAIM_ERROR_WAIT_MS = 30_000;

/**
 * Claims due deliveries while it has free request slots and POSTs them. Any number of these may
 * run, in one process or many: claims never overlap (SKIP LOCKED under a lease), and a row
 * whose worker died falls due again when the lease runs out.
 */
export class WebhookWorker {
  private readonly inFlight = new Set<Promise<void>>();
  private loop: Promise<void> | null = null;
  private stopping = false;
  /** The last claim filled every free slot: more may be due, so a finished request wakes the loop. */
  private backlog = false;
  private wakeRequested = false;
  private wakeWaiter: (() => void) | null = null;
  private readonly clock: () => Date;
  private readonly random: () => number;

  constructor(private readonly options: WebhookWorkerOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(`webhook worker: concurrency ${options.concurrency} is not a positive integer`);
    }
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
  }

  start(): void {
    if (this.loop !== null) throw new Error('webhook worker: already started');
    this.loop = this.run();
  }

  /** Something may be due now (a NOTIFY arrived, or the listener reconnected). */
  wake(): void {
    this.wakeRequested = true;
    const waiter = this.wakeWaiter;
    this.wakeWaiter = null;
    waiter?.();
  }

  /** Stops claiming and waits for the requests in flight to finish and be recorded. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Claims and attempts everything due now, a batch of `concurrency` at a time, until a claim
   * comes back short; returns the number of attempts. For tests with an injected clock, and for
   * one-off runs; the running loop does the same continuously.
   */
  async runDue(): Promise<number> {
    let attempts = 0;
    while (true) {
      const claimed = await this.claim(this.options.concurrency);
      await Promise.allSettled(claimed.map((delivery) => this.track(delivery)));
      attempts += claimed.length;
      if (claimed.length < this.options.concurrency) return attempts;
    }
  }

  private async run(): Promise<void> {
    let claimErrors = 0;
    while (!this.stopping) {
      const free = this.options.concurrency - this.inFlight.size;
      if (free > 0) {
        let claimed: ClaimedWebhookDelivery[];
        try {
          claimed = await this.claim(free);
          claimErrors = 0;
        } catch (error) {
          claimErrors += 1;
          const waitMs = Math.min(MAX_CLAIM_ERROR_WAIT_MS, this.options.pollMs * 2 ** Math.min(claimErrors, 16));
          this.options.logger.error({ err: error, waitMs }, 'claiming webhook deliveries failed');
          await this.waitForWake(waitMs);
          continue;
        }
        for (const delivery of claimed) void this.track(delivery);
        this.backlog = claimed.length === free;
        if (this.backlog && !this.stopping) continue;
      }
      await this.waitForWake(this.options.pollMs);
    }
  }

  private claim(limit: number): Promise<ClaimedWebhookDelivery[]> {
    const now = this.options.clock?.();
    return claimDueDeliveries(this.options.pool, {
      limit,
      lockMs: this.options.leaseMs,
      ...(now === undefined ? {} : { now }),
    });
  }

  private track(delivery: ClaimedWebhookDelivery): Promise<void> {
    const attempt = attemptDelivery(delivery, {
      pool: this.options.pool,
      poster: this.options.poster,
      logger: this.options.logger,
      clock: this.clock,
      random: this.random,
    })
      .then(() => undefined)
      .catch((error: unknown) => {
        this.options.logger.error(
          {
            err: error,
            delivery: delivery.id.toString(),
            endpoint: delivery.endpointId.toString(),
            org: delivery.orgId.toString(),
          },
          'recording a webhook attempt failed; the delivery falls due again when its claim expires',
        );
      })
      .finally(() => {
        this.inFlight.delete(attempt);
        if (this.backlog) this.wake();
      });
    this.inFlight.add(attempt);
    return attempt;
  }

  private waitForWake(ms: number): Promise<void> {
    if (this.wakeRequested || this.stopping) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wakeWaiter = null;
        resolve();
      }, ms);
      this.wakeWaiter = () => {
        clearTimeout(timer);
        this.wakeRequested = false;
        resolve();
      };
    });
  }
}
