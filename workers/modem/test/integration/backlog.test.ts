import { afterEach, describe, expect, it } from 'vitest';
import type { TransportOutcome } from '@smshub/channels';
import { Harness, segmentsOf } from './harness.js';

let harness: Harness | null = null;

afterEach(async () => {
  await harness?.stop();
  harness = null;
});

const to = (i: number) => segmentsOf(`backlog ${i}`, `86138001380${String(i).padStart(2, '0')}`)[0]!;

/*
 * The channel pipeline hands the pool a whole job of messages at once. Modems whose windows are
 * full make the rest wait for room (a refusal would send each message round the dispatcher and
 * straight back); only a pool with no ready modem refuses.
 */
describe('a pool with every window full', () => {
  it('keeps the extra segments waiting, counts them, and sends them all', async () => {
    harness = await Harness.start(2, { port: { window: 1 } });
    const sending = Array.from({ length: 6 }, (_, i) => harness!.pool.submit(to(i)));
    // One on each modem, four waiting: the channel's backlog, which the dispatcher reads.
    expect(harness.pool.state()).toMatchObject({ binds: 2, window: 2, inFlight: 2, waiting: 4 });
    const outcomes = await Promise.all(sending);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, true, true, true, true]);
    expect(harness.sim(0).stats.segments + harness.sim(1).stats.segments).toBe(6);
    expect(harness.sim(0).stats.segments).toBeGreaterThan(0);
    expect(harness.sim(1).stats.segments).toBeGreaterThan(0);
    expect(harness.pool.state()).toMatchObject({ inFlight: 0, waiting: 0 });
  });

  it('serves waiting segments by priority, then in order of arrival', async () => {
    harness = await Harness.start(1, { port: { window: 1 } });
    const sim = harness.sim(0);
    sim.setFaults({ responseDelayMs: 20 });
    const segment = (i: number, priority: 0 | 1 | 2 | 3) => ({ ...to(i), priority });
    const sending = [
      harness.pool.submit(segment(0, 0)), // takes the modem
      harness.pool.submit(segment(1, 0)),
      harness.pool.submit(segment(2, 0)),
      harness.pool.submit(segment(3, 3)), // an alarm overtakes the marketing waiting before it
      harness.pool.submit(segment(4, 1)),
      harness.pool.submit(to(5), { priority: 3 }), // the pipeline's priority wins over the segment's
    ];
    expect((await Promise.all(sending)).every((outcome) => outcome.ok)).toBe(true);
    expect(sim.submits.map((submit) => submit.recipient.slice(-1))).toEqual(['0', '3', '5', '4', '1', '2']);
  });

  it('gives up on a segment whose deadline passes while it waits, which then was not sent', async () => {
    harness = await Harness.start(1, { port: { window: 1 } });
    harness.sim(0).setFaults({ responseDelayMs: 150 });
    const first = harness.pool.submit(to(1));
    const late = harness.pool.submit(to(2), { notAfter: Date.now() + 100 });
    const patient = harness.pool.submit(to(3), { notAfter: Date.now() + 10_000 });
    expect(await late).toMatchObject({
      ok: false,
      kind: 'waited',
      reason: expect.stringContaining('busy until the deadline'),
    });
    expect(harness.pool.state().waiting).toBe(1);
    expect((await first).ok).toBe(true);
    expect((await patient).ok).toBe(true);
    expect(harness.sim(0).submits.map((submit) => submit.recipient.slice(-1))).toEqual(['1', '3']);
  });

  it('hands waiting segments to a modem that joins meanwhile', async () => {
    harness = await Harness.start(2, { port: { window: 1 } });
    const [m1, m2] = [harness.sim(0), harness.sim(1)];
    m2.stopAnswering();
    await harness.eventSoFar('member-removed', 'm2');
    m1.setFaults({ responseDelayMs: 150 }); // a slow m1, so the backlog lasts
    const sending = Array.from({ length: 6 }, (_, i) => harness!.pool.submit(to(i)));
    expect(harness.pool.state()).toMatchObject({ binds: 1, inFlight: 1, waiting: 5 });
    m2.resumeAnswering();
    await harness.event('member-added', 'm2');
    const outcomes = await Promise.all(sending);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(m2.stats.segments).toBeGreaterThan(0);
    expect(m1.stats.segments + m2.stats.segments).toBe(6);
  });

  it('refuses the waiting segments when the pool stops', async () => {
    // The first send must finish while the pool stops: every answer comes 200 ms late, so the
    // limits are generous enough for a busy machine (FAST's 500 ms prompt wait is not).
    harness = await Harness.start(1, {
      port: { window: 1 },
      pool: { timeouts: { commandMs: 5_000, promptMs: 5_000, submitMs: 10_000, quietMs: 30 }, stopTimeoutMs: 20_000 },
    });
    harness.sim(0).setFaults({ responseDelayMs: 200 });
    const first = harness.pool.submit(to(1));
    const second = harness.pool.submit(to(2));
    expect(harness.pool.state()).toMatchObject({ inFlight: 1, waiting: 1 });
    await harness.pool.stop();
    expect(await second).toEqual<TransportOutcome>({
      ok: false,
      kind: 'unavailable',
      reason: 'the modem pool is stopped',
    });
    expect(await first).toMatchObject({ ok: true });
    expect(harness.sim(0).stats.segments).toBe(1);
  });

  it('refuses at once when no modem is ready', async () => {
    harness = await Harness.start(1, { simulator: { faults: { sim: 'absent' } } });
    await harness.eventSoFar('bind-failed', 'm1');
    expect(await harness.pool.submit(to(1))).toEqual<TransportOutcome>({
      ok: false,
      kind: 'unavailable',
      reason: 'no modem in the pool is ready',
    });
  });
});
