import { describe, expect, it } from 'vitest';
import { ChannelAlarms } from '../src/index.js';

const bound = (acknowledged: number) => ({ up: true, allowing: true, acknowledged });

describe('ChannelAlarms', () => {
  it('raises "down" once per outage when the health takes the channel out, and "up" once new segments are acknowledged', () => {
    const alarms = new ChannelAlarms();
    expect(alarms.check(bound(10), 0)).toEqual([]);
    expect(alarms.check({ up: true, allowing: false, acknowledged: 10 }, 500, 'gateway stopped answering')).toEqual([
      { kind: 'channel_down', reason: 'gateway stopped answering' },
    ]);
    // Down again while down: nothing new for the operators.
    expect(alarms.check({ up: true, allowing: false, acknowledged: 10 }, 1_000, 'still bad')).toEqual([]);
    // Allowed again but nothing acknowledged yet: not back.
    expect(alarms.check(bound(10), 1_500)).toEqual([]);
    expect(alarms.check(bound(11), 2_000)).toEqual([{ kind: 'channel_up', reason: 'submits are acknowledged again' }]);
    expect(alarms.check(bound(20), 2_500)).toEqual([]);
  });

  it('raises "down" after the channel has had no bind for the alarm time, not before', () => {
    const alarms = new ChannelAlarms(10_000);
    const unbound = { up: false, allowing: true, acknowledged: 5 };
    expect(alarms.check(unbound, 1_000)).toEqual([]);
    expect(alarms.check(unbound, 10_999)).toEqual([]);
    expect(alarms.check(unbound, 11_000)).toEqual([
      { kind: 'channel_down', reason: 'no bind to the gateway for 10 s' },
    ]);
    expect(alarms.check(unbound, 30_000)).toEqual([]);
    expect(alarms.check(bound(6), 30_500)).toEqual([{ kind: 'channel_up', reason: 'submits are acknowledged again' }]);
  });

  it('forgets a bind loss that ended before the alarm time', () => {
    const alarms = new ChannelAlarms(10_000);
    expect(alarms.check({ up: false, allowing: true, acknowledged: 0 }, 0)).toEqual([]);
    expect(alarms.check(bound(0), 9_000)).toEqual([]);
    expect(alarms.check({ up: false, allowing: true, acknowledged: 0 }, 12_000)).toEqual([]);
    expect(alarms.check({ up: false, allowing: true, acknowledged: 0 }, 21_999)).toEqual([]);
    expect(alarms.check({ up: false, allowing: true, acknowledged: 0 }, 22_000)).toHaveLength(1);
  });

  it('never says "up" without a "down" first', () => {
    const alarms = new ChannelAlarms();
    expect(alarms.check(bound(1), 0)).toEqual([]);
    expect(alarms.check(bound(100), 1_000)).toEqual([]);
  });
});
