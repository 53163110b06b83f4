/**
 * @smshub/queue/testing — test support beside `@smshub/db/testing`: a Redis key prefix of its own
 * per test file, so test files (and the engineers running them) share one Redis without seeing
 * each other's keys, and SCAN-based cleanup of that prefix. Never imported by production code.
 */
export { createTestRedis, deleteKeysWithPrefix, type TestRedis, type TestRedisOptions } from './test-redis.js';
