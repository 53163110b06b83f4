import { describe, expect, it } from 'vitest';
import {
  DataCodingError,
  dataCodingOf,
  encodingOfDataCoding,
  type DataCodingDialect,
  type TextEncoding,
} from '@smshub/sms';

describe('dataCodingOf', () => {
  // protocols.md §5.8 (SMPP data_coding) and §1.9 (Msg_Fmt of CMPP, SGIP, SMGP, CNGP).
  it.each<[TextEncoding, DataCodingDialect, number]>([
    ['gsm7', 'smpp', 0],
    ['ascii', 'smpp', 1],
    ['latin1', 'smpp', 3],
    ['binary', 'smpp', 4],
    ['ucs2', 'smpp', 8],
    ['gbk', 'smpp', 15],
    ['ascii', 'cmpp', 0],
    ['binary', 'cmpp', 4],
    ['ucs2', 'cmpp', 8],
    ['gbk', 'cmpp', 15],
  ])('%s in %s is %i', (encoding, dialect, value) => {
    expect(dataCodingOf(encoding, dialect)).toBe(value);
  });

  it('defaults to SMPP', () => {
    expect(dataCodingOf('ascii')).toBe(1);
  });

  it.each<TextEncoding>(['gsm7', 'latin1'])('Msg_Fmt has no code for %s', (encoding) => {
    expect(() => dataCodingOf(encoding, 'cmpp')).toThrow(DataCodingError);
  });
});

describe('encodingOfDataCoding', () => {
  it.each<[number, DataCodingDialect, TextEncoding]>([
    [0x00, 'smpp', 'gsm7'],
    [0x01, 'smpp', 'ascii'],
    [0x02, 'smpp', 'binary'],
    [0x03, 'smpp', 'latin1'],
    [0x04, 'smpp', 'binary'],
    [0x08, 'smpp', 'ucs2'],
    [0x0f, 'smpp', 'gbk'],
    // GSM 03.38 general coding with message class: bits 3–2 alphabet (00 default, 01 8-bit, 10 UCS2).
    [0x10, 'smpp', 'gsm7'],
    [0x14, 'smpp', 'binary'],
    [0x18, 'smpp', 'ucs2'],
    // Message waiting: C0–DF default alphabet, E0–EF UCS2.
    [0xc0, 'smpp', 'gsm7'],
    [0xd8, 'smpp', 'gsm7'],
    [0xe0, 'smpp', 'ucs2'],
    // Message class group F0–FF: bit 2 set = 8-bit data.
    [0xf0, 'smpp', 'gsm7'],
    [0xf1, 'smpp', 'gsm7'],
    [0xf3, 'smpp', 'gsm7'],
    [0xf4, 'smpp', 'binary'],
    [0xf5, 'smpp', 'binary'],
    [0xfb, 'smpp', 'gsm7'],
    [0xff, 'smpp', 'binary'],
    [0, 'cmpp', 'ascii'],
    [3, 'cmpp', 'binary'],
    [4, 'cmpp', 'binary'],
    [8, 'cmpp', 'ucs2'],
    [15, 'cmpp', 'gbk'],
    [0xf6, 'cmpp', 'binary'],
  ])('%i in %s is %s', (value, dialect, encoding) => {
    expect(encodingOfDataCoding(value, dialect)).toBe(encoding);
  });

  it.each<[number, DataCodingDialect]>([
    [0x05, 'smpp'], // JIS
    [0x06, 'smpp'], // Cyrillic
    [0x09, 'smpp'], // pictogram
    [0x0e, 'smpp'], // KS C 5601
    [0x1c, 'smpp'], // reserved alphabet 11
    [0x20, 'smpp'], // compressed
    [0xa0, 'smpp'],
    [1, 'cmpp'],
    [2, 'cmpp'],
    [16, 'cmpp'],
    [0xf0, 'cmpp'],
  ])('refuses %i in %s', (value, dialect) => {
    expect(() => encodingOfDataCoding(value, dialect)).toThrow(DataCodingError);
  });
});
