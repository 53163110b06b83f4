import { hashPassword as scryptHash } from '@smshub/db';
import { describe, expect, it } from 'vitest';
import { ApiError, hashPassword, requireAcceptablePassword, verifyPassword } from '../../src/index.js';

describe('console passwords', () => {
  it('hashes with argon2id at the current parameters, salted', async () => {
    const stored = await hashPassword('correct horse 1');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hashPassword('correct horse 1')).not.toBe(stored);
    expect(await verifyPassword('correct horse 1', stored)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword('correct horse 2', stored)).toEqual({ ok: false, needsRehash: false });
  });

  it('reads full-width letters as their ASCII forms (NFKC), like the scrypt hashes did', async () => {
    expect((await verifyPassword('pass密码1', await hashPassword('ｐａｓｓ密码1'))).ok).toBe(true);
  });

  it('still verifies scrypt hashes and asks for a rehash', async () => {
    const old = await scryptHash('old secret 9');
    expect(await verifyPassword('old secret 9', old)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword('old secret 8', old)).toEqual({ ok: false, needsRehash: false });
  });

  it('asks for a rehash of argon2 hashes of weaker parameters or another variant', async () => {
    const weaker = '$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$' + 'A'.repeat(43);
    expect((await verifyPassword('x', weaker)).ok).toBe(false);
    const { hash } = await import('@node-rs/argon2');
    const real = await hash('weak params 1', { memoryCost: 4096, timeCost: 1 });
    expect(await verifyPassword('weak params 1', real)).toEqual({ ok: true, needsRehash: true });
  });

  it.each(['', 'garbage', '$argon2id$broken', 'scrypt$1$2$3$$'])('refuses the unreadable hash %j', async (stored) => {
    expect(await verifyPassword('anything', stored)).toEqual({ ok: false, needsRehash: false });
  });

  it.each([
    ['short1', 'at least 8'],
    ['onlyletters', 'not only one kind'],
    ['1234567890', 'not only one kind'],
    [`a1${'x'.repeat(127)}`, 'at most 128'],
  ])('refuses the weak password %j', (password, words) => {
    try {
      requireAcceptablePassword(password);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('weak_password');
      expect((error as ApiError).message).toContain(words);
    }
  });

  it('accepts letters with digits, and letters with symbols', () => {
    expect(() => requireAcceptablePassword('abcdefg1')).not.toThrow();
    expect(() => requireAcceptablePassword('密码密码密码!!')).not.toThrow();
  });
});
