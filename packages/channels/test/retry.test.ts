import { describe, expect, it } from 'vitest';
import { decideRetry, type RetryCase, type RetryDecision } from '../src/index.js';

/*
 * The retry decision alone: no PostgreSQL, no Redis, no clock. Each row is one round that did
 * not get its message through.
 */

const notification = { retryAttempts: 3, retryBackoffSeconds: 3 };
const hour = 3_600_000;

const cases: readonly (RetryCase & { readonly name: string; readonly expected: RetryDecision })[] = [
  {
    name: 'no bind could take it: elsewhere at once, and the attempt does not count',
    cause: 'unavailable',
    attempts: 1,
    expiresInMs: hour,
    policy: notification,
    expected: { kind: 'retry', delayMs: 0, uncount: true },
  },
  {
    name: 'no bind could take it on what would be the last attempt: still not counted, still retried',
    cause: 'unavailable',
    attempts: 4,
    expiresInMs: hour,
    policy: notification,
    expected: { kind: 'retry', delayMs: 0, uncount: true },
  },
  {
    name: 'a gateway error on the first attempt: the first back-off',
    cause: 'transient',
    attempts: 1,
    expiresInMs: hour,
    policy: notification,
    expected: { kind: 'retry', delayMs: 3_000, uncount: false },
  },
  {
    name: 'a gateway error on the third attempt: the back-off doubled twice',
    cause: 'transient',
    attempts: 3,
    expiresInMs: hour,
    policy: notification,
    expected: { kind: 'retry', delayMs: 12_000, uncount: false },
  },
  {
    name: 'throttled past its patience: backs off like a gateway error',
    cause: 'throttled',
    attempts: 2,
    expiresInMs: hour,
    policy: notification,
    expected: { kind: 'retry', delayMs: 6_000, uncount: false },
  },
  {
    name: 'a submit lost with its link: again within a second',
    cause: 'in-doubt',
    attempts: 3,
    expiresInMs: hour,
    policy: notification,
    expected: { kind: 'retry', delayMs: 1_000, uncount: false },
  },
  {
    name: 'a submit lost with its link on the last attempt: exhausted',
    cause: 'in-doubt',
    attempts: 4,
    expiresInMs: hour,
    policy: notification,
    expected: { kind: 'exhausted' },
  },
  {
    name: 'a gateway error on the last attempt: exhausted',
    cause: 'transient',
    attempts: 4,
    expiresInMs: hour,
    policy: notification,
    expected: { kind: 'exhausted' },
  },
  {
    name: 'attempts past the allowance (the type was changed meanwhile): exhausted',
    cause: 'transient',
    attempts: 9,
    expiresInMs: hour,
    policy: notification,
    expected: { kind: 'exhausted' },
  },
  {
    name: 'a type without retries: the first failure is the last',
    cause: 'transient',
    attempts: 1,
    expiresInMs: hour,
    policy: { retryAttempts: 0, retryBackoffSeconds: 3 },
    expected: { kind: 'exhausted' },
  },
  {
    name: 'no retry waits past the message expiry',
    cause: 'transient',
    attempts: 2,
    expiresInMs: 2_500,
    policy: notification,
    expected: { kind: 'retry', delayMs: 2_500, uncount: false },
  },
  {
    name: 'already expired: retried at once (the dispatcher expires it)',
    cause: 'transient',
    attempts: 1,
    expiresInMs: -5_000,
    policy: notification,
    expected: { kind: 'retry', delayMs: 0, uncount: false },
  },
  {
    name: 'an unknown business type: 3 retries, 30 s first back-off',
    cause: 'transient',
    attempts: 1,
    expiresInMs: hour,
    policy: undefined,
    expected: { kind: 'retry', delayMs: 30_000, uncount: false },
  },
  {
    name: 'an unknown business type on its fourth attempt: exhausted',
    cause: 'transient',
    attempts: 4,
    expiresInMs: hour,
    policy: undefined,
    expected: { kind: 'exhausted' },
  },
];

describe('decideRetry', () => {
  it.each(cases)('$name', ({ expected, name: _name, ...round }) => {
    expect(decideRetry(round)).toEqual(expected);
  });
});
