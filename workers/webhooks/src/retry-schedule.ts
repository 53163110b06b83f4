/**
 * When a failed delivery is tried again: 10 s, 30 s, 1 min, 5 min, 15 min, 30 min, 1 h, 2 h, then
 * doubling (4 h, 8 h) and capped at 8 h, each ±20 % so endpoints that failed together (an outage)
 * are not all hit again in the same second. Retries stop 24 h after the delivery was created; a
 * delay that would pass that point is cut to one last attempt at it.
 */

export const RETRY_WINDOW_MS = 24 * 3600_000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** The delay after the 1st, 2nd, … failed attempt; later ones double the last, up to the cap. */
const BASE_DELAYS_MS = [
  10 * SECOND,
  30 * SECOND,
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
] as const;
const MAX_DELAY_MS = 8 * HOUR;
export const RETRY_JITTER = 0.2;

/** The delay after failed attempt number `attempt` (1-based), before jitter. */
export function retryDelayMs(attempt: number): number {
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new RangeError(`retryDelayMs: attempt ${attempt} is not 1 or more`);
  const base = BASE_DELAYS_MS[attempt - 1];
  if (base !== undefined) return base;
  const last = BASE_DELAYS_MS[BASE_DELAYS_MS.length - 1] as number;
  const doublings = attempt - BASE_DELAYS_MS.length;
  // 2h · 2^doublings passes the cap after two doublings; stop multiplying before it overflows.
  return doublings >= 8 ? MAX_DELAY_MS : Math.min(MAX_DELAY_MS, last * 2 ** doublings);
}

export interface FailedAttempt {
  /** 1-based number of the attempt that failed. */
  readonly attempt: number;
  readonly createdAt: Date;
  readonly now: Date;
  /** Uniform in [0, 1); Math.random in production. */
  readonly random: () => number;
}

/** The time of the next attempt, or null when the 24 h are over and the delivery has failed. */
export function nextAttemptAfterFailure({ attempt, createdAt, now, random }: FailedAttempt): Date | null {
  return nextAttemptsAfterFailure({ deliveries: [{ attempt, createdAt }], now, random })[0] ?? null;
}

export interface FailedRequest {
  /** Each delivery of the request that failed: its attempt number and when it was raised. */
  readonly deliveries: readonly { readonly attempt: number; readonly createdAt: Date }[];
  readonly now: Date;
  readonly random: () => number;
}

/**
 * The next attempt of each delivery of a failed request (a batch, or one delivery in single
 * mode), null for those whose 24 h are over. The others are tried again together, at one time:
 * the delay of the batch's most-tried delivery (one jitter draw), cut to the earliest 24 h end
 * among them, so that the last attempt of the oldest still carries the rest. A request of one
 * delivery (single mode) follows the schedule above exactly.
 */
export function nextAttemptsAfterFailure({ deliveries, now, random }: FailedRequest): (Date | null)[] {
  const deadlines = deliveries.map((delivery) => delivery.createdAt.getTime() + RETRY_WINDOW_MS);
  const open = deliveries.filter((_, index) => now.getTime() < (deadlines[index] as number));
  if (open.length === 0) return deliveries.map(() => null);
  const mostTried = Math.max(...open.map((delivery) => delivery.attempt));
  const jitter = 1 + RETRY_JITTER * (2 * random() - 1);
  let together = now.getTime() + Math.round(retryDelayMs(mostTried) * jitter);
  for (const deadline of deadlines) if (deadline > now.getTime()) together = Math.min(together, deadline);
  return deadlines.map((deadline) => (now.getTime() >= deadline ? null : new Date(together)));
}
