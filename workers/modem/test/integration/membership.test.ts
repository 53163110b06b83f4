import { afterEach, describe, expect, it } from 'vitest';
import type { ModemPair } from '@smshub/simulator';
import { FAST, Harness, segmentsOf } from './harness.js';

let harness: Harness | null = null;
const extra: ModemPair[] = [];

afterEach(async () => {
  await harness?.stop();
  harness = null;
  await Promise.all(extra.splice(0).map((pair) => pair.stop()));
});

const hello = () => segmentsOf('hello', '8613800138000')[0]!;

describe('adding and removing modems while the pool runs', () => {
  it('hot-adds a modem, sends through it, and removes it again', async () => {
    harness = await Harness.start(1);
    const third = await Harness.pair('m3');
    extra.push(third);
    await harness.pool.addModem(Harness.port(third));
    await harness.eventSoFar('member-added', 'm3');
    expect(harness.pool.state()).toMatchObject({ binds: 2, window: 8 });
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => harness!.pool.submit(hello())));
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(third.simulator.stats.segments).toBeGreaterThan(0);

    await harness.pool.removeModem(third.path);
    await harness.eventSoFar('member-removed', 'm3');
    expect(harness.pool.state().binds).toBe(1);
    expect(harness.pool.modems().map((modem) => modem.id)).toEqual(['m1']);
    const sent = third.simulator.stats.segments;
    await Promise.all([1, 2, 3].map(() => harness!.pool.submit(hello())));
    expect(third.simulator.stats.segments).toBe(sent);
  });

  it('adds a modem by its path alone, naming it after the path', async () => {
    harness = await Harness.start(1);
    const pair = await Harness.pair('by-path');
    extra.push(pair);
    await harness.pool.addModem(pair.path);
    const id = pair.path.replace('/dev/', '').replace('/', '-');
    await harness.eventSoFar('member-added', id);
  });

  it('refuses a port that is already in the pool, and removing one that is not', async () => {
    harness = await Harness.start(1);
    await expect(harness.pool.addModem(harness.pairs[0]!.path)).rejects.toThrow(/already in the pool/);
    await expect(harness.pool.addModem({ path: '/dev/elsewhere', id: 'm1' })).rejects.toThrow(
      /id m1 is already in use/,
    );
    await expect(harness.pool.removeModem('/dev/none')).rejects.toThrow(/not in the pool/);
    await expect(harness.pool.addModem({ path: '/dev/x', tps: -1 })).rejects.toThrow(/tps/);
  });

  it('keeps trying a port that cannot be opened, as a failed member', async () => {
    harness = await Harness.start(1);
    await harness.pool.addModem({ path: '/dev/does-not-exist-smshub', id: 'ghost' });
    const failed = await harness.eventSoFar('bind-failed', 'ghost');
    // Nothing at the path: not opened at all, and the reason says so.
    expect(failed.message).toContain('/dev/does-not-exist-smshub does not exist');
    await expect
      .poll(() => harness!.events.filter((event) => event.message.includes('ghost')).length)
      .toBeGreaterThanOrEqual(2);
    expect(harness.pool.state().binds).toBe(1);
  });

  it('applies a reloaded configuration: removes, adds and replaces modems', async () => {
    harness = await Harness.start(2);
    const third = await Harness.pair('m3');
    extra.push(third);
    const [first, second] = harness.pairs as [ModemPair, ModemPair];
    await harness.pool.reload({
      ...FAST,
      ports: [Harness.port(first), Harness.port(second, { tps: 2 }), Harness.port(third)],
    });
    await harness.eventSoFar('member-added', 'm3');
    // The replaced m2 reopens the port its predecessor just closed; its first initialisation may
    // fail on that and be retried after the back-off.
    await expect.poll(() => harness!.pool.state().binds).toBe(3);
    expect(harness.pool.state()).toMatchObject({ binds: 3, allowedTps: 50 + 2 + 50 });
    await harness.pool.reload({ ...FAST, ports: [Harness.port(third)] });
    expect(harness.pool.modems().map((modem) => modem.id)).toEqual(['m3']);
    expect(harness.events.filter((event) => event.kind === 'member-removed').length).toBeGreaterThanOrEqual(3);
    await expect(harness.pool.reload({ ports: [{ path: '' }] })).rejects.toThrow(/modem config reload: ports.0.path/);
  });

  it('stops: closes every port and sends nothing more', async () => {
    harness = await Harness.start(2);
    await harness.pool.stop();
    expect(harness.pool.state()).toMatchObject({ up: false, binds: 0 });
    expect(await harness.pool.submit(hello())).toMatchObject({ ok: false, kind: 'unavailable' });
  });
});
