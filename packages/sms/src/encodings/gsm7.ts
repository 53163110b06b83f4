import { EncodingError, TextDecodeError } from '../errors.js';
import {
  DEFAULT_SEPTET_OF,
  EXTENSION_CHAR_OF,
  EXTENSION_SEPTET_OF,
  GSM7_DEFAULT_ALPHABET,
  GSM7_ESCAPE,
  GSM7_SEPTETS_OF,
} from './gsm7-alphabet.js';

/**
 * GSM 7-bit text as unpacked septets: one septet per byte, extension characters as 0x1B + code.
 * This is the form every protocol codec and the segmenter work in; packGsm7 / unpackGsm7 convert
 * to and from the 7-bit packed air-interface form.
 */

/** Septets `text` takes (extension characters count 2). Throws EncodingError for other characters. */
export function gsm7Length(text: string): number {
  let septets = 0;
  for (let i = 0; i < text.length; i++) {
    const cost = GSM7_SEPTETS_OF[text.charCodeAt(i)] ?? 0;
    if (cost === 0) throw EncodingError.unencodable('gsm7', text, i);
    septets += cost;
  }
  return septets;
}

export function isGsm7(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (GSM7_SEPTETS_OF[text.charCodeAt(i)] === 0) return false;
  }
  return true;
}

export function encodeGsm7(text: string): Buffer {
  const out = Buffer.allocUnsafe(gsm7Length(text));
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (GSM7_SEPTETS_OF[unit] === 1) {
      out[at++] = DEFAULT_SEPTET_OF[unit] ?? 0;
    } else {
      out[at++] = GSM7_ESCAPE;
      out[at++] = EXTENSION_SEPTET_OF[unit] ?? 0;
    }
  }
  return out;
}

/**
 * Decodes unpacked septets. Following TS 23.038 §6.2.1.1, an escape followed by a code the
 * extension table does not define shows the default-alphabet character of that code, and an
 * escape with nothing usable after it (end of text, or a second escape) shows as a space.
 */
export function decodeGsm7(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const septet = bytes[i] ?? 0;
    if (septet > 0x7f) throw new TextDecodeError('gsm7', `0x${septet.toString(16)} is not a septet`, i);
    if (septet !== GSM7_ESCAPE) {
      text += GSM7_DEFAULT_ALPHABET[septet];
      continue;
    }
    const code = bytes[i + 1];
    if (code === undefined || code === GSM7_ESCAPE) {
      text += ' ';
      i++;
      continue;
    }
    if (code > 0x7f) throw new TextDecodeError('gsm7', `0x${code.toString(16)} is not a septet`, i + 1);
    text += EXTENSION_CHAR_OF[code] || GSM7_DEFAULT_ALPHABET[code];
    i++;
  }
  return text;
}
