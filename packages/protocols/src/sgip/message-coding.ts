import { DataCodingError, dataCodingOf, encodingOfDataCoding, type TextEncoding } from '@smshub/sms';
import { EncodeError } from '../engine/errors.js';

/**
 * MessageCoding ↔ TextEncoding. SGIP uses the Msg_Fmt numbers of CMPP (reference §1.9): 0 ASCII,
 * 3 card write, 4 binary, 8 UCS2, 15 GBK. There is no GSM 7-bit or Latin-1 coding: a segment in
 * those must be re-encoded by the sender (ascii or ucs2) before it reaches SGIP.
 */
export function messageCodingOf(encoding: TextEncoding): number {
  try {
    return dataCodingOf(encoding, 'cmpp');
  } catch (error) {
    if (error instanceof DataCodingError) throw new EncodeError('sgip', `MessageCoding: ${error.message}`);
    throw error;
  }
}

/**
 * The encoding of a received MessageCoding. A value outside the table is passed on as bytes
 * ('binary') rather than refused: an MO the handset sent oddly is still the subscriber's message.
 */
export function encodingOfMessageCoding(coding: number): TextEncoding {
  try {
    return encodingOfDataCoding(coding, 'cmpp');
  } catch (error) {
    if (error instanceof DataCodingError) return 'binary';
    throw error;
  }
}
