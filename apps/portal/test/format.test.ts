import { describe, expect, it } from 'vitest';
import { formatYuan, yuanToLi } from '../src/console/format';

describe('money in the console', () => {
  it('turns yuan typed with li precision into li, and back', () => {
    expect(yuanToLi(5000)).toBe('5000000');
    expect(yuanToLi(0.035)).toBe('35');
    // 1.005 is 1.00499999… as a double: the conversion rounds to the li the person typed.
    expect(yuanToLi(1.005)).toBe('1005');
    expect(formatYuan(yuanToLi(12.345))).toBe('¥12.345');
  });
});
