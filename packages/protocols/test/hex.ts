/**
 * Hex written out in a test — golden vectors one field per piece, spaces and line breaks between
 * fields for reading — as bytes. Throws on an odd number of digits or a character that is not a
 * hex digit: `Buffer.from(text, 'hex')` silently stops at the first bad pair, so a typo in a
 * vector would shorten it and the test would check less than it says. Every protocol's tests use
 * this one.
 */
export function hex(...parts: string[]): Buffer {
  const text = parts.join('').replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(text)) {
    const at = text.search(/[^0-9a-fA-F]/);
    throw new Error(`bad hex literal: "${text[at]}" at digit ${at} of ${text}`);
  }
  if (text.length % 2 !== 0) throw new Error(`bad hex literal: odd number of digits (${text.length}) in ${text}`);
  return Buffer.from(text, 'hex');
}

/** `count` zero bytes as hex, so NUL padding and Reserve fields stay readable in a vector. */
export function zeros(count: number): string {
  return '00'.repeat(count);
}
