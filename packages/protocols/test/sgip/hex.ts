/** Builds a frame from hex fragments written out field by field; spaces are ignored. */
export function hex(...parts: string[]): Buffer {
  return Buffer.from(parts.join('').split(' ').join(''), 'hex');
}

/** A run of `count` zero bytes, as hex (NUL padding and Reserve fields). */
export function z(count: number): string {
  return '00'.repeat(count);
}
