import { EncodingError, TextDecodeError } from '../errors.js';
import type { TextEncoding } from '../text-encoding.js';
import { decodeGbk, encodeGbk } from './gbk.js';
import { decodeGsm7, encodeGsm7 } from './gsm7.js';
import { decodeUcs2, encodeUcs2 } from './ucs2.js';

/**
 * Text ↔ message bytes for every TextEncoding, in the form the protocol codecs put on the wire
 * (GSM 7-bit as unpacked septets). A character the encoding lacks is an EncodingError naming it
 * and its position, never a silent '?'.
 */

/**
 * `binary` takes bytes and hands the same Buffer back (a Uint8Array is wrapped, not copied);
 * every other encoding takes text.
 */
export function encodeText(input: string | Uint8Array, encoding: TextEncoding): Buffer {
  if (encoding === 'binary') {
    if (typeof input === 'string') {
      throw new EncodingError(
        'binary',
        'binary messages carry bytes, not text: pass a Buffer, or choose a text encoding',
      );
    }
    return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  }
  if (typeof input !== 'string') {
    throw new EncodingError(encoding, `expects text, got ${input.length} bytes (only 'binary' takes bytes)`);
  }
  switch (encoding) {
    case 'gsm7':
      return encodeGsm7(input);
    case 'ascii':
      return encodeSingleByte(input, 'ascii', 0x7f);
    case 'latin1':
      return encodeSingleByte(input, 'latin1', 0xff);
    case 'ucs2':
      return encodeUcs2(input);
    case 'gbk':
      return encodeGbk(input);
  }
}

export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  switch (encoding) {
    case 'gsm7':
      return decodeGsm7(bytes);
    case 'ascii': {
      const bad = bytes.findIndex((byte) => byte > 0x7f);
      if (bad >= 0) throw new TextDecodeError('ascii', `0x${(bytes[bad] ?? 0).toString(16)} is not ASCII`, bad);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    }
    case 'latin1':
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    case 'ucs2':
      return decodeUcs2(bytes);
    case 'gbk':
      return decodeGbk(bytes);
    case 'binary':
      throw new TextDecodeError('binary', 'binary data has no text form; use the bytes');
  }
}

function encodeSingleByte(text: string, encoding: 'ascii' | 'latin1', max: number): Buffer {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > max) throw EncodingError.unencodable(encoding, text, i);
  }
  return Buffer.from(text, 'latin1');
}
