import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  readDataCodingScheme,
  relativeValidityMinutes,
  relativeValidityPeriod,
  TP_STATUS,
  tpStatusRange,
  tpStatusState,
  type DataCodingScheme,
  type TpStatusState,
} from '@smshub/sms';

describe('TP-ST → delivery state (TS 23.040 §9.2.3.15)', () => {
  it.each<[number, string, TpStatusState]>([
    [0x00, 'received by the SME', 'DELIVRD'],
    [0x01, 'forwarded, delivery unconfirmed', 'DELIVRD'],
    [0x02, 'replaced by the SC', 'DELETED'],
    [0x0f, 'reserved, completed range', 'DELIVRD'],
    [0x1f, 'SC-specific, completed range', 'DELIVRD'],
    [0x20, 'congestion, still trying', 'ENROUTE'],
    [0x21, 'SME busy, still trying', 'ENROUTE'],
    [0x25, 'error in SME, still trying', 'ENROUTE'],
    [0x3f, 'SC-specific, still trying', 'ENROUTE'],
    [0x40, 'remote procedure error', 'UNDELIV'],
    [0x41, 'incompatible destination', 'UNDELIV'],
    [0x43, 'not obtainable', 'UNDELIV'],
    [0x46, 'validity period expired', 'EXPIRED'],
    [0x47, 'deleted by the originating SME', 'DELETED'],
    [0x48, 'deleted by SC administration', 'DELETED'],
    [0x49, 'does not exist', 'UNDELIV'],
    [0x5f, 'SC-specific permanent', 'UNDELIV'],
    [0x60, 'congestion, SC gave up', 'UNDELIV'],
    [0x65, 'error in SME, SC gave up', 'UNDELIV'],
    [0x7f, 'SC-specific, gave up', 'UNDELIV'],
    [0x80, 'bit 7 reserved', 'UNKNOWN'],
    [0xff, 'bit 7 reserved', 'UNKNOWN'],
  ])('0x%s (%s) is %s', (status, _meaning, state) => {
    expect(tpStatusState(status)).toBe(state);
  });

  it('names the values by the spec table', () => {
    expect(TP_STATUS.validityPeriodExpired).toBe(0x46);
    expect(TP_STATUS.smeBusyGaveUp).toBe(0x61);
    expect([0x1f, 0x20, 0x5f, 0x60, 0x80].map(tpStatusRange)).toEqual([
      'completed',
      'still-trying',
      'permanent-error',
      'gave-up',
      'reserved',
    ]);
  });
});

describe('TP-DCS (TS 23.038 §4)', () => {
  it.each<[number, DataCodingScheme]>([
    [0x00, { alphabet: 'gsm7', compressed: false, messageClass: null }],
    [0x04, { alphabet: 'binary', compressed: false, messageClass: null }],
    [0x08, { alphabet: 'ucs2', compressed: false, messageClass: null }],
    [0x0c, { alphabet: 'gsm7', compressed: false, messageClass: null }], // reserved alphabet 11
    [0x10, { alphabet: 'gsm7', compressed: false, messageClass: 0 }], // flash
    [0x18, { alphabet: 'ucs2', compressed: false, messageClass: 0 }],
    [0x16, { alphabet: 'binary', compressed: false, messageClass: 2 }],
    [0x20, { alphabet: 'binary', compressed: true, messageClass: null }],
    [0x48, { alphabet: 'ucs2', compressed: false, messageClass: null }], // automatic deletion group
    [0x80, { alphabet: 'gsm7', compressed: false, messageClass: null }], // reserved group
    [0xc0, { alphabet: 'gsm7', compressed: false, messageClass: null }], // MWI discard
    [0xd8, { alphabet: 'gsm7', compressed: false, messageClass: null }], // MWI store
    [0xe8, { alphabet: 'ucs2', compressed: false, messageClass: null }], // MWI store, UCS2
    [0xf0, { alphabet: 'gsm7', compressed: false, messageClass: 0 }],
    [0xf5, { alphabet: 'binary', compressed: false, messageClass: 1 }],
  ])('0x%s', (dcs, expected) => {
    expect(readDataCodingScheme(dcs)).toEqual(expected);
  });
});

describe('relative TP-VP (TS 23.040 §9.2.3.12.1)', () => {
  it.each([
    [0, 5],
    [143, 12 * 60],
    [144, 12 * 60 + 30],
    [167, 24 * 60],
    [168, 2 * 24 * 60],
    [0xaa, 4 * 24 * 60],
    [196, 30 * 24 * 60],
    [197, 5 * 7 * 24 * 60],
    [255, 63 * 7 * 24 * 60],
  ])('%i is %i minutes', (value, minutes) => {
    expect(relativeValidityMinutes(value)).toBe(minutes);
    expect(relativeValidityPeriod(minutes)).toBe(value);
  });

  it('never gives a period longer than asked for (from 5 minutes on)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 700_000 }), (minutes) => {
        const value = relativeValidityPeriod(minutes);
        expect(relativeValidityMinutes(value)).toBeLessThanOrEqual(minutes);
        if (value < 255) expect(relativeValidityMinutes(value + 1)).toBeGreaterThan(minutes);
      }),
    );
  });

  it('clamps below 5 minutes and past 63 weeks', () => {
    expect([relativeValidityPeriod(0), relativeValidityPeriod(-3), relativeValidityPeriod(Number.NaN)]).toEqual([
      0, 0, 0,
    ]);
    expect(relativeValidityPeriod(10_000_000)).toBe(255);
  });
});
