import { type ConnectionOptions, type JobsOptions, Queue, type Processor, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * The queues. Message ids travel as decimal strings (they are PostgreSQL bigints).
 *
 * dispatch     intake, the scheduler and the resume sweep → dispatcher: route these messages.
 * channel-<id> dispatcher → the worker owning channel <id>: submit these messages.
 */
export const DISPATCH_QUEUE = 'dispatch';

export function channelQueueName(channelId: string): string {
  return `channel-${channelId}`;
}

export interface DispatchJob {
  readonly ids: readonly string[];
  /**
   * Why the batch is (re)dispatched, for logs; 'overflow' and 'return' also make the dispatcher
   * avoid the channel the messages come from (they waited too long there; their own carrier's
   * channels are faster again).
   */
  readonly reason: 'intake' | 'scheduled' | 'retry' | 'resume' | 'failover' | 'overflow' | 'return';
}

export interface ChannelJob {
  readonly ids: readonly string[];
}

/**
 * BullMQ priority for a business-type priority (higher = more urgent). BullMQ runs lower numbers
 * first and treats 0 as "no priority"; business priorities are 0..100.
 */
export function jobPriority(businessPriority: number): number {
  const clamped = Math.max(0, Math.min(100, Math.round(businessPriority)));
  return 101 - clamped;
}

export const defaultJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
  // Completed jobs carry nothing worth keeping (PostgreSQL has the record); failed ones are kept
  // for a while for inspection.
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600, count: 10_000 },
};

export interface QueueContext {
  readonly connection: Redis;
  readonly prefix: string;
}

export function openQueue<T>(context: QueueContext, name: string): Queue<T> {
  return new Queue<T>(name, {
    connection: context.connection as unknown as ConnectionOptions,
    prefix: `${context.prefix}:bull`,
    defaultJobOptions,
  });
}

export function openWorker<T>(
  context: QueueContext,
  name: string,
  processor: Processor<T>,
  options: Partial<WorkerOptions> = {},
): Worker<T> {
  return new Worker<T>(name, processor, {
    connection: context.connection as unknown as ConnectionOptions,
    prefix: `${context.prefix}:bull`,
    concurrency: 4,
    // A worker that dies leaves its jobs locked; they are taken again once the lock runs out
    // (10 s) and the next stall check sees it. Our jobs are safe to run twice, so a job that
    // stalls many times is still retried rather than failed.
    lockDuration: 10_000,
    stalledInterval: 5_000,
    maxStalledCount: 100,
    ...options,
  });
}
