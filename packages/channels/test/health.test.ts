import { describe, expect, it } from 'vitest';
import { ChannelHealth, type TransportState } from '../src/index.js';

const options = {
  stallMs: 5_000,
  maxErrorRate: 0.5,
  submitWindow: 40,
  minDeliveredRate: 0.2,
  reportWindow: 100,
  cooldownMs: 30_000,
};
const state = (extra: Partial<TransportState> = {}): TransportState => ({
  up: true,
  binds: 2,
  inFlight: 3,
  window: 32,
  allowedTps: 100,
  oldestInFlightMs: 0,
  ...extra,
});

describe('ChannelHealth', () => {
  it('goes down when the gateway stops answering, and says so', () => {
    const health = new ChannelHealth(options);
    expect(health.check(state({ oldestInFlightMs: 4_999 }), 0)).toBeNull();
    const change = health.check(state({ oldestInFlightMs: 5_000 }), 0);
    expect(change).toMatchObject({ to: 'down', stalled: true });
    expect(health.allowing).toBe(false);
    expect(health.reason).toMatch(/stopped answering/);
  });

  it('comes back after the cool-down, on probation', () => {
    const health = new ChannelHealth(options);
    health.check(state({ oldestInFlightMs: 6_000 }), 1_000);
    expect(health.check(state(), 30_999)).toBeNull();
    expect(health.check(state(), 31_000)).toMatchObject({ to: 'up' });
    expect(health.allowing).toBe(true);
    // Still broken: it trips again straight away.
    expect(health.check(state({ oldestInFlightMs: 5_000 }), 31_500)?.to).toBe('down');
  });

  it('goes down when most recent submits fail, not on a few failures', () => {
    const health = new ChannelHealth(options);
    for (let i = 0; i < 19; i++) health.recordSubmit(false);
    expect(health.check(state(), 0)).toBeNull(); // too few to judge
    for (let i = 0; i < 30; i++) health.recordSubmit(true);
    expect(health.check(state(), 0)).toBeNull(); // the last 40: 10 failed
    for (let i = 0; i < 19; i++) health.recordSubmit(false);
    expect(health.check(state(), 0)).toBeNull(); // the last 40: 19 failed
    health.recordSubmit(false);
    expect(health.check(state(), 0)).toMatchObject({ to: 'down', stalled: false });
  });

  it('goes down when reports say almost nothing is delivered', () => {
    const health = new ChannelHealth(options);
    for (let i = 0; i < 60; i++) health.recordReport(i % 10 === 0);
    expect(health.check(state(), 0)).toMatchObject({ to: 'down' });
    expect(health.reason).toMatch(/DELIVRD/);
  });

  it('does not call a link without binds stalled', () => {
    const health = new ChannelHealth(options);
    expect(health.check(state({ up: false, binds: 0, oldestInFlightMs: 60_000 }), 0)).toBeNull();
  });
});
