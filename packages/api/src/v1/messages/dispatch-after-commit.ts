import { Coalescer, Failed } from '@smshub/db';
import { jobPriority, type DispatchJob } from '@smshub/queue';
import type { Logger } from 'pino';
import type { DispatchEnqueuer } from '../deps.js';

/** Ids per dispatch job: big enough to batch the dispatcher's SQL, small enough to spread over workers. */
export const DISPATCH_BATCH = 500;

/** Most ids one coalesced enqueue carries (20 jobs); a bigger call is enqueued on its own. */
export const DISPATCH_GROUP_IDS = 20 * DISPATCH_BATCH;

/**
 * How long the answer waits for Redis. The queue's connection waits through reconnects rather
 * than failing, so without a bound a Redis outage would hold every answer; the messages are
 * already committed, so the caller is answered and the jobs land when Redis is back, or the
 * resume sweep finds the messages.
 */
export const ENQUEUE_TIMEOUT_MS = 2_000;

export interface CommittedBatch {
  readonly campaignId: bigint;
  readonly messageIds: readonly bigint[];
  readonly sendAt: Date;
  readonly businessPriority: number;
}

/**
 * Tells the dispatcher about messages that are due now, for every request of the process
 * together: what the calls answered in one turn (a group commit's callers) — or while the last
 * enqueue was on its way — goes out as one enqueue per priority, its ids in jobs of
 * DISPATCH_BATCH whatever the requests' sizes, instead of a job per request. Runs only after
 * COMMIT, so a job never names a message the dispatcher cannot read yet. Future messages are
 * left to the dispatcher's scheduler sweep. A failure here loses nothing: the messages are stored
 * as 'accepted' and the dispatcher's resume sweep enqueues those no job named; so the call still
 * succeeds, and the failure is logged.
 */
export class IntakeDispatch {
  private readonly coalescer: Coalescer<CommittedBatch, void>;

  constructor(
    private readonly dispatch: DispatchEnqueuer,
    private readonly now: () => Date,
  ) {
    this.coalescer = new Coalescer((batches) => this.enqueueGroup(batches), {
      maxWeight: DISPATCH_GROUP_IDS,
      weight: (batch) => batch.messageIds.length,
    });
  }

  /** Resolves once the batch's jobs are in Redis, or after ENQUEUE_TIMEOUT_MS (logged). */
  async afterCommit(log: Logger, batch: CommittedBatch): Promise<void> {
    if (batch.messageIds.length === 0 || batch.sendAt.getTime() > this.now().getTime()) return;
    const enqueued = this.coalescer.submit(batch);
    try {
      await withTimeout(enqueued);
    } catch (error) {
      // A late failure of the enqueue itself must not surface as an unhandled rejection.
      enqueued.catch(() => undefined);
      log.error(
        { err: error, campaign: String(batch.campaignId), messages: batch.messageIds.length },
        'intake: dispatch jobs not enqueued after commit; the resume sweep will pick the messages up',
      );
    }
  }

  /** Resolves when no enqueue waits or runs (for shutdown, before the queue closes). */
  drained(): Promise<void> {
    return this.coalescer.drained();
  }

  /**
   * One enqueue per priority (BullMQ's priority is per job; the business type gives it), all at
   * once. Job ids start with the first message id of their enqueue, which no other enqueue
   * names, so a repeated enqueue of the same ids does not add them twice. The next group waits
   * at most ENQUEUE_TIMEOUT_MS for this one: a Redis that does not answer must not stop the
   * queue of enqueues behind it.
   */
  private async enqueueGroup(batches: readonly CommittedBatch[]): Promise<(void | Failed)[]> {
    const byPriority = new Map<number, number[]>();
    batches.forEach((batch, i) => {
      const priority = jobPriority(batch.businessPriority);
      const members = byPriority.get(priority);
      if (members === undefined) byPriority.set(priority, [i]);
      else members.push(i);
    });
    const results: (void | Failed)[] = batches.map(() => undefined);
    await Promise.all(
      [...byPriority].map(async ([priority, members]) => {
        const ids = members.flatMap((i) => (batches[i] as CommittedBatch).messageIds.map(String));
        const jobs: DispatchJob[] = [];
        for (let start = 0; start < ids.length; start += DISPATCH_BATCH) {
          jobs.push({ ids: ids.slice(start, start + DISPATCH_BATCH), reason: 'intake' });
        }
        const enqueued = this.dispatch.enqueue(jobs, priority, `intake-${ids[0]}`);
        try {
          await withTimeout(enqueued);
        } catch (error) {
          enqueued.catch(() => undefined);
          for (const i of members) results[i] = new Failed(error);
        }
      }),
    );
    return results;
  }
}

async function withTimeout(work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer from Redis within ${ENQUEUE_TIMEOUT_MS} ms`)),
      ENQUEUE_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
