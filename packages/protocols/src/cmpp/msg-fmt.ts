import type { TextEncoding } from '@smshub/sms';
import { MsgFmt } from './status-codes.js';

/**
 * Msg_Fmt ↔ TextEncoding (reference §1.9). CMPP "ASCII" is one byte per character, unpacked;
 * GSM 7-bit and Latin-1 have no Msg_Fmt, so text must be segmented as ascii, ucs2 or gbk.
 */
export function msgFmtOf(encoding: TextEncoding): number | null {
  switch (encoding) {
    case 'ascii':
      return MsgFmt.ASCII;
    case 'binary':
      return MsgFmt.BINARY;
    case 'ucs2':
      return MsgFmt.UCS2;
    case 'gbk':
      return MsgFmt.GBK;
    case 'gsm7':
    case 'latin1':
      return null;
  }
}

/**
 * The encoding of received content. Msg_Fmt 3 (SIM write) and values the spec does not define
 * are kept as raw bytes rather than guessed at.
 */
export function encodingOfMsgFmt(msgFmt: number): TextEncoding {
  switch (msgFmt) {
    case MsgFmt.ASCII:
      return 'ascii';
    case MsgFmt.UCS2:
      return 'ucs2';
    case MsgFmt.GBK:
      return 'gbk';
    default:
      return 'binary';
  }
}
