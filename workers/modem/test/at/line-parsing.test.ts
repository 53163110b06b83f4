import { describe, expect, it } from 'vitest';
import { finalResult, type FinalResult } from '../../src/at/final-result.js';
import { LineSplitter } from '../../src/at/line-splitter.js';
import { isUnsolicited, parseUnsolicited, type Unsolicited } from '../../src/at/unsolicited.js';

function split(chunks: string[]): string[] {
  const seen: string[] = [];
  const splitter = new LineSplitter({
    line: (line) => seen.push(line),
    prompt: () => seen.push('<prompt>'),
    overflow: (n) => seen.push(`<overflow ${n}>`),
  });
  for (const chunk of chunks) splitter.push(Buffer.from(chunk, 'latin1'));
  return seen;
}

describe('LineSplitter', () => {
  it.each<[string, string[], string[]]>([
    ['one answer', ['\r\nOK\r\n'], ['OK']],
    ['an answer cut anywhere', ['\r', '\n+CSQ: 2', '1,99\r', '\n\r\nO', 'K\r\n'], ['+CSQ: 21,99', 'OK']],
    ['an echo (CR, then CR LF)', ['AT+CSQ\r\r\n+CSQ: 21,99\r\n\r\nOK\r\n'], ['AT+CSQ', '+CSQ: 21,99', 'OK']],
    ['the AT+CMGS prompt, which ends no line', ['\r\n> '], ['<prompt>']],
    ['a prompt in two pieces', ['\r\n>', ' '], ['<prompt>']],
    ['a prompt split before its space, then the answer', ['\r\n>', ' \r\n+CMGS: 7\r\n'], ['<prompt>', '+CMGS: 7']],
    // Seen from the simulated modems: a status report shown right behind the prompt, in one read.
    [
      'a prompt with an unsolicited code behind it',
      ['\r\n> \r\n+CDS: 26\r\n0891683108\r\n'],
      ['<prompt>', '+CDS: 26', '0891683108'],
    ],
    [
      'a prompt with the echoed PDU behind it',
      ['\r\n> 0011AA\x1a\r\n\r\n+CMGS: 7\r\n'],
      ['<prompt>', '0011AA\x1a', '+CMGS: 7'],
    ],
    ['"> " inside a line is no prompt', ['+CUSD: 0,"a > b"\r\n'], ['+CUSD: 0,"a > b"']],
    ['a two-line +CMT', ['\r\n+CMT: ,23\r\n0011000B91\r\n'], ['+CMT: ,23', '0011000B91']],
    ['text with a lone CR inside is kept', ['a\rb\r\n'], ['a\rb']],
    ['noise without line ends', ['x'.repeat(5000)], ['<overflow 5000>']],
  ])('%s', (_name, chunks, lines) => {
    expect(split(chunks)).toEqual(lines);
  });
});

describe('finalResult (TS 27.007 §5.2.1, §9.2; TS 27.005 §3.2.5)', () => {
  it.each<[string, FinalResult | null]>([
    ['OK', { ok: true }],
    ['ERROR', { ok: false, kind: 'error' }],
    ['+CME ERROR: 10', { ok: false, kind: 'cme', code: 10, text: '10' }],
    ['+CME ERROR: SIM not inserted', { ok: false, kind: 'cme', code: null, text: 'SIM not inserted' }],
    ['+CMS ERROR: 500', { ok: false, kind: 'cms', code: 500, text: '500' }],
    ['NO CARRIER', { ok: false, kind: 'call', text: 'NO CARRIER' }],
    ['+CSQ: 21,99', null],
    ['OKAY', null],
    ['+CMGS: 5', null],
  ])('%s', (line, expected) => {
    expect(finalResult(line)).toEqual(expected);
  });
});

describe('unsolicited result codes (TS 27.005 §3.4.1)', () => {
  it.each<[string, string | undefined, Unsolicited]>([
    ['+CMTI: "SM",3', undefined, { kind: 'message-stored', memory: 'SM', index: 3 }],
    ['+CDSI: "SR",12', undefined, { kind: 'status-report-stored', memory: 'SR', index: 12 }],
    ['+CMT: ,23', '0011AB', { kind: 'message', length: 23, pdu: '0011AB' }],
    ['+CMT: "Alice, Bob",23', '0011AB', { kind: 'message', length: 23, pdu: '0011AB' }],
    ['+CDS: 25', '0006AB', { kind: 'status-report', length: 25, pdu: '0006AB' }],
    ['+CREG: 2', undefined, { kind: 'registration', stat: 2 }],
    ['+CREG: 5,"1A2B","00C3"', undefined, { kind: 'registration', stat: 5 }],
    ['RING', undefined, { kind: 'other', line: 'RING' }],
    ['^RSSI:18', undefined, { kind: 'other', line: '^RSSI:18' }],
    ['+CMTI: "SM"', undefined, { kind: 'other', line: '+CMTI: "SM"' }],
  ])('%s', (line, pdu, expected) => {
    expect(parseUnsolicited(line, pdu)).toEqual(expected);
  });

  it.each<[string, string | null, boolean]>([
    ['+CMTI: "SM",3', null, true],
    ['+CREG: 1', null, true],
    ['+CREG: 0,1', '+CREG:', false],
    ['+CPIN: READY', '+CPIN:', false],
    ['+CPIN: NOT READY', '+CSQ:', true],
    ['RDY', null, true],
    ['^BOOT:1,0', '+CMGS:', true],
    ['+CSQ: 21,99', '+CSQ:', false],
    ['0011000B91', '+CMGR:', false],
    ['SMSHUB', null, false],
  ])('%s while %s is expected: %s', (line, prefix, expected) => {
    expect(isUnsolicited(line, prefix)).toBe(expected);
  });
});
