import type { DeliveryState } from '../carrier-forms.js';
import type { ReportToSend } from '../dialect.js';
import { DecodeError, EncodeError } from '../engine/errors.js';
import { formatYymmddhhmm } from '../china-time.js';
import { MSG_ID_LENGTH } from './msg-id.js';

/**
 * The status-report block a Deliver with IsReport = 1 carries in MsgContent (SMGP 3.0 spec
 * §6.2.63, reference §3.7), shared with CNGP:
 *
 *   off  size  content                 off  size  content
 *     0     3  "id:"                      54   11  " done date:"
 *     3    10  MsgID, raw BCD bytes       65   10  YYMMDDHHMM
 *    13     5  " sub:"                    75    6  " stat:"
 *    18     3  sub                        81    7  stat word
 *    21     7  " dlvrd:"                  88    5  " err:"
 *    28     3  dlvrd                      93    3  err
 *    31    13  " submit date:"            96    6  " text:"
 *    44    10  YYMMDDHHMM                102   20  text (3-digit length + 17 bytes)
 *
 * go_smgp report.go reads by these offsets. For CNGP the same offsets hold through err: Huawei's
 * CNGPDeliverMessage reads submit date, done date and stat at content offsets 44, 65 and 81, and
 * RongDi's cngp_report struct has the same widths but a 4-byte "txt:" label (121 bytes). The
 * parser therefore reads the fixed offsets and accepts " text:", " txt:" or nothing before the
 * text; labels compare case-insensitively (the spec prints "Submit date", "Text").
 * Vendors that write the id as text instead of raw bytes fall back to a label scan.
 */
export const REPORT_BLOCK_LENGTH = 122;

export interface ReportBlock {
  /** The Submit_Resp MsgID this report is about (10 raw bytes). */
  readonly msgId: Buffer;
  readonly sub: string;
  readonly dlvrd: string;
  /** YYMMDDHHMM. */
  readonly submitDate: string;
  readonly doneDate: string;
  /** DELIVRD, EXPIRED … or a vendor code; up to 7 characters. */
  readonly stat: string;
  /** 3 digits: 000 ok, 001 unreachable … 999 unknown. */
  readonly err: string;
  readonly text: Buffer;
}

const layout: readonly (readonly [label: string, offset: number])[] = [
  ['id:', 0],
  [' sub:', 13],
  [' dlvrd:', 21],
  [' submit date:', 31],
  [' done date:', 54],
  [' stat:', 75],
  [' err:', 88],
];

function padField(value: string, size: number, field: string, protocol: string): string {
  if (value.length > size) throw new EncodeError(protocol, `report ${field} "${value}" is longer than ${size}`);
  return value.padEnd(size, '\0');
}

export function buildReportBlock(report: ReportBlock, protocol = 'smgp'): Buffer {
  if (report.msgId.length !== MSG_ID_LENGTH) throw new EncodeError(protocol, 'report MsgID must be 10 bytes');
  if (report.text.length > 20) throw new EncodeError(protocol, 'report text is longer than 20 bytes');
  const block = Buffer.alloc(REPORT_BLOCK_LENGTH);
  block.write('id:', 0, 'latin1');
  report.msgId.copy(block, 3);
  block.write(' sub:' + padField(report.sub, 3, 'sub', protocol), 13, 'latin1');
  block.write(' dlvrd:' + padField(report.dlvrd, 3, 'dlvrd', protocol), 21, 'latin1');
  block.write(' submit date:' + padField(report.submitDate, 10, 'submit date', protocol), 31, 'latin1');
  block.write(' done date:' + padField(report.doneDate, 10, 'done date', protocol), 54, 'latin1');
  block.write(' stat:' + padField(report.stat, 7, 'stat', protocol), 75, 'latin1');
  block.write(' err:' + padField(report.err, 3, 'err', protocol), 88, 'latin1');
  block.write(' text:', 96, 'latin1');
  report.text.copy(block, 102);
  return block;
}

function labelAt(content: Buffer, label: string, offset: number): boolean {
  if (offset + label.length > content.length) return false;
  for (let i = 0; i < label.length; i++) {
    let byte = content[offset + i]!;
    if (byte >= 0x41 && byte <= 0x5a) byte += 0x20;
    if (byte !== label.charCodeAt(i)) return false;
  }
  return true;
}

function field(content: Buffer, start: number, size: number): string {
  let end = start + size;
  const nul = content.indexOf(0, start);
  if (nul >= 0 && nul < end) end = nul;
  while (end > start && content[end - 1] === 0x20) end--;
  return content.toString('latin1', start, end);
}

export function parseReportBlock(content: Buffer, protocol = 'smgp'): ReportBlock {
  if (content.length >= 96 && layout.every(([label, offset]) => labelAt(content, label, offset))) {
    let textStart = 96;
    if (labelAt(content, ' text:', 96)) textStart = 102;
    else if (labelAt(content, ' txt:', 96)) textStart = 101;
    return {
      msgId: content.subarray(3, 13),
      sub: field(content, 18, 3),
      dlvrd: field(content, 28, 3),
      submitDate: field(content, 44, 10),
      doneDate: field(content, 65, 10),
      stat: field(content, 81, 7),
      err: field(content, 93, 3),
      text: content.subarray(textStart),
    };
  }
  return scanLabels(content, protocol);
}

/**
 * Fallback for gateways that write "id:<20 hex digits> sub:001 …" with varying spacing: each
 * label is looked up in order and its value runs to the next space.
 */
function scanLabels(content: Buffer, protocol: string): ReportBlock {
  const text = content.toString('latin1').toLowerCase();
  let cursor = 0;
  const take = (label: string, required: boolean): string => {
    const at = text.indexOf(label, cursor);
    if (at < 0) {
      if (required) throw new DecodeError(protocol, `status report has no "${label}"`);
      return '';
    }
    const start = at + label.length;
    let end = text.indexOf(' ', start);
    if (end < 0) end = text.length;
    cursor = end;
    while (end > start && content[end - 1] === 0) end--;
    return content.toString('latin1', start, end);
  };
  const id = take('id:', true);
  const sub = take('sub:', false);
  const dlvrd = take('dlvrd:', false);
  const submitDate = take('submit date:', false);
  const doneDate = take('done date:', false);
  const stat = take('stat:', true);
  const err = take('err:', false);
  let msgId: Buffer;
  if (id.length === MSG_ID_LENGTH * 2 && Buffer.from(id, 'hex').length === MSG_ID_LENGTH)
    msgId = Buffer.from(id, 'hex');
  else throw new DecodeError(protocol, `status report id "${id}" is neither 10 raw bytes nor 20 hex digits`);
  return { msgId, sub, dlvrd, submitDate, doneDate, stat, err, text: Buffer.alloc(0) };
}

const knownStates: ReadonlySet<string> = new Set([
  'DELIVRD',
  'EXPIRED',
  'DELETED',
  'UNDELIV',
  'ACCEPTD',
  'UNKNOWN',
  'REJECTD',
  'ENROUTE',
]);

/**
 * Stat word → DeliveryState as the CMPP codec maps it: the standard words map to themselves,
 * any other code (vendor words, "MA:0001" style) is a failed delivery, UNDELIV, with the raw
 * word kept in StatusReport.code.
 */
export function deliveryStateOf(stat: string): DeliveryState {
  const word = stat.trim().toUpperCase();
  return knownStates.has(word) ? (word as DeliveryState) : 'UNDELIV';
}

/** err field a gateway writes for a state (reference §3.7 list): 000 delivered, 999 unknown. */
export function reportErrorFor(state: DeliveryState): string {
  switch (state) {
    case 'DELIVRD':
    case 'ACCEPTD':
    case 'ENROUTE':
      return '000';
    case 'UNDELIV':
    case 'REJECTD':
      return '001';
    case 'EXPIRED':
    case 'DELETED':
      return '006';
    case 'UNKNOWN':
      return '999';
  }
}

/** The report block a gateway (SMGP or CNGP) sends for a report on the submit `msgId`. */
export function reportBlockToSend(report: ReportToSend, msgId: Buffer, protocol: string): Buffer {
  return buildReportBlock(
    {
      msgId,
      sub: '001',
      dlvrd: report.state === 'DELIVRD' ? '001' : '000',
      submitDate: formatYymmddhhmm(report.submittedAt),
      doneDate: formatYymmddhhmm(report.doneAt),
      stat: report.state,
      err: report.error ?? reportErrorFor(report.state),
      text: Buffer.alloc(0),
    },
    protocol,
  );
}
