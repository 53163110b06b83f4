/**
 * Reads data/number-segments.csv (columns prefix, carrier, note). Used by the generator that turns
 * it into generated/number-segments.ts and by the test that checks the two agree; nothing reads
 * the CSV at run time.
 */

export interface NumberSegmentRow {
  /** 3, 4 or 5 leading digits of a national number. */
  readonly prefix: string;
  /** Carrier name as the CSV spells it ('China Mobile', …, 'Other'). */
  readonly carrier: string;
  readonly note: string;
}

const HEADER = ['prefix', 'carrier', 'note'];

export function parseSegmentCsv(csv: string, file = 'number-segments.csv'): NumberSegmentRow[] {
  const lines = csv.split('\n');
  const rows: NumberSegmentRow[] = [];
  const seen = new Set<string>();
  let headerSeen = false;
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').replace(/\r$/, '');
    if (line.trim() === '') continue;
    const where = `${file} line ${index + 1}`;
    const fields = splitCsvLine(line, where);
    if (!headerSeen) {
      if (fields.join(',') !== HEADER.join(','))
        throw new Error(`${where}: header must be ${HEADER.join(',')}, got ${line}`);
      headerSeen = true;
      continue;
    }
    if (fields.length !== HEADER.length)
      throw new Error(`${where}: expected ${HEADER.length} fields, got ${fields.length}`);
    const [prefix = '', carrier = '', note = ''] = fields;
    if (prefix.length < 3 || prefix.length > 5 || !isDigits(prefix))
      throw new Error(`${where}: prefix ${JSON.stringify(prefix)} is not 3–5 digits`);
    if (carrier === '') throw new Error(`${where}: prefix ${prefix} has no carrier`);
    if (seen.has(prefix)) throw new Error(`${where}: prefix ${prefix} appears twice`);
    seen.add(prefix);
    rows.push({ prefix, carrier, note });
  }
  if (!headerSeen) throw new Error(`${file}: empty`);
  return rows;
}

/** RFC 4180 fields: commas separate, a quoted field may hold commas and doubled quotes. */
function splitCsvLine(line: string, where: string): string[] {
  const fields: string[] = [];
  let at = 0;
  while (true) {
    if (line[at] === '"') {
      let value = '';
      at++;
      while (true) {
        const close = line.indexOf('"', at);
        if (close < 0) throw new Error(`${where}: unterminated quoted field`);
        value += line.slice(at, close);
        at = close + 1;
        if (line[at] !== '"') break;
        value += '"';
        at++;
      }
      fields.push(value);
      if (at === line.length) return fields;
      if (line[at] !== ',') throw new Error(`${where}: text after a quoted field`);
      at++;
    } else {
      const comma = line.indexOf(',', at);
      if (comma < 0) {
        fields.push(line.slice(at).trim());
        return fields;
      }
      fields.push(line.slice(at, comma).trim());
      at = comma + 1;
    }
  }
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}
