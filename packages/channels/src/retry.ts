/** Why a submit round ended with the message not sent here (a gateway refusal for good is not one). */
export type RetryCause = 'unavailable' | 'in-doubt' | 'transient' | 'throttled';

/** A business type's retry settings; a message of an unknown type gets the defaults. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly retryAttempts: number;
  /** The first back-off; each retry after it waits twice as long. */
  readonly retryBackoffSeconds: number;
}

export const defaultRetryPolicy: RetryPolicy = { retryAttempts: 3, retryBackoffSeconds: 30 };

export interface RetryCase {
  readonly cause: RetryCause;
  /** Attempts at this message so far, the one that just ended included. */
  readonly attempts: number;
  /** Until the message expires (ms, may be negative): no retry waits past it. */
  readonly expiresInMs: number;
  readonly policy?: RetryPolicy | undefined;
}

export type RetryDecision =
  /** Back to the dispatcher after `delayMs`; `uncount`: the attempt never left and does not count. */
  | { readonly kind: 'retry'; readonly delayMs: number; readonly uncount: boolean }
  /** No attempt left: the message fails (RETRIES_EXHAUSTED). */
  | { readonly kind: 'exhausted' };

/**
 * What follows a submit round that did not get the message through, decided from the round
 * alone (no I/O, no clock): the runner acts on it.
 *
 * A channel that could not take the message: route it elsewhere at once, and the attempt does not
 * count (it never left). A submit lost with its link: again within a second (the link, not the
 * message, failed). A gateway error: back off, doubling from the business type's first back-off.
 */
export function decideRetry({ cause, attempts, expiresInMs, policy = defaultRetryPolicy }: RetryCase): RetryDecision {
  const unavailable = cause === 'unavailable';
  if (!unavailable && attempts >= policy.retryAttempts + 1) return { kind: 'exhausted' };
  const backoffMs = policy.retryBackoffSeconds * 1000 * 2 ** Math.max(0, attempts - 1);
  const delayMs = unavailable ? 0 : cause === 'in-doubt' ? Math.min(1_000, backoffMs) : backoffMs;
  return { kind: 'retry', delayMs: Math.min(delayMs, Math.max(0, expiresInMs)), uncount: unavailable };
}
