/**
 * Turns data/number-segments.csv into src/numbers/generated/number-segments.ts, so the library
 * carries the table as code: no file read at run time (it stays I/O-free) and it works the same
 * from src/, from dist/ and inside a bundle (the portal). test/numbers/segment-table.test.ts fails
 * when the two disagree. Run from packages/sms: `npx tsx scripts/generate-number-segments.ts`
 * (`--check` only reports whether the generated file is current).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseSegmentCsv, type NumberSegmentRow } from '../src/numbers/segment-csv.js';

const csvUrl = new URL('../data/number-segments.csv', import.meta.url);
const moduleUrl = new URL('../src/numbers/generated/number-segments.ts', import.meta.url);

function render(rows: readonly NumberSegmentRow[]): string {
  const lines = rows.map(
    (row) =>
      `  { prefix: ${JSON.stringify(row.prefix)}, carrier: ${JSON.stringify(row.carrier)}, note: ${JSON.stringify(row.note)} },`,
  );
  return [
    '// Generated from data/number-segments.csv by scripts/generate-number-segments.ts. Do not edit:',
    '// change the CSV and run `npx tsx scripts/generate-number-segments.ts` in packages/sms.',
    "import type { NumberSegmentRow } from '../segment-csv.js';",
    '',
    'export const NUMBER_SEGMENT_ROWS: readonly NumberSegmentRow[] = [',
    ...lines,
    '];',
    '',
  ].join('\n');
}

const expected = render(parseSegmentCsv(readFileSync(csvUrl, 'utf8')));
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(moduleUrl, 'utf8');
  } catch {
    // A missing file is simply out of date.
  }
  if (current !== expected) {
    console.error('src/numbers/generated/number-segments.ts is out of date: run scripts/generate-number-segments.ts');
    process.exit(1);
  }
} else {
  writeFileSync(moduleUrl, expected);
}
