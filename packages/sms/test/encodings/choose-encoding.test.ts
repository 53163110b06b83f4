import { describe, expect, it } from 'vitest';
import { chooseEncoding, EncodingError, type TextEncoding } from '@smshub/sms';
import { thrown } from '../thrown.js';

describe('chooseEncoding', () => {
  it.each<[string, string, TextEncoding[] | undefined, TextEncoding]>([
    ['plain Latin', 'Your code is 123456', undefined, 'gsm7'],
    ['GSM accents and extension', 'Café {€5}', undefined, 'gsm7'],
    ['a character outside GSM', 'façade', undefined, 'ucs2'],
    ['Chinese', '您的验证码是123456', undefined, 'ucs2'],
    ['emoji', 'ok 👍', undefined, 'ucs2'],
    ['Chinese, only gbk allowed', '您的验证码', ['gbk'], 'gbk'],
    ['tie: the earlier allowed wins', 'hello', ['ucs2', 'gsm7'], 'ucs2'],
    ['tie, ascii first', 'hello', ['ascii', 'gsm7'], 'ascii'],
    ['gsm7 fits 100 chars in one, ucs2 needs two', 'a'.repeat(100), ['ucs2', 'gsm7'], 'gsm7'],
    ['gsm7 fits 150 in one, ascii needs two', 'x'.repeat(150), ['ascii', 'gsm7'], 'gsm7'],
    ['Chinese tie ucs2/gbk: 70 units vs 140 bytes', '中'.repeat(70), ['ucs2', 'gbk'], 'ucs2'],
    // ucs2: 135 units → 3 parts of 67; gbk: 130 + 10 = 140 bytes → 1 segment.
    ['mostly ASCII with some Chinese', 'a'.repeat(130) + '中文短信息', ['ucs2', 'gbk'], 'gbk'],
    ['binary is never chosen for text', 'hi', ['binary', 'latin1'], 'latin1'],
  ])('%s → %s', (_name, text, allowed, expected) => {
    expect(chooseEncoding(text, allowed)).toBe(expected);
  });

  it('names the character that no allowed encoding has', () => {
    const error = thrown(() => chooseEncoding('ab中c', ['gsm7', 'ascii']));
    expect(error).toBeInstanceOf(EncodingError);
    expect(error).toMatchObject({ position: 2, char: '中' });
  });

  it('reports the character that stopped the encoding that got furthest', () => {
    // ascii stops at é (1), gsm7 at ç (2).
    expect(thrown(() => chooseEncoding('aéç', ['ascii', 'gsm7']))).toMatchObject({ position: 2, char: 'ç' });
  });

  it('refuses when no text encoding is allowed', () => {
    expect(thrown(() => chooseEncoding('hi', ['binary']))).toBeInstanceOf(EncodingError);
    expect(thrown(() => chooseEncoding('hi', []))).toBeInstanceOf(EncodingError);
  });
});
