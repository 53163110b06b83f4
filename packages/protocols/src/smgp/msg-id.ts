import { EncodeError } from '../engine/errors.js';
import { pad2, wallClock } from '../china-time.js';

/**
 * The 10-byte MsgID of SMGP (CNGP's is also 10 bytes; cngp/msg-id.ts reads it its own way).
 * SMGP 3.0 spec MsgID definition (reference §3.6): 20 BCD digits —
 *   bytes 0–2  SMGW code, 6 digits (3-digit area code zero-padded + "06" + 1-digit index)
 *   bytes 3–6  MMDDHHMM
 *   bytes 7–9  sequence 000000–999999
 * The spec's example, gateway 010061 on 01-16 17:00 with sequence 012345, is 0x01006101161700012345.
 * Its text form is the 20 lowercase hex digits (go_smgp msgID.go Id.String, SMSGate
 * SMGPMsgIdUtil), which for a BCD id reads the same as its decimal digits.
 */
export const MSG_ID_LENGTH = 10;

export interface SmgpMsgIdParts {
  readonly smgwCode: string;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly sequence: number;
}

/** Writes decimal `digits` (even count) as packed BCD, high nibble first. */
export function writeBcd(digits: string, out: Buffer, offset: number): void {
  for (let i = 0; i < digits.length; i += 2) {
    out[offset + i / 2] = ((digits.charCodeAt(i) - 0x30) << 4) | (digits.charCodeAt(i + 1) - 0x30);
  }
}

/** Reads packed BCD as decimal digits; null when a nibble is not 0–9. */
export function readBcd(bytes: Buffer, start: number, end: number): string | null {
  let digits = '';
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    const high = byte >> 4;
    const low = byte & 0x0f;
    if (high > 9 || low > 9) return null;
    digits += String(high) + String(low);
  }
  return digits;
}

export function msgIdText(id: Buffer): string {
  return id.toString('hex');
}

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66) || (code >= 0x41 && code <= 0x46);
}

/** The 10 raw bytes of a MsgID given as 20 hex digits (our own input: EncodeError when malformed). */
export function msgIdFromText(text: string, protocol = 'smgp'): Buffer {
  if (text.length !== MSG_ID_LENGTH * 2) throw new EncodeError(protocol, `MsgID "${text}" is not 20 hex digits`);
  for (let i = 0; i < text.length; i++) {
    if (!isHexDigit(text.charCodeAt(i))) throw new EncodeError(protocol, `MsgID "${text}" is not 20 hex digits`);
  }
  return Buffer.from(text, 'hex');
}

/** Splits an SMGP MsgID into its fields; null when it is not 20 BCD digits (vendors do differ). */
export function parseSmgpMsgId(id: Buffer): SmgpMsgIdParts | null {
  if (id.length !== MSG_ID_LENGTH) return null;
  const digits = readBcd(id, 0, MSG_ID_LENGTH);
  if (digits === null) return null;
  return {
    smgwCode: digits.slice(0, 6),
    month: Number(digits.slice(6, 8)),
    day: Number(digits.slice(8, 10)),
    hour: Number(digits.slice(10, 12)),
    minute: Number(digits.slice(12, 14)),
    sequence: Number(digits.slice(14, 20)),
  };
}

const SEQUENCE_LIMIT = 1_000_000;

/**
 * Server-side MsgID source for one gateway instance. The sequence runs 000000–999999 and wraps;
 * with minute resolution in the id, a repeat needs a million ids within one minute (16,600/s) from
 * one generator — give each gateway process its own SMGW code index to scale past that.
 */
export class MsgIdGenerator {
  private sequence: number;

  constructor(
    /** 6 decimal digits: area code + "06" + index, e.g. "010061". */
    readonly smgwCode: string,
    firstSequence = 0,
    private readonly protocol = 'smgp',
  ) {
    if (smgwCode.length !== 6 || readBcd(Buffer.from(smgwCode, 'hex'), 0, 3) !== smgwCode) {
      throw new EncodeError(protocol, `SMGW code "${smgwCode}" must be 6 decimal digits`);
    }
    this.sequence = firstSequence % SEQUENCE_LIMIT;
  }

  next(now: Date): Buffer {
    const t = wallClock(now);
    const id = Buffer.allocUnsafe(MSG_ID_LENGTH);
    const digits =
      this.smgwCode +
      pad2(t.month) +
      pad2(t.day) +
      pad2(t.hour) +
      pad2(t.minute) +
      String(this.sequence).padStart(6, '0');
    writeBcd(digits, id, 0);
    this.sequence = (this.sequence + 1) % SEQUENCE_LIMIT;
    return id;
  }
}
