import { DecodeError } from '../engine/errors.js';
import { mmddhhmmss } from '../china-time.js';

/**
 * SGIP's sequence number is 12 bytes: the originating node id, the time the command was made
 * (MMDDHHMMSS as a decimal number) and a counter (reference §2.1). A response echoes all three,
 * and a REPORT names the SUBMIT it is about by them, so the triple doubles as the message id.
 */
export interface SgipSequence {
  readonly node: number;
  readonly time: number;
  readonly seq: number;
}

/** Placeholder for a request the session has not numbered yet. */
export const UNNUMBERED: SgipSequence = Object.freeze({ node: 0, time: 0, seq: 0 });

/**
 * Text form "node:time:seq" (plain decimal, no padding). It is both the session's sequence key
 * and the carrierMessageId of a submit's status report (carrier-forms.ts).
 */
export function sequenceText(sequence: SgipSequence): string {
  return `${sequence.node}:${sequence.time}:${sequence.seq}`;
}

/** Reads "node:time:seq" back; throws DecodeError on anything else (no regular expression). */
export function parseSequenceText(text: string): SgipSequence {
  const first = text.indexOf(':');
  const second = first < 0 ? -1 : text.indexOf(':', first + 1);
  if (first < 0 || second < 0) throw new DecodeError('sgip', `sequence "${text}" is not node:time:seq`);
  return {
    node: parseUint32(text, 0, first),
    time: parseUint32(text, first + 1, second),
    seq: parseUint32(text, second + 1, text.length),
  };
}

function parseUint32(text: string, start: number, end: number): number {
  if (end <= start || end - start > 10) throw new DecodeError('sgip', `sequence "${text}" is not node:time:seq`);
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) throw new DecodeError('sgip', `sequence "${text}" has a non-digit`);
    value = value * 10 + digit;
  }
  if (value > 0xffffffff) throw new DecodeError('sgip', `sequence "${text}" has a part above 2^32-1`);
  return value;
}

/**
 * The time part: MMDDHHMMSS as a decimal number in Beijing time, e.g. 20 Nov 20:32:25 →
 * 1120203225 (reference §2.1).
 */
export function sequenceTime(date: Date): number {
  return mmddhhmmss(date);
}

/**
 * An SP's node id, `3AAAAQQQQQ` (reference §2.1, quoting the spec's node numbering in §3.3): 3,
 * the long-distance area code with its leading 0, left-aligned and right-padded with 0 to four
 * digits (010 → 0100), then the five-digit corp id. At most 3 999 999 999: fits the uint32 field.
 */
export function spNodeId(areaCode: string, corpId: string): number {
  if (!isDigits(areaCode) || !areaCode.startsWith('0') || areaCode.length < 3 || areaCode.length > 4) {
    throw new RangeError(`sgip node id: area code "${areaCode}" must be 3–4 digits starting with 0`);
  }
  if (!isDigits(corpId) || corpId.length !== 5) {
    throw new RangeError(`sgip node id: corp id "${corpId}" must be 5 digits`);
  }
  return Number(`3${areaCode.padEnd(4, '0')}${corpId}`);
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
