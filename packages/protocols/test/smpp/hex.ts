/** Hex written out in a test, with spaces between fields for reading; never produced by the encoder. */
export function hex(...parts: string[]): Buffer {
  const text = parts.join('').replace(/\s+/g, '');
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) throw new Error(`bad hex literal: ${text}`);
  return Buffer.from(text, 'hex');
}
