import { describe, expect, it } from 'vitest';
import { formatLi, messagePrice } from '../src/index.js';

describe('pricing', () => {
  it('charges segments times the price', () => {
    expect(messagePrice(3, 35n)).toBe(105n);
    expect(messagePrice(0, 35n)).toBe(0n);
    expect(() => messagePrice(1.5, 35n)).toThrow(RangeError);
  });

  it.each([
    [35n, '0.035'],
    [1000n, '1.000'],
    [123456n, '123.456'],
    [-35n, '-0.035'],
  ])('formats %s li as %s yuan', (li, text) => {
    expect(formatLi(li)).toBe(text);
  });
});
