import { describe, expect, it } from 'vitest';
import { localMinutes, quietUntil } from '../src/index.js';

const night = { start: 21 * 60, end: 8 * 60, apply: true };

describe('quiet hours', () => {
  it('reads local time in the recipient zone', () => {
    const at = new Date('2026-11-21T14:30:00Z');
    expect(localMinutes(at, 'Asia/Shanghai')).toBe(22 * 60 + 30);
    expect(localMinutes(at, 'Europe/London')).toBe(14 * 60 + 30);
    expect(localMinutes(at, 'America/New_York')).toBe(9 * 60 + 30);
  });

  it.each([
    ['Beijing 22:30 is quiet until 08:00 Beijing', '2026-11-21T14:30:00Z', 'Asia/Shanghai', '2026-11-22T00:00:00.000Z'],
    ['Beijing 07:59 is quiet for one more minute', '2026-11-21T23:59:00Z', 'Asia/Shanghai', '2026-11-22T00:00:00.000Z'],
    ['Beijing 08:00 may send', '2026-11-22T00:00:00Z', 'Asia/Shanghai', null],
    ['Beijing 20:59 may send', '2026-11-21T12:59:00Z', 'Asia/Shanghai', null],
    ['the same instant is daytime in London', '2026-11-21T14:30:00Z', 'Europe/London', null],
    ['London 23:00 waits for London 08:00', '2026-11-21T23:00:00Z', 'Europe/London', '2026-11-22T08:00:00.000Z'],
  ])('%s', (_name, now, zone, until) => {
    const result = quietUntil(new Date(now), night, zone);
    expect(result === null ? null : result.toISOString()).toBe(until);
  });

  it('does nothing when the type has no quiet hours or an empty window', () => {
    expect(quietUntil(new Date('2026-11-21T14:30:00Z'), { ...night, apply: false }, 'Asia/Shanghai')).toBeNull();
    expect(quietUntil(new Date('2026-11-21T14:30:00Z'), { start: 0, end: 0, apply: true }, 'Asia/Shanghai')).toBeNull();
  });

  it('handles a window that does not wrap midnight', () => {
    const lunch = { start: 12 * 60, end: 14 * 60, apply: true };
    expect(quietUntil(new Date('2026-11-21T05:00:00Z'), lunch, 'Asia/Shanghai')?.toISOString()).toBe(
      '2026-11-21T06:00:00.000Z',
    );
  });
});
