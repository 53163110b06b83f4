import { describe, expect, it } from 'vitest';
import { hex, zeros } from './hex.js';

describe('hex() for test vectors', () => {
  it('joins pieces and ignores spaces and line breaks', () => {
    expect(hex('0000 0010', '\n  8000000', '1 ', zeros(2))).toEqual(Buffer.from('00000010800000010000', 'hex'));
    expect(hex()).toEqual(Buffer.alloc(0));
  });

  it.each([
    ['an odd number of digits', '0a0', /odd number of digits/],
    ['a non-hex character', '0g', /"g" at digit 1/],
    ['a stray separator', '00-01', /"-" at digit 2/],
  ])('throws on %s, where Buffer.from would silently cut the vector short', (_name, text, message) => {
    expect(Buffer.from(text.replace(/\s+/g, ''), 'hex').length).toBeLessThan(Math.ceil(text.length / 2));
    expect(() => hex(text)).toThrow(message);
  });
});
