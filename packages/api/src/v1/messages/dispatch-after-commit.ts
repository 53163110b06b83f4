import { jobPriority, type DispatchJob } from '@smshub/queue';
import type { Logger } from 'pino';
import type { ApiDeps } from '../deps.js';

/** Ids per dispatch job: big enough to batch the dispatcher's SQL, small enough to spread over workers. */
export const DISPATCH_BATCH = 500;

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
 * Tells the dispatcher about messages that are due now. Runs only after COMMIT, so a job never
 * names a message the dispatcher cannot read yet. Future messages are left to the dispatcher's
 * scheduler sweep. A failure here loses nothing: the messages are stored as 'accepted' and the
 * dispatcher's resume sweep enqueues those no job named; so the call still succeeds, and the
 * failure is logged.
 */
export async function dispatchAfterCommit(deps: ApiDeps, log: Logger, batch: CommittedBatch): Promise<void> {
  if (batch.messageIds.length === 0 || batch.sendAt.getTime() > deps.now().getTime()) return;
  const jobs: DispatchJob[] = [];
  for (let start = 0; start < batch.messageIds.length; start += DISPATCH_BATCH) {
    jobs.push({ ids: batch.messageIds.slice(start, start + DISPATCH_BATCH).map(String), reason: 'intake' });
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer from Redis within ${ENQUEUE_TIMEOUT_MS} ms`)),
      ENQUEUE_TIMEOUT_MS,
    );
  });
  const enqueued = deps.dispatch.enqueue(jobs, jobPriority(batch.businessPriority), `intake-${batch.campaignId}`);
  try {
    await Promise.race([enqueued, timeout]);
  } catch (error) {
    // A late failure of the enqueue itself must not surface as an unhandled rejection.
    enqueued.catch(() => undefined);
    log.error(
      { err: error, campaign: String(batch.campaignId), messages: batch.messageIds.length },
      'intake: dispatch jobs not enqueued after commit; the resume sweep will pick the messages up',
    );
  } finally {
    clearTimeout(timer);
  }
}
