import { describe, expect, it } from 'vitest';
import { LiveRateMeter } from '../src/index.js';

describe('LiveRateMeter', () => {
  it('smooths the submit rate, the error share and the delivered share between publishes', () => {
    const meter = new LiveRateMeter(0);
    // 100 segments acknowledged in one second, nothing failed, no reports yet.
    expect(meter.update({ acknowledged: 100, failed: 0, reports: 0, delivered: 0 }, 1_000)).toEqual({
      submit: 50,
      error: 0,
      delivered: 1,
    });
    // The next second: 100 more, 100 failed; 10 reports, 5 delivered.
    const second = meter.update({ acknowledged: 200, failed: 100, reports: 10, delivered: 5 }, 2_000);
    expect(second.submit).toBeCloseTo(75);
    expect(second.error).toBeCloseTo(0.1);
    expect(second.delivered).toBeCloseTo(0.9);
    // A quiet second: the error share fades, the delivered share holds.
    const quiet = meter.update({ acknowledged: 200, failed: 100, reports: 10, delivered: 5 }, 3_000);
    expect(quiet.submit).toBeCloseTo(37.5);
    expect(quiet.error).toBeCloseTo(0.09);
    expect(quiet.delivered).toBeCloseTo(0.9);
  });
});
