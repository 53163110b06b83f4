import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  nextAttemptAfterFailure,
  nextAttemptsAfterFailure,
  RETRY_WINDOW_MS,
  retryDelayMs,
} from '../src/retry-schedule.js';

const s = 1000;
const min = 60 * s;
const h = 60 * min;

describe('retryDelayMs', () => {
  // The schedule of the issue: 10 s, 30 s, 1 min, 5 min, 15 min, 30 min, 1 h, 2 h, …; then
  // doubling to an 8 h cap.
  const schedule: [attempt: number, delayMs: number][] = [
    [1, 10 * s],
    [2, 30 * s],
    [3, 1 * min],
    [4, 5 * min],
    [5, 15 * min],
    [6, 30 * min],
    [7, 1 * h],
    [8, 2 * h],
    [9, 4 * h],
    [10, 8 * h],
    [11, 8 * h],
    [1000, 8 * h],
  ];
  it.each(schedule)('after attempt %i waits %i ms', (attempt, delayMs) => {
    expect(retryDelayMs(attempt)).toBe(delayMs);
  });

  it.each([0, -1, 1.5])('refuses attempt %s', (attempt) => {
    expect(() => retryDelayMs(attempt)).toThrow(/not 1 or more/);
  });
});

describe('nextAttemptAfterFailure', () => {
  const createdAt = new Date('2026-03-01T00:00:00.000Z');
  const after = (ms: number) => new Date(createdAt.getTime() + ms);

  const jitter: { name: string; random: number; delayMs: number }[] = [
    { name: 'lowest jitter is -20 %', random: 0, delayMs: 8 * s },
    { name: 'middle is the schedule', random: 0.5, delayMs: 10 * s },
    { name: 'highest approaches +20 %', random: 0.999_999, delayMs: 12 * s },
  ];
  it.each(jitter)('$name', ({ random, delayMs }) => {
    const now = after(2 * s);
    expect(nextAttemptAfterFailure({ attempt: 1, createdAt, now, random: () => random })?.getTime()).toBe(
      now.getTime() + delayMs,
    );
  });

  it('grows from attempt to attempt whatever the jitter', () => {
    for (const random of [0, 0.5, 0.999_999]) {
      let now = createdAt;
      let previousGap = 0;
      for (let attempt = 1; attempt <= 10; attempt++) {
        const next = nextAttemptAfterFailure({
          attempt,
          createdAt,
          now,
          random: () => (attempt % 2 === 0 ? random : 1 - random),
        });
        expect(next).not.toBeNull();
        const gap = next!.getTime() - now.getTime();
        if (next!.getTime() < createdAt.getTime() + RETRY_WINDOW_MS) expect(gap).toBeGreaterThan(previousGap);
        previousGap = gap;
        now = next!;
      }
    }
  });

  it('cuts the delay that would pass 24 h to one last attempt at 24 h', () => {
    const now = after(RETRY_WINDOW_MS - 10 * s);
    expect(nextAttemptAfterFailure({ attempt: 9, createdAt, now, random: () => 0.5 })).toStrictEqual(
      after(RETRY_WINDOW_MS),
    );
  });

  it.each([0, 1, 3600_000])('gives up %i ms after the 24 h', (late) => {
    expect(
      nextAttemptAfterFailure({ attempt: 12, createdAt, now: after(RETRY_WINDOW_MS + late), random: () => 0.5 }),
    ).toBeNull();
  });

  it('with the middle jitter, attempts land where the schedule says until the 24 h cut', () => {
    let now = createdAt;
    const times: number[] = [];
    for (let attempt = 1; ; attempt++) {
      const next = nextAttemptAfterFailure({ attempt, createdAt, now, random: () => 0.5 });
      if (next === null) break;
      times.push(next.getTime() - createdAt.getTime());
      now = next;
    }
    // 10 s, +30 s, +1 min, +5 min, +15 min, +30 min, +1 h, +2 h, +4 h, +8 h, +8 h, then cut at 24 h.
    expect(times).toStrictEqual([
      10 * s,
      40 * s,
      100 * s,
      400 * s,
      1300 * s,
      3100 * s,
      6700 * s,
      13_900 * s,
      28_300 * s,
      57_100 * s,
      85_900 * s,
      RETRY_WINDOW_MS,
    ]);
  });
});

describe('nextAttemptsAfterFailure (the deliveries of one failed request)', () => {
  const createdAt = new Date('2026-01-01T00:00:00.000Z');
  const after = (ms: number) => new Date(createdAt.getTime() + ms);

  it('one delivery: exactly the single schedule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: RETRY_WINDOW_MS + h }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, nowMs, random) => {
          const now = after(nowMs);
          expect(
            nextAttemptsAfterFailure({ deliveries: [{ attempt, createdAt }], now, random: () => random }),
          ).toStrictEqual([nextAttemptAfterFailure({ attempt, createdAt, now, random: () => random })]);
        },
      ),
    );
  });

  it('a batch goes again together, at the delay of its most-tried delivery, with one jitter draw', () => {
    let draws = 0;
    const now = after(10 * min);
    const next = nextAttemptsAfterFailure({
      deliveries: [
        { attempt: 1, createdAt: after(9 * min) },
        { attempt: 3, createdAt },
        { attempt: 2, createdAt: after(5 * min) },
      ],
      now,
      random: () => {
        draws += 1;
        return 0.5;
      },
    });
    expect(draws).toBe(1);
    // Attempt 3 failed: 1 min, for all three.
    expect(next).toStrictEqual([after(11 * min), after(11 * min), after(11 * min)]);
  });

  it('cut to the earliest end of 24 h among them, so the oldest gets its last attempt with the rest', () => {
    const now = after(RETRY_WINDOW_MS - 30 * s);
    const next = nextAttemptsAfterFailure({
      deliveries: [
        { attempt: 9, createdAt },
        { attempt: 1, createdAt: after(10 * min) },
      ],
      now,
      random: () => 0.5,
    });
    expect(next).toStrictEqual([after(RETRY_WINDOW_MS), after(RETRY_WINDOW_MS)]);
  });

  it('those whose 24 h are over fail; the others are tried again', () => {
    const now = after(RETRY_WINDOW_MS);
    const next = nextAttemptsAfterFailure({
      deliveries: [
        { attempt: 13, createdAt },
        { attempt: 1, createdAt: after(h) },
      ],
      now,
      random: () => 0.5,
    });
    // The one left was on its first attempt: 10 s, not the 8 h of the one that ran out.
    expect(next).toStrictEqual([null, after(RETRY_WINDOW_MS + 10 * s)]);
    expect(
      nextAttemptsAfterFailure({
        deliveries: [{ attempt: 2, createdAt }],
        now: after(RETRY_WINDOW_MS),
        random: () => 0.5,
      }),
    ).toStrictEqual([null]);
  });
});
