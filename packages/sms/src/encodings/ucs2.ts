import { EncodingError, TextDecodeError } from '../errors.js';

/**
 * "UCS2" as carriers use it is UTF-16BE without a BOM: characters outside the BMP (emoji) travel
 * as surrogate pairs and handsets put them back together. An unpaired surrogate is not a
 * character, so it is refused rather than sent as garbage.
 */

/** Index of the first unpaired surrogate, or -1. */
export function firstUnpairedSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    if (unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

export function encodeUcs2(text: string): Buffer {
  const bad = firstUnpairedSurrogate(text);
  if (bad >= 0) {
    const hex = text.charCodeAt(bad).toString(16).toUpperCase();
    throw new EncodingError('ucs2', `unpaired surrogate U+${hex} at position ${bad}`, bad, text.charAt(bad));
  }
  return Buffer.from(text, 'utf16le').swap16();
}

/** Surrogates are passed through as they came: a peer's broken pair is still its text. */
export function decodeUcs2(bytes: Uint8Array): string {
  if (bytes.length % 2 !== 0) {
    throw new TextDecodeError('ucs2', `odd length ${bytes.length}: UCS2 has two bytes per character`, bytes.length - 1);
  }
  return Buffer.from(bytes).swap16().toString('utf16le');
}
