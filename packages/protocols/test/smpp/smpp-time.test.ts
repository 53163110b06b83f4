import { describe, expect, it } from 'vitest';
import {
  formatReceiptDate,
  formatRelativeSmppTime,
  formatSmppTime,
  parseReceiptDate,
  parseSmppTime,
} from '../../src/smpp/index.js';

/* SMPP 3.4 §7.1.1: "YYMMDDhhmmsstnnp"; §7.1.1.2 relative "…R". Receipt dates: Appendix B. */
describe('SMPP time format', () => {
  it('writes an absolute time in UTC with tenths and offset 00+', () => {
    expect(formatSmppTime(new Date('2024-01-02T03:04:05.678Z'))).toBe('240102030405600+');
  });

  const absolute: [text: string, iso: string][] = [
    ['240102030405600+', '2024-01-02T03:04:05.600Z'],
    // 32 quarter hours ahead of UTC (China): local 11:04 is 03:04 UTC
    ['240102110405032+', '2024-01-02T03:04:05.000Z'],
    // 20 quarter hours behind UTC: local 22:04 on the 1st is 03:04 UTC on the 2nd
    ['240101220405020-', '2024-01-02T03:04:05.000Z'],
  ];
  for (const [text, iso] of absolute) {
    it(`reads ${text}`, () => {
      expect(parseSmppTime(text)?.toISOString()).toBe(iso);
    });
  }

  it('reads a relative time from now', () => {
    const now = new Date('2024-01-31T23:00:00Z');
    expect(parseSmppTime('000001020304000R', now)?.toISOString()).toBe('2024-02-02T01:03:04.000Z');
  });

  it('writes a relative period in days, hours, minutes, seconds', () => {
    expect(formatRelativeSmppTime(86_400 + 2 * 3600 + 3 * 60 + 4)).toBe('000001020304000R');
    expect(() => formatRelativeSmppTime(100 * 86_400)).toThrow(RangeError);
    expect(() => formatRelativeSmppTime(-1)).toThrow(RangeError);
  });

  for (const bad of [
    '',
    '2401020304056',
    '24010203040560x+',
    '241302030405600+',
    '240102030405649+',
    'abcdefghijklmnop',
  ]) {
    it(`refuses "${bad}"`, () => {
      expect(parseSmppTime(bad)).toBeUndefined();
    });
  }

  it('reads and writes receipt dates in the SMSC zone', () => {
    expect(parseReceiptDate('0809011130', 480)?.toISOString()).toBe('2008-09-01T03:30:00.000Z');
    expect(parseReceiptDate('080901113059')?.toISOString()).toBe('2008-09-01T11:30:59.000Z');
    expect(formatReceiptDate(new Date('2008-09-01T03:30:59Z'), 480)).toBe('0809011130');
    expect(parseReceiptDate('0813011130')).toBeUndefined();
    expect(parseReceiptDate('08090111')).toBeUndefined();
  });
});
