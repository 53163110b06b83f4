import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  API_KEY_PREFIX_LENGTH,
  API_KEY_SECRET_LENGTH,
  formatApiKey,
  generateApiKey,
  hashApiKeySecret,
  parseApiKey,
  verifyApiKeySecret,
} from '../src/api-keys.js';

const BASE62 = /^[0-9A-Za-z]+$/;

describe('API keys', () => {
  it('are sk_<8 base62>_<32 base62>, with the hash of the secret alongside', () => {
    const key = generateApiKey();
    expect(key.prefix).toHaveLength(API_KEY_PREFIX_LENGTH);
    expect(key.secret).toHaveLength(API_KEY_SECRET_LENGTH);
    expect(key.prefix).toMatch(BASE62);
    expect(key.secret).toMatch(BASE62);
    expect(key.full).toBe(`sk_${key.prefix}_${key.secret}`);
    expect(key.hash).toBe(hashApiKeySecret(key.secret));
    expect(key.hash).not.toContain(key.secret);
  });

  it('differ every time', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey().full));
    expect(keys.size).toBe(200);
  });

  it('use every base62 character (no character of the alphabet is unreachable)', () => {
    const seen = new Set(Array.from({ length: 300 }, () => generateApiKey().secret).join(''));
    expect(seen.size).toBe(62);
  });

  it('hash the secret with SHA-256 as lower-case hex', () => {
    // FIPS 180-2 appendix B.1 test vector: SHA-256("abc").
    expect(hashApiKeySecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  const parseCases: { name: string; input: string; parsed: { prefix: string; secret: string } | null }[] = [
    {
      name: 'a well-formed key',
      input: 'sk_AbCd1234_0123456789abcdefghijABCDEFGHIJkl',
      parsed: { prefix: 'AbCd1234', secret: '0123456789abcdefghijABCDEFGHIJkl' },
    },
    { name: 'a key without sk_', input: 'pk_AbCd1234_0123456789abcdefghijABCDEFGHIJkl', parsed: null },
    { name: 'a short prefix', input: 'sk_AbCd123_0123456789abcdefghijABCDEFGHIJklm', parsed: null },
    { name: 'a short secret', input: 'sk_AbCd1234_0123456789abcdefghijABCDEFGHIJk', parsed: null },
    { name: 'a long secret', input: 'sk_AbCd1234_0123456789abcdefghijABCDEFGHIJklm', parsed: null },
    { name: 'a missing separator', input: 'sk_AbCd1234-0123456789abcdefghijABCDEFGHIJkl', parsed: null },
    { name: 'a non-base62 character', input: 'sk_AbCd12+4_0123456789abcdefghijABCDEFGHIJkl', parsed: null },
    { name: 'a non-ASCII character', input: 'sk_AbCd1234_0123456789abcdefghijABCDEFGHIJk短', parsed: null },
    { name: 'an empty string', input: '', parsed: null },
  ];
  it.each(parseCases)('parse $name', ({ input, parsed }) => {
    expect(parseApiKey(input)).toEqual(parsed);
  });

  it('parse what they format, for any prefix and secret of the right shape', () => {
    const base62 = (length: number) =>
      fc.string({
        unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'),
        minLength: length,
        maxLength: length,
      });
    fc.assert(
      fc.property(base62(API_KEY_PREFIX_LENGTH), base62(API_KEY_SECRET_LENGTH), (prefix, secret) => {
        expect(parseApiKey(formatApiKey(prefix, secret))).toEqual({ prefix, secret });
      }),
    );
  });

  it('never parse arbitrary text into a key of the wrong shape', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const parsed = parseApiKey(text);
        if (parsed !== null) {
          expect(parsed.prefix).toMatch(BASE62);
          expect(parsed.prefix).toHaveLength(API_KEY_PREFIX_LENGTH);
          expect(parsed.secret).toHaveLength(API_KEY_SECRET_LENGTH);
        }
      }),
    );
  });

  it('verify the right secret only', () => {
    const key = generateApiKey();
    expect(verifyApiKeySecret(key.secret, key.hash)).toBe(true);
    expect(verifyApiKeySecret(generateApiKey().secret, key.hash)).toBe(false);
    expect(verifyApiKeySecret(key.secret, key.hash.toUpperCase())).toBe(false);
    expect(verifyApiKeySecret(key.secret, '')).toBe(false);
  });
});
