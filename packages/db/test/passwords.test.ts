import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../src/passwords.js';

describe('passwords', () => {
  it('are stored as scrypt$N$r$p$salt$key and verify', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const parts = stored.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(parts[4] ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(parts[5] ?? '', 'base64')).toHaveLength(64);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
  });

  it('salt each hash, so equal passwords hash differently', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('treat compatibility-equal Unicode the same (NFKC)', async () => {
    const stored = await hashPassword('ｐａｓｓ密码'); // full-width Latin letters
    expect(await verifyPassword('pass密码', stored)).toBe(true);
  });

  const rejected: { name: string; password: string; stored: () => Promise<string> }[] = [
    { name: 'a wrong password', password: 'wrong', stored: () => hashPassword('right') },
    { name: 'a hash of another scheme', password: 'x', stored: async () => '$2b$10$abcdefghijklmnopqrstuv' },
    { name: 'a truncated hash', password: 'x', stored: async () => 'scrypt$16384$8$1$c2FsdA==' },
    { name: 'parameters scrypt refuses', password: 'x', stored: async () => 'scrypt$1000$8$1$c2FsdA==$a2V5' },
    { name: 'non-numeric parameters', password: 'x', stored: async () => 'scrypt$N$8$1$c2FsdA==$a2V5' },
    { name: 'an empty string', password: 'x', stored: async () => '' },
  ];
  it.each(rejected)('reject $name', async ({ password, stored }) => {
    expect(await verifyPassword(password, await stored())).toBe(false);
  });
});
