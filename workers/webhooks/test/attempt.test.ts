import type { ClaimedWebhookRequest } from '@smshub/db';
import { describe, expect, it } from 'vitest';
import { resultsOfAttempt } from '../src/attempt.js';
import { RETRY_WINDOW_MS } from '../src/retry-schedule.js';
import { buildWebhookRequest } from '../src/webhook-request.js';

const createdAt = new Date('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(createdAt.getTime() + ms);

function request(
  batchMaxEvents: number | null,
  attempts: readonly [attempt: number, ageMs: number][],
): ClaimedWebhookRequest {
  return {
    target: {
      endpointId: 7n,
      orgId: 3n,
      url: 'https://hooks.example.com/in',
      secret: 'whsec_unit',
      enabled: true,
      batchMaxEvents,
    },
    deliveries: attempts.map(([attempt, ageMs], index) => ({
      id: BigInt(100 + index),
      event: 'mo.received',
      payload: { n: index },
      attempt,
      createdAt: at(-ageMs),
    })),
  };
}

describe('resultsOfAttempt: what one POST comes to for each delivery in it', () => {
  const now = at(0);
  const random = () => 0.5;

  it('a 2xx delivers every event of the batch, each with its own attempt', () => {
    const results = resultsOfAttempt(
      request(10, [
        [1, 0],
        [4, 60_000],
      ]),
      { delivered: true, statusCode: 204 },
      now,
      random,
    );
    expect(results).toStrictEqual([
      { id: 100n, attempt: 1, result: { status: 'delivered', statusCode: 204 }, now },
      { id: 101n, attempt: 4, result: { status: 'delivered', statusCode: 204 }, now },
    ]);
  });

  const failed = { delivered: false, statusCode: 500, error: 'HTTP 500: busy' } as const;

  it('a failure retries them together: one time, one error, each its own attempt count', () => {
    const results = resultsOfAttempt(
      request(10, [
        [1, 0],
        [2, 30_000],
      ]),
      failed,
      now,
      random,
    );
    // The most-tried failed its 2nd attempt: 30 s for both.
    expect(results.map((r) => [r.id, r.attempt, r.result])).toStrictEqual([
      [100n, 1, { status: 'pending', statusCode: 500, error: 'HTTP 500: busy', nextAttemptAt: at(30_000) }],
      [101n, 2, { status: 'pending', statusCode: 500, error: 'HTTP 500: busy', nextAttemptAt: at(30_000) }],
    ]);
  });

  it('a failure after 24 h fails those events for good, and keeps the rest of the batch going', () => {
    const results = resultsOfAttempt(
      request(10, [
        [13, RETRY_WINDOW_MS],
        [1, 1000],
      ]),
      failed,
      now,
      random,
    );
    expect(results.map((r) => r.result)).toStrictEqual([
      { status: 'failed', statusCode: 500, error: 'HTTP 500: busy (retries over: 24 h since the event)' },
      { status: 'pending', statusCode: 500, error: 'HTTP 500: busy', nextAttemptAt: at(10_000) },
    ]);
  });

  it('a disabled endpoint: every event failed, no request was made', () => {
    const results = resultsOfAttempt(request(null, [[1, 0]]), null, now, random);
    expect(results).toStrictEqual([
      {
        id: 100n,
        attempt: 1,
        result: { status: 'failed', statusCode: null, error: 'endpoint disabled; not sent' },
        now,
      },
    ]);
  });
});

describe('buildWebhookRequest', () => {
  const sentAt = at(5000);

  it('batch mode: {"events": [...]}, each element byte for byte the body single mode sends', () => {
    const batch = request(3, [
      [1, 0],
      [2, 0],
    ]);
    const built = buildWebhookRequest(batch, sentAt);
    const singles = batch.deliveries.map((delivery) =>
      buildWebhookRequest({ target: { ...batch.target, batchMaxEvents: null }, deliveries: [delivery] }, sentAt),
    );
    expect(built.body.toString('utf8')).toBe(`{"events":[${singles.map((s) => s.body.toString('utf8')).join(',')}]}`);
    expect(built.headers['smshub-batch-size']).toBe('2');
    expect(singles[0]!.headers).toMatchObject({ 'smshub-delivery': '100', 'smshub-event': 'mo.received' });
  });

  it('single mode refuses a request of more than one delivery, and any mode one of none', () => {
    expect(() =>
      buildWebhookRequest(
        request(null, [
          [1, 0],
          [1, 0],
        ]),
        sentAt,
      ),
    ).toThrow(/endpoint 7 is in single mode, but the request has 2 deliveries/);
    expect(() => buildWebhookRequest(request(5, []), sentAt)).toThrow(/without deliveries/);
  });
});
