/**
 * Golden vectors are written as annotated hex, one field per line. `hex` joins the pieces and
 * ignores spaces; `zeros(n)` spells n padding bytes so a 32-byte field stays readable.
 */
export function hex(...parts: string[]): Buffer {
  const text = parts.join('').replace(/\s+/g, '');
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) throw new Error(`bad hex literal: ${text}`);
  return Buffer.from(text, 'hex');
}

export function zeros(count: number): string {
  return '00'.repeat(count);
}
