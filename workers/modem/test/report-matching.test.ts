import { describe, expect, it } from 'vitest';
import { modemMessageId, numberDigits, sameNumber } from '../src/message-id.js';
import { ReportMatcher } from '../src/report-matcher.js';

describe('carrier message ids', () => {
  it('are <modem id>:<TP-MR>:<recipient digits>', () => {
    expect(modemMessageId('ttyUSB0', 17, '+86 138-0013-8000')).toBe('ttyUSB0:17:8613800138000');
    expect(numberDigits('+1 (555) 010-9999')).toBe('15550109999');
  });

  it.each<[string, string, boolean]>([
    ['8613800138000', '+8613800138000', true],
    ['13800138000', '8613800138000', true],
    ['13800138000', '13800138001', false],
    ['38000', '13800138000', false], // too short to be a national tail
    ['', '', false],
  ])('%s and %s are the same number: %s', (a, b, same) => {
    expect(sameNumber(a, b)).toBe(same);
  });
});

describe('ReportMatcher (TS 23.040 §9.2.3.6: TP-MR names the submit)', () => {
  it('gives a report the id of its submit, also when the network writes the number differently', () => {
    const matcher = new ReportMatcher('m1');
    const id = matcher.remember(5, '13800138000');
    expect(id).toBe('m1:5:13800138000');
    expect(matcher.match(5, '+8613800138000', false)).toBe(id);
    expect(matcher.match(5, '+8613800138000', true)).toBe(id);
    expect(matcher.size).toBe(0); // a final report forgets the submit
  });

  it('tells apart submits that share a TP-MR after the counter wrapped', () => {
    const matcher = new ReportMatcher('m1');
    const a = matcher.remember(0, '8613800138000');
    const b = matcher.remember(0, '8613900139000');
    expect(matcher.match(0, '+8613900139000', true)).toBe(b);
    expect(matcher.match(0, '+8613800138000', true)).toBe(a);
  });

  it('replaces an entry when the same recipient gets the same TP-MR again', () => {
    const matcher = new ReportMatcher('m1');
    matcher.remember(9, '8613800138000', 1_000);
    matcher.remember(9, '8613800138000', 2_000);
    expect(matcher.size).toBe(1);
  });

  it('forgets entries older than the maximum age', () => {
    const matcher = new ReportMatcher('m1', 1_000);
    matcher.remember(3, '8613800138000', 0);
    matcher.remember(3, '8613900139000', 5_000);
    expect(matcher.size).toBe(1);
  });

  it('builds the id from the report when the submit is not known (after a restart)', () => {
    expect(new ReportMatcher('m2').match(44, '+8613800138000', true)).toBe('m2:44:8613800138000');
  });
});
