import { claimDueRequests, largestWebhookBatch, type ClaimedWebhookRequest, type WebhookClaim } from '@smshub/db';
import type pg from 'pg';
import type { Logger } from 'pino';
import { attemptRequest } from './attempt.js';
import type { WebhookPoster } from './post-webhook.js';
import { ResultRecorder } from './record.js';

export interface WebhookWorkerOptions {
  readonly pool: pg.Pool;
  readonly poster: WebhookPoster;
  readonly logger: Logger;
  /** Requests in flight at most. */
  readonly concurrency: number;
  /** Requests in flight at most to any one endpoint; `concurrency` when absent. */
  readonly endpointConcurrency?: number;
  /** How long a claim holds a row; must outlast a request (see claimDueRequests). */
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
 * Due rows one claim looks at, at most. A claim locks what it looks at while it runs (SKIP LOCKED
 * is how workers keep out of each other's way), so it looks at about as many as its free slots
 * can take: one row per slot, or the largest batch size seen per slot.
 */
const MAX_CLAIM_WINDOW = 2000;
/** How often the largest batch size among the endpoints is read again (new endpoints, changed ones). */
const BATCH_SIZE_REFRESH_MS = 10_000;
/**
 * A claim walks the due index from a floor (see ClaimDeliveriesOptions.after): the first due row
 * the last claim saw, or this long before its clock, whichever is earlier. Rows not visible to a
 * claim yet were written by transactions open at that time, due when they began: the flushes that
 * raise events take well under a second.
 */
const FLOOR_MARGIN_MS = 10_000;
/** A claim walks from the start of the due index this often anyway, for a transaction open longer. */
const FULL_WALK_MS = 60_000;
/** The pause before claiming again when another worker took every row a claim chose. */
const CONTENDED_RETRY_MS = 5;

/**
 * Claims due requests while it has free request slots and POSTs them. Any number of these may
 * run, in one process or many: claims never overlap (SKIP LOCKED under a lease), and a row
 * whose worker died falls due again when the lease runs out. Results are recorded by one
 * ResultRecorder, a statement for whatever finished together.
 */
export class WebhookWorker {
  private readonly inFlight = new Set<Promise<void>>();
  /** Requests in flight per endpoint; endpoints with none are not here. */
  private readonly endpointsInFlight = new Map<bigint, number>();
  /**
   * The largest batch size among the enabled endpoints (read every BATCH_SIZE_REFRESH_MS, and
   * raised by any larger one a claim brings): rows looked at per free slot. Too small, and a batch
   * would go out cut short by the end of the window.
   */
  private largestBatch = 1;
  private largestBatchReadAt = Number.NEGATIVE_INFINITY;
  private floor: Date | undefined;
  private fullWalkAt = Number.NEGATIVE_INFINITY;
  private loop: Promise<void> | null = null;
  private stopping = false;
  /** More may be due than the last claim took: finished requests wake the loop. */
  private backlog = false;
  /**
   * Under a backlog the loop claims again once a quarter of the requests in flight at the last
   * claim have finished (at least one), not after each: a claim costs about as much for ten
   * requests as for one.
   */
  private finishedSinceClaim = 0;
  private claimAfter = 1;
  private wakeRequested = false;
  private wakeWaiter: (() => void) | null = null;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly endpointConcurrency: number;
  private readonly recorder: ResultRecorder;

  constructor(private readonly options: WebhookWorkerOptions) {
    const positive = (name: string, value: number) => {
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`webhook worker: ${name} ${value} is not a positive integer`);
    };
    positive('concurrency', options.concurrency);
    this.endpointConcurrency = options.endpointConcurrency ?? options.concurrency;
    positive('endpointConcurrency', this.endpointConcurrency);
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.recorder = new ResultRecorder(options.pool);
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
   * Claims and attempts everything due now, as many requests as `concurrency` at a time, until a
   * claim finds nothing; returns the number of deliveries attempted. For tests with an injected
   * clock, and for one-off runs; the running loop does the same continuously.
   */
  async runDue(): Promise<number> {
    let attempted = 0;
    while (true) {
      const claim = await this.claim(this.options.concurrency);
      if (claim.requests.length === 0) return attempted;
      await Promise.allSettled(claim.requests.map((request) => this.track(request)));
      for (const request of claim.requests) attempted += request.deliveries.length;
    }
  }

  private async run(): Promise<void> {
    let claimErrors = 0;
    while (!this.stopping) {
      const free = this.options.concurrency - this.inFlight.size;
      if (free > 0) {
        let claim: WebhookClaim;
        try {
          claim = await this.claim(free);
          claimErrors = 0;
        } catch (error) {
          claimErrors += 1;
          const waitMs = Math.min(MAX_CLAIM_ERROR_WAIT_MS, this.options.pollMs * 2 ** Math.min(claimErrors, 16));
          this.options.logger.error({ err: error, waitMs }, 'claiming webhook deliveries failed');
          await this.waitForWake(waitMs);
          continue;
        }
        for (const request of claim.requests) void this.track(request);
        this.finishedSinceClaim = 0;
        this.claimAfter = Math.max(1, Math.floor(this.inFlight.size / 4));
        // More may be due when the claim looked as far as it could, or filled every slot. Claim
        // again at once while claims bring something; when they bring nothing (every endpoint
        // with rows due is at its limit), a finished request is the next chance.
        this.backlog = claim.moreDue || claim.requests.length === free;
        if (this.backlog && claim.requests.length > 0 && !this.stopping) continue;
        // Another worker took what this claim chose: its claim has committed, or will in a
        // moment, and the rows behind are free — look again shortly rather than at the next poll.
        if (claim.contended && !this.stopping) {
          await this.waitForWake(CONTENDED_RETRY_MS);
          continue;
        }
      }
      await this.waitForWake(this.options.pollMs);
    }
  }

  private async claim(free: number): Promise<WebhookClaim> {
    if (performance.now() - this.largestBatchReadAt >= BATCH_SIZE_REFRESH_MS) {
      this.largestBatch = await largestWebhookBatch(this.options.pool);
      this.largestBatchReadAt = performance.now();
    }
    const now = this.options.clock?.();
    const walkFromStart = this.clock().getTime() - this.fullWalkAt >= FULL_WALK_MS;
    const endpointRoom = new Map<bigint, number>();
    for (const [endpointId, inFlight] of this.endpointsInFlight)
      endpointRoom.set(endpointId, Math.max(0, this.endpointConcurrency - inFlight));
    const claim = await claimDueRequests(this.options.pool, {
      limit: free,
      lockMs: this.options.leaseMs,
      perEndpoint: this.endpointConcurrency,
      endpointRoom,
      window: Math.min(MAX_CLAIM_WINDOW, free * this.largestBatch),
      ...(now === undefined ? {} : { now }),
      ...(walkFromStart || this.floor === undefined ? {} : { after: this.floor }),
    });
    if (walkFromStart) this.fullWalkAt = this.clock().getTime();
    this.floor = new Date(Math.min(claim.oldestDue?.getTime() ?? Infinity, claim.at.getTime() - FLOOR_MARGIN_MS));
    for (const request of claim.requests)
      this.largestBatch = Math.max(this.largestBatch, request.target.batchMaxEvents ?? 1);
    return claim;
  }

  private track(request: ClaimedWebhookRequest): Promise<void> {
    const endpointId = request.target.endpointId;
    this.endpointsInFlight.set(endpointId, (this.endpointsInFlight.get(endpointId) ?? 0) + 1);
    const attempt = attemptRequest(request, {
      poster: this.options.poster,
      record: (results) => this.recorder.record(results),
      logger: this.options.logger,
      clock: this.clock,
      random: this.random,
    })
      .catch((error: unknown) => {
        this.options.logger.error(
          {
            err: error,
            delivery: request.deliveries[0]?.id.toString(),
            deliveries: request.deliveries.length,
            endpoint: endpointId.toString(),
            org: request.target.orgId.toString(),
          },
          'recording a webhook attempt failed; its deliveries fall due again when their claim expires',
        );
      })
      .finally(() => {
        const left = (this.endpointsInFlight.get(endpointId) ?? 1) - 1;
        if (left > 0) this.endpointsInFlight.set(endpointId, left);
        else this.endpointsInFlight.delete(endpointId);
        this.inFlight.delete(attempt);
        this.finishedSinceClaim += 1;
        if (this.backlog && (this.finishedSinceClaim >= this.claimAfter || this.inFlight.size === 0)) this.wake();
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
