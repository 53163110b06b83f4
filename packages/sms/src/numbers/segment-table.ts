import { CARRIER_OF_CSV_NAME, type Carrier } from './carrier.js';
import { NUMBER_SEGMENT_ROWS } from './generated/number-segments.js';
import type { NumberSegmentRow } from './segment-csv.js';

/**
 * The number segment table (reference/protocols.md §8) as one flat array indexed by the first
 * five digits. Longest-prefix match is resolved once when it is filled (shorter prefixes first,
 * longer ones overwrite), so a lookup is one array read: intake classifies up to 10,000 numbers
 * per request.
 */

type DomesticCarrier = Exclude<Carrier, 'INTL'>;

/** Low bits: 0 = no range, otherwise 1 + index in CODE_VALUES; IOT_FLAG: a 13-digit IoT range. */
const CODE_VALUES: readonly (DomesticCarrier | null)[] = ['CMCC', 'CUCC', 'CTCC', 'CBN', null];

/** The note column marks the rows whose numbers have 13 digits, not 11. */
export function isIotRow(row: NumberSegmentRow): boolean {
  return row.note.includes('13-digit');
}

const IOT_FLAG = 0x10;
const CARRIER_MASK = 0x0f;
const codes = new Uint8Array(100_000);
fill(NUMBER_SEGMENT_ROWS);

function fill(rows: readonly NumberSegmentRow[]): void {
  const byLength = [...rows].sort((a, b) => a.prefix.length - b.prefix.length);
  for (const row of byLength) {
    const carrier = CARRIER_OF_CSV_NAME.get(row.carrier);
    if (carrier === undefined)
      throw new Error(`number-segments.csv: prefix ${row.prefix} has unknown carrier ${JSON.stringify(row.carrier)}`);
    const span = 10 ** (5 - row.prefix.length);
    const start = Number(row.prefix) * span;
    codes.fill((CODE_VALUES.indexOf(carrier) + 1) | (isIotRow(row) ? IOT_FLAG : 0), start, start + span);
  }
}

/** The first five characters of `digits` (all ASCII digits, at least five) as a number. */
function prefixIndex(digits: string): number {
  let index = 0;
  for (let i = 0; i < 5; i++) index = index * 10 + (digits.charCodeAt(i) - 0x30);
  return index;
}

/**
 * The segment of an 11-digit national number: its carrier (null for a range no carrier of ours
 * serves), or undefined when no mobile range has that prefix. `national` must be 11 ASCII digits.
 */
export function mobileSegment(national: string): DomesticCarrier | null | undefined {
  const code = codes[prefixIndex(national)] ?? 0;
  return code === 0 || (code & IOT_FLAG) !== 0 ? undefined : CODE_VALUES[(code & CARRIER_MASK) - 1];
}

/** Same for a 13-digit IoT number: undefined unless its longest matching prefix is an IoT row. */
export function iotSegment(national: string): DomesticCarrier | null | undefined {
  const code = codes[prefixIndex(national)] ?? 0;
  return (code & IOT_FLAG) === 0 ? undefined : CODE_VALUES[(code & CARRIER_MASK) - 1];
}
