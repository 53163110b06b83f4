import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lookupCarrier, type Carrier } from '@smshub/sms';
import { CARRIER_OF_CSV_NAME } from '../../src/numbers/carrier.js';
import { NUMBER_SEGMENT_ROWS } from '../../src/numbers/generated/number-segments.js';
import { parseSegmentCsv } from '../../src/numbers/segment-csv.js';
import { isIotRow } from '../../src/numbers/segment-table.js';

const csv = readFileSync(new URL('../../data/number-segments.csv', import.meta.url), 'utf8');

describe('data/number-segments.csv', () => {
  const rows = parseSegmentCsv(csv);

  it('parses, header and all', () => {
    expect(csv.startsWith('prefix,carrier,note\n')).toBe(true);
    expect(rows.length).toBeGreaterThan(80);
    expect(rows[0]).toEqual({ prefix: '130', carrier: 'China Unicom', note: '' });
    expect(rows.find((row) => row.prefix === '1349')).toMatchObject({ carrier: 'China Telecom' });
  });

  it('names a known carrier on every row', () => {
    const unknown = rows.filter((row) => !CARRIER_OF_CSV_NAME.has(row.carrier));
    expect(unknown).toEqual([]);
  });

  it('is what the generated module carries (run scripts/generate-number-segments.ts if not)', () => {
    expect(NUMBER_SEGMENT_ROWS).toEqual(rows);
  });

  it('marks exactly the 13-digit IoT rows (protocols.md §8)', () => {
    expect(rows.filter(isIotRow).map((row) => row.prefix)).toEqual(['1400', '1410', '1440', '1441', '146', '148']);
  });

  it.each([
    ['prefix,carrier\n130,China Unicom\n', /header/],
    ['prefix,carrier,note\n13a,China Unicom,\n', /line 2: prefix "13a"/],
    ['prefix,carrier,note\n130,China Unicom,\n130,China Mobile,\n', /line 3: prefix 130 appears twice/],
    ['prefix,carrier,note\n130,,\n', /no carrier/],
    ['prefix,carrier,note\n130,China Unicom,"open\n', /unterminated/],
    ['prefix,carrier,note\n130,China Unicom\n', /3 fields/],
    ['', /empty/],
  ])('refuses a broken file: %j', (text, message) => {
    expect(() => parseSegmentCsv(text)).toThrow(message);
  });

  it('reads quoted notes with commas and quotes, and CRLF lines', () => {
    expect(parseSegmentCsv('prefix,carrier,note\r\n130,China Unicom,"a, ""b"""\r\n')).toEqual([
      { prefix: '130', carrier: 'China Unicom', note: 'a, "b"' },
    ]);
  });
});

describe('carrier by number segment (longest prefix wins)', () => {
  it.each<[string, Carrier | null]>([
    ['13800138000', 'CMCC'],
    ['13012345678', 'CUCC'],
    ['13312345678', 'CTCC'],
    ['13480000000', 'CMCC'], // 134 …
    ['13490000000', 'CTCC'], // … but 1349 is its own row
    ['14512345678', 'CUCC'], // data-plan ranges are 11-digit numbers
    ['14712345678', 'CMCC'],
    ['14912345678', 'CTCC'],
    ['16101234567', 'CBN'],
    ['16212345678', 'CTCC'], // MVNO: host carrier
    ['16512345678', 'CMCC'],
    ['16712345678', 'CUCC'],
    ['17001234567', 'CTCC'],
    ['17031234567', 'CMCC'],
    ['17041234567', 'CUCC'],
    ['17091234567', 'CUCC'],
    ['17112345678', 'CUCC'],
    ['17400123456', 'CTCC'],
    ['17405999999', 'CTCC'],
    ['17406123456', null], // MIIT emergency range: a real number, no carrier of ours
    ['17491234567', null], // Inmarsat
    ['17413000000', null], // 174 outside its 5-digit rows: not a number
    ['19212345678', 'CBN'],
    ['19312345678', 'CTCC'],
    ['14012345678', null], // IoT prefixes never start an 11-digit number
    ['14612345678', null],
    ['15412345678', null], // not allocated
    ['19412345678', null],
  ])('%s → %s', (number, carrier) => {
    expect(lookupCarrier(number)).toBe(carrier);
  });

  it('maps every mobile row to its own carrier, at both ends of its range', () => {
    for (const row of NUMBER_SEGMENT_ROWS.filter((candidate) => !isIotRow(candidate))) {
      const expected = CARRIER_OF_CSV_NAME.get(row.carrier);
      for (const fill of ['0', '9']) {
        const number = row.prefix.padEnd(11, fill);
        // A longer row inside this prefix (1349 inside 134) owns its own numbers.
        const owner = NUMBER_SEGMENT_ROWS.filter((other) => !isIotRow(other) && number.startsWith(other.prefix)).sort(
          (a, b) => b.prefix.length - a.prefix.length,
        )[0];
        if (owner !== row) continue;
        expect(lookupCarrier(number), number).toBe(expected);
      }
    }
  });
});
