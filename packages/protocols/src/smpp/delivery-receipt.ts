import { formatReceiptDate } from './smpp-time.js';

/**
 * Delivery-receipt text in the short_message of a deliver_sm with esm_class 0x04 (3.4 Appendix B):
 * `id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…`
 * The spec calls the format SMSC-specific; in practice ids are hex, decimal or longer than 10,
 * labels change case, dates carry seconds and the text part is missing. So it is read by labels.
 */
export interface DeliveryReceipt {
  readonly id: string;
  readonly sub?: number;
  readonly dlvrd?: number;
  /** As written: "YYMMDDhhmm" or "YYMMDDhhmmss" in the SMSC's time zone (parseReceiptDate reads it). */
  readonly submitDate?: string;
  readonly doneDate?: string;
  readonly stat: string;
  readonly err?: string;
  readonly text?: string;
}

type Label = 'id' | 'sub' | 'dlvrd' | 'submit date' | 'done date' | 'stat' | 'err' | 'text';

/** Longer labels first, so "submit date" is not read as "sub". Underscore spellings seen in the wild. */
const labels: readonly (readonly [spelling: string, label: Label])[] = [
  ['submit date', 'submit date'],
  ['submit_date', 'submit date'],
  ['done date', 'done date'],
  ['done_date', 'done date'],
  ['dlvrd', 'dlvrd'],
  ['stat', 'stat'],
  ['text', 'text'],
  ['sub', 'sub'],
  ['err', 'err'],
  ['id', 'id'],
];

/** Reads receipt text; null when it has no id or no stat (then it is not a receipt). */
export function parseDeliveryReceipt(text: string): DeliveryReceipt | null {
  const found: Partial<Record<Label, string>> = {};
  const n = text.length;
  let p = 0;
  while (p < n) {
    p = skipSpaces(text, p);
    if (p >= n) break;
    const match = labelAt(text, p);
    if (match === null) {
      p = nextSpace(text, p); // a word we do not know: skip it
      continue;
    }
    const [label, length] = match;
    let start = p + length + 1; // past the ':'
    if (label === 'text') {
      found.text ??= text.slice(start);
      break;
    }
    // "err: 000" – tolerate a space after the colon, unless the next word is already a label.
    const afterSpaces = skipSpaces(text, start);
    if (afterSpaces > start && afterSpaces < n && labelAt(text, afterSpaces) === null) start = afterSpaces;
    const end = start < n && isSpace(text.charCodeAt(start)) ? start : nextSpace(text, start);
    found[label] ??= text.slice(start, end);
    p = end;
  }
  const { id, stat } = found;
  if (id === undefined || id === '' || stat === undefined || stat === '') return null;
  return {
    id,
    sub: count(found.sub),
    dlvrd: count(found.dlvrd),
    submitDate: found['submit date'],
    doneDate: found['done date'],
    stat,
    err: found.err,
    text: found.text,
  };
}

export interface ReceiptFields {
  readonly id: string;
  readonly sub?: number;
  readonly dlvrd?: number;
  readonly submitDate: Date | string;
  readonly doneDate: Date | string;
  readonly stat: string;
  readonly err?: number | string;
  /** The first 20 characters of the original message go here, by the spec's example. */
  readonly text?: string;
}

/**
 * Receipt text in the spec's layout. Dates given as Date are written in the zone
 * `utcOffsetMinutes` east of UTC (the SMSC's own clock, often +480 for China).
 */
export function formatDeliveryReceipt(fields: ReceiptFields, utcOffsetMinutes = 0): string {
  const delivered = fields.stat === 'DELIVRD' ? 1 : 0;
  const err = typeof fields.err === 'number' ? three(fields.err) : (fields.err ?? '000');
  return (
    `id:${fields.id} sub:${three(fields.sub ?? 1)} dlvrd:${three(fields.dlvrd ?? delivered)}` +
    ` submit date:${dateText(fields.submitDate, utcOffsetMinutes)} done date:${dateText(fields.doneDate, utcOffsetMinutes)}` +
    ` stat:${fields.stat} err:${err} text:${(fields.text ?? '').slice(0, 20)}`
  );
}

function dateText(value: Date | string, utcOffsetMinutes: number): string {
  return typeof value === 'string' ? value : formatReceiptDate(value, utcOffsetMinutes);
}

function three(value: number): string {
  return value < 10 ? `00${value}` : value < 100 ? `0${value}` : String(value);
}

/** The label at `p` followed by ':', with the spelling's length; null if none. */
function labelAt(text: string, p: number): [Label, number] | null {
  for (const [spelling, label] of labels) {
    if (text.charCodeAt(p + spelling.length) === 0x3a && matchesIgnoringCase(text, p, spelling))
      return [label, spelling.length];
  }
  return null;
}

/** ASCII-only case folding, so indexes into `text` stay valid whatever else it contains. */
function matchesIgnoringCase(text: string, p: number, spelling: string): boolean {
  for (let i = 0; i < spelling.length; i++) {
    const want = spelling.charCodeAt(i);
    const have = text.charCodeAt(p + i);
    if (want >= 0x61 && want <= 0x7a ? (have | 0x20) !== want : have !== want) return false;
  }
  return true;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function skipSpaces(text: string, p: number): number {
  while (p < text.length && isSpace(text.charCodeAt(p))) p++;
  return p;
}

function nextSpace(text: string, p: number): number {
  while (p < text.length && !isSpace(text.charCodeAt(p))) p++;
  return p;
}

function count(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
}
