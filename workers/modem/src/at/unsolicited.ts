/**
 * Unsolicited result codes a modem may send at any moment, also between a command and its
 * answer (TS 27.005 §3.4.1, TS 27.007 §7.2). +CMT and +CDS take two lines: a header, then the
 * PDU on the next line.
 */
export type Unsolicited =
  /** +CMTI: <mem>,<index> — an MO message was stored. */
  | { readonly kind: 'message-stored'; readonly memory: string; readonly index: number }
  /** +CMT: [<alpha>],<length> CR LF <pdu> — an MO message shown directly. */
  | { readonly kind: 'message'; readonly length: number; readonly pdu: string }
  /** +CDS: <length> CR LF <pdu> — a status report shown directly. */
  | { readonly kind: 'status-report'; readonly length: number; readonly pdu: string }
  /** +CDSI: <mem>,<index> — a status report was stored. */
  | { readonly kind: 'status-report-stored'; readonly memory: string; readonly index: number }
  /** +CREG: <stat>[,<lac>,<ci>] — registration changed (AT+CREG=1/2). */
  | { readonly kind: 'registration'; readonly stat: number }
  /** Anything else: RING, ^RSSI, RDY, +CPIN: NOT READY … kept for the log. */
  | { readonly kind: 'other'; readonly line: string };

/** Prefixes that always start an unsolicited code unless the running command asks for that prefix. */
const KNOWN_PREFIXES = [
  '+CMTI:',
  '+CMT:',
  '+CDS:',
  '+CDSI:',
  '+CREG:',
  '+CGREG:',
  '+CEREG:',
  '+CBM:',
  '+CUSD:',
  '+CLIP:',
  '+CRING:',
  '+CPIN:',
  '+CFUN:',
  '^',
];
const KNOWN_LINES = new Set(['RING', 'RDY', 'Call Ready', 'SMS Ready', 'PB DONE']);

/** Whether `line` is an unsolicited code, given the answer prefix the running command expects. */
export function isUnsolicited(line: string, expectedPrefix: string | null): boolean {
  if (expectedPrefix !== null && line.startsWith(expectedPrefix)) return false;
  if (KNOWN_LINES.has(line)) return true;
  return KNOWN_PREFIXES.some((prefix) => line.startsWith(prefix));
}

/** Whether the code's PDU follows on the next line. */
export function takesPduLine(line: string): boolean {
  return line.startsWith('+CMT:') || line.startsWith('+CDS:');
}

/** Reads a one-line code, or the header of a two-line one with its PDU line. */
export function parseUnsolicited(line: string, pduLine?: string): Unsolicited {
  if (line.startsWith('+CMTI:') || line.startsWith('+CDSI:')) {
    const fields = line.slice(line.indexOf(':') + 1).split(',');
    const memory = unquote(fields[0] ?? '');
    const index = Number((fields[1] ?? '').trim());
    if (fields.length === 2 && Number.isInteger(index) && index >= 0) {
      return { kind: line.startsWith('+CMTI:') ? 'message-stored' : 'status-report-stored', memory, index };
    }
    return { kind: 'other', line };
  }
  if ((line.startsWith('+CMT:') || line.startsWith('+CDS:')) && pduLine !== undefined) {
    // <length> is the last field: +CMT may carry an <alpha> (possibly with commas) before it.
    const body = line.slice(5);
    const length = Number(body.slice(body.lastIndexOf(',') + 1).trim());
    if (Number.isInteger(length) && length > 0) {
      return { kind: line.startsWith('+CMT:') ? 'message' : 'status-report', length, pdu: pduLine };
    }
    return { kind: 'other', line: `${line} ${pduLine}` };
  }
  if (line.startsWith('+CREG:')) {
    const stat = Number(line.slice(6).split(',')[0]?.trim());
    if (Number.isInteger(stat)) return { kind: 'registration', stat };
  }
  return { kind: 'other', line };
}

function unquote(text: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2 ? trimmed.slice(1, -1) : trimmed;
}
