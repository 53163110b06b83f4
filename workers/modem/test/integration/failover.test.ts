import { afterEach, describe, expect, it } from 'vitest';
import { Harness, segmentsOf } from './harness.js';

let harness: Harness | null = null;

afterEach(async () => {
  await harness?.stop();
  harness = null;
});

const hello = (to = '8613800138000') => segmentsOf('hello', to)[0]!;

describe('failure detection and recovery', () => {
  it('takes a modem that stops answering out of the pool; traffic goes on over the other; it rejoins once it answers again', async () => {
    harness = await Harness.start(2);
    const [m1, m2] = [harness.sim(0), harness.sim(1)];
    m1.stopAnswering();
    const removed = await harness.event('member-removed', 'm1');
    expect(removed).toMatchObject({ level: 'warn' });
    expect(removed.message).toContain('failures in a row');
    expect(harness.pool.state()).toMatchObject({ up: true, binds: 1, window: 4 });

    const before = m1.stats.segments;
    const outcomes = await Promise.all([1, 2, 3, 4].map((i) => harness!.pool.submit(hello(`861380013800${i}`))));
    expect(outcomes.every((outcome) => outcome.ok && outcome.carrierMessageId.startsWith('m2:'))).toBe(true);
    expect(m1.stats.segments).toBe(before);
    expect(m2.stats.segments).toBe(4);

    // Back after a power cycle: echo on, settings gone. The pool initialises it again.
    m1.resumeAnswering();
    await harness.event('member-added', 'm1');
    expect(m1.settings).toMatchObject({ echo: false, cmee: 1, cnmi: [2, 1, 0, 1, 0] });
    expect(harness.pool.state().binds).toBe(2);
    const after = await Promise.all([1, 2, 3, 4].map((i) => harness!.pool.submit(hello(`861380013801${i}`))));
    expect(after.every((outcome) => outcome.ok)).toBe(true);
    expect(m1.stats.segments).toBeGreaterThan(before);
  });

  it('takes a modem out when it loses network registration, and back when it has it again', async () => {
    harness = await Harness.start(2);
    harness.sim(1).setFaults({ registration: 'searching' });
    const removed = await harness.event('member-removed', 'm2');
    expect(removed.message).toContain('lost network registration: searching');
    const outcome = await harness.pool.submit(hello());
    expect(outcome.ok && outcome.carrierMessageId.startsWith('m1:')).toBe(true);
    harness.sim(1).setFaults({ registration: 'roaming' });
    await harness.event('member-added', 'm2');
  });

  it('takes a modem out at once when its SIM fails during a send, and sends the segment on the other', async () => {
    harness = await Harness.start(2);
    harness.sim(0).setFaults({ sim: 'failure' });
    harness.sim(1).setFaults({ responseDelayMs: 50 }); // so the least loaded pick is m1 first
    const outcome = await harness.pool.submit(hello());
    expect(outcome.ok).toBe(true);
    const removed = await harness.eventSoFar('member-removed', 'm1');
    expect(removed.message).toMatch(/313|SIM|registration/);
  });

  it('reports a refused send as transient and takes out a modem that refuses again and again', async () => {
    harness = await Harness.start(1);
    harness.sim(0).setFaults({ rejectSends: 500 });
    const first = await harness.pool.submit(hello());
    expect(first).toMatchObject({
      ok: false,
      kind: 'transient',
      status: 500,
      reason: expect.stringContaining('+CMS ERROR: 500'),
    });
    await harness.pool.submit(hello());
    const removed = await harness.eventSoFar('member-removed', 'm1');
    expect(removed.message).toContain('2 submit failures in a row');
    // It initialises fine (no send in that), so it comes back, after a growing back-off.
    harness.sim(0).setFaults({ rejectSends: null });
    await expect.poll(async () => (await harness!.pool.submit(hello())).ok).toBe(true);
  });

  it('says in-doubt when a modem falls silent after taking the PDU', async () => {
    harness = await Harness.start(1, {
      pool: { timeouts: { commandMs: 300, promptMs: 300, submitMs: 300, quietMs: 30 } },
    });
    const sim = harness.sim(0);
    sim.setFaults({ responseDelayMs: 2_000 }); // the prompt comes late too: nothing sent
    expect(await harness.pool.submit(hello())).toMatchObject({ ok: false, kind: 'unavailable' });
    await harness.eventSoFar('member-removed', 'm1');
    sim.setFaults({ responseDelayMs: 0 });
    await harness.event('member-added', 'm1');
    // Now the prompt comes and the PDU goes out, but the module never answers it.
    sim.setFaults({ swallowSends: true });
    expect(await harness.pool.submit(hello())).toMatchObject({
      ok: false,
      kind: 'in-doubt',
      reason: expect.stringContaining('no response to AT+CMGS'),
    });
    expect(sim.stats.swallowed).toBe(1);
  });

  it('unlocks a SIM with the configured PIN', async () => {
    harness = await Harness.start(1, {
      simulator: { faults: { sim: 'pin-required' } },
      port: { init: { pin: '1234' } },
    });
    await harness.eventSoFar('member-added', 'm1');
    expect(harness.sim(0).faults.sim).toBe('ready');
  });

  it('does not add a modem whose SIM asks for a PIN it was not given', async () => {
    harness = await Harness.start(1, { simulator: { faults: { sim: 'pin-required' } } });
    const failed = await harness.eventSoFar('bind-failed', 'm1');
    expect(failed.message).toContain('SIM not ready: SIM PIN');
    expect(harness.pool.state().up).toBe(false);
  });
});
