/**
 * @smshub/queue — the names every process shares: BullMQ queues and their job payloads, Redis
 * keys, and the channel lease. Jobs carry batches of message ids, never message bodies:
 * PostgreSQL is the record, Redis only says what to work on next.
 */
export * from './redis.js';
export * from './keys.js';
export * from './queues.js';
export * from './lease.js';
export * from './channel-state.js';
export type { Job, Queue, Worker } from 'bullmq';
export type { Redis } from 'ioredis';
