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
  it('keeps the extra segments waiting, counts them as in flight, and sends them all', async () => {
    harness = await Harness.start(2, { port: { window: 1 } });
    const sending = Array.from({ length: 6 }, (_, i) => harness!.pool.submit(to(i)));
    // One on each modem, four waiting: all of them the channel's backlog.
    expect(harness.pool.state()).toMatchObject({ binds: 2, window: 2, inFlight: 6 });
    const outcomes = await Promise.all(sending);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, true, true, true, true]);
    expect(harness.sim(0).stats.segments + harness.sim(1).stats.segments).toBe(6);
    expect(harness.sim(0).stats.segments).toBeGreaterThan(0);
    expect(harness.sim(1).stats.segments).toBeGreaterThan(0);
    expect(harness.pool.state().inFlight).toBe(0);
  });

  it('hands waiting segments to a modem that joins meanwhile', async () => {
    harness = await Harness.start(2, { port: { window: 1 } });
    const [m1, m2] = [harness.sim(0), harness.sim(1)];
    m2.stopAnswering();
    await harness.eventSoFar('member-removed', 'm2');
    m1.setFaults({ responseDelayMs: 150 }); // a slow m1, so the backlog lasts
    const sending = Array.from({ length: 6 }, (_, i) => harness!.pool.submit(to(i)));
    expect(harness.pool.state()).toMatchObject({ binds: 1, inFlight: 6 });
    m2.resumeAnswering();
    await harness.event('member-added', 'm2');
    const outcomes = await Promise.all(sending);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(m2.stats.segments).toBeGreaterThan(0);
    expect(m1.stats.segments + m2.stats.segments).toBe(6);
  });

  it('refuses the waiting segments when the pool stops', async () => {
    harness = await Harness.start(1, { port: { window: 1 } });
    harness.sim(0).setFaults({ responseDelayMs: 200 });
    const first = harness.pool.submit(to(1));
    const second = harness.pool.submit(to(2));
    expect(harness.pool.state().inFlight).toBe(2);
    await harness.pool.stop();
    expect(await second).toEqual<TransportOutcome>({ ok: false, kind: 'unavailable', reason: 'the modem pool is stopped' });
    expect((await first).ok).toBe(true);
    expect(harness.sim(0).stats.segments).toBe(1);
  });

  it('refuses at once when no modem is ready', async () => {
    harness = await Harness.start(1, { simulator: { faults: { sim: 'absent' } } });
    await harness.eventSoFar('bind-failed', 'm1');
    expect(await harness.pool.submit(to(1))).toEqual<TransportOutcome>({ ok: false, kind: 'unavailable', reason: 'no modem in the pool is ready' });
  });
});
