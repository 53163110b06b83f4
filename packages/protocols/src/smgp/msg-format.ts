import type { TextEncoding } from '@smshub/sms';
import { EncodeError } from '../engine/errors.js';

/**
 * MsgFormat values of SMGP and CNGP (SMGP 3.0 §6.2.16, reference §1.9; CNGP: RongDi
 * cngp_packet.h MSG_FMT, the same numbers). SMGP asks text to use 15 and reports to use 0.
 */
export const MsgFormat = {
  ascii: 0,
  writeCard: 3,
  binary: 4,
  ucs2: 8,
  gbk: 15,
  /** SMGP 3.0 only: (U)SIM message. */
  usim: 246,
} as const;

/** MsgFormat for an encoding; GSM 7-bit and Latin-1 have no number in these protocols. */
export function msgFormatOf(encoding: TextEncoding, protocol: string): number {
  switch (encoding) {
    case 'ascii':
      return MsgFormat.ascii;
    case 'binary':
      return MsgFormat.binary;
    case 'ucs2':
      return MsgFormat.ucs2;
    case 'gbk':
      return MsgFormat.gbk;
    case 'gsm7':
    case 'latin1':
      throw new EncodeError(protocol, `${encoding} text has no MsgFormat; encode it as ascii, ucs2 or gbk`);
  }
}

/** Encoding of received content; write-card, (U)SIM and unknown formats are kept as bytes. */
export function encodingOfMsgFormat(format: number): TextEncoding {
  switch (format) {
    case MsgFormat.ascii:
      return 'ascii';
    case MsgFormat.ucs2:
      return 'ucs2';
    case MsgFormat.gbk:
      return 'gbk';
    default:
      return 'binary';
  }
}
