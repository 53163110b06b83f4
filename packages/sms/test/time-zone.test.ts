import { describe, expect, it } from 'vitest';
import { timeZoneOf } from '../src/index.js';

describe('timeZoneOf', () => {
  it.each([
    ['13800138000', false, 'Asia/Shanghai'],
    ['447400123456', true, 'Europe/London'],
    ['85291234567', true, 'Asia/Hong_Kong'],
    ['8613800138000', true, 'Asia/Shanghai'],
    ['12025550123', true, 'America/New_York'],
    ['6591234567', true, 'Asia/Singapore'],
    ['9999999999', true, 'UTC'],
  ])('%s (international %s) → %s', (number, international, zone) => {
    expect(timeZoneOf(number, international)).toBe(zone);
  });

  it('names only zones this Node knows', () => {
    for (const number of ['1', '7', '44', '61', '852', '977', '212']) {
      expect(() => new Intl.DateTimeFormat('en', { timeZone: timeZoneOf(`${number}123456789`, true) })).not.toThrow();
    }
  });
});
