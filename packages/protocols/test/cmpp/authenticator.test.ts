import { describe, expect, it } from 'vitest';
import {
  absoluteTime,
  authenticatorIsmg,
  authenticatorSource,
  connectTimestamp,
  parseReportTime,
  reportTime,
  resolveConnectTimestamp,
} from '../../src/cmpp/index.js';
import { hex } from '../hex.js';

describe('CMPP authenticators (reference §1.3, §1.4)', () => {
  it('AuthenticatorSource known answer: "900001", secret "888888", timestamp 1021080510', () => {
    // MD5("900001" ‖ 9×00 ‖ "888888" ‖ "1021080510"); same bytes in gocmpp connect_test.go.
    expect(authenticatorSource('900001', '888888', 1021080510).toString('hex')).toBe(
      '90d00c1d517abd0b4f65f6bcf8535d16',
    );
  });

  it('pads the timestamp to ten digits (January)', () => {
    // 01-02 03:04:05 is the number 102030405; the digest must use "0102030405". Python hashlib:
    // md5(b"900001" + bytes(9) + b"888888" + b"0102030405").
    expect(authenticatorSource('900001', '888888', 102030405).toString('hex')).toBe('3b7bba56a8c1d885b7d43d3f6d82cb94');
    expect(authenticatorSource('900001', '888888', 102030405)).not.toEqual(
      authenticatorSource('900001', '888888', 1020304050),
    );
  });

  it('AuthenticatorISMG 3.0 hashes a 4-byte status, 2.0 the 1-byte field (gocmpp vectors)', () => {
    const source = hex('90d00c1d517abd0b4f65f6bcf8535d16');
    expect(authenticatorIsmg(0, 4, source, '888888').toString('hex')).toBe('7942977274098cf210ab0c16c367bc8d');
    expect(authenticatorIsmg(0, 1, source, '888888').toString('hex')).toBe('6c0b846e25bab6daa4ed1c466e0f4bd8');
  });
});

describe('CMPP time fields (Beijing time, UTC+8)', () => {
  it('CONNECT timestamp is MMDDHHMMSS in Beijing time', () => {
    expect(connectTimestamp(new Date('2026-10-21T00:05:10Z'))).toBe(1021080510);
    // 16:30 UTC on 31 Dec is already 00:30 on 1 Jan in Beijing.
    expect(connectTimestamp(new Date('2026-12-31T16:30:00Z'))).toBe(101003000);
    expect(connectTimestamp(new Date('2026-10-21T08:05:10Z'), 0)).toBe(1021080510);
  });

  it.each([
    ['same day', 1121150000, '2026-11-21T07:00:00Z', '2026-11-21T07:00:00Z'],
    ['client in December, gateway already in January', 1231235959, '2026-12-31T16:00:30Z', '2026-12-31T15:59:59Z'],
    ['client in January, gateway still in December', 101000010, '2026-12-31T15:59:50Z', '2026-12-31T16:00:10Z'],
    ['29 February resolves to the nearest leap year', 229120000, '2028-02-29T04:00:00Z', '2028-02-29T04:00:00Z'],
  ])('resolves %s', (_name, timestamp, now, expected) => {
    expect(resolveConnectTimestamp(timestamp, new Date(now))?.toISOString()).toBe(new Date(expected).toISOString());
  });

  it.each([
    ['month 13', 1301000000],
    ['30 February', 230120000],
    ['hour 24', 1121240000],
    ['minute 60', 1121126000],
    ['more than ten digits', 12345678901],
  ])('refuses %s', (_name, timestamp) => {
    expect(resolveConnectTimestamp(timestamp, new Date('2026-11-21T00:00:00Z'))).toBeNull();
  });

  it('report times are YYMMDDHHMM and parse back', () => {
    expect(reportTime(new Date('2026-11-21T07:30:59Z'))).toBe('2611211530');
    expect(parseReportTime('2611211530')?.toISOString()).toBe('2026-11-21T07:30:00.000Z');
    expect(parseReportTime('26112115')).toBeUndefined();
    expect(parseReportTime('2613211530')).toBeUndefined();
    expect(parseReportTime('26x1211530')).toBeUndefined();
  });

  it('validity time is the SMPP 3.3 absolute form with the offset in quarter hours', () => {
    // 2026-11-21 18:45:30 Beijing: tenths 0, +32 quarter hours ("+" east of UTC).
    expect(absoluteTime(new Date('2026-11-21T10:45:30Z'))).toBe('261121184530032+');
    expect(absoluteTime(new Date('2026-11-21T10:45:30Z'), -300)).toBe('261121054530020-');
  });
});
