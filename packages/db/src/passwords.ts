import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * The seeds' password scheme: `scrypt$<N>$<r>$<p>$<salt base64>$<key base64>`. The parameters
 * travel with each hash, so they can be raised later without invalidating old ones. Console
 * sign-up, password changes and resets write argon2id instead (packages/api/src/ops/auth/
 * passwords.ts, where @node-rs/argon2 is a dependency), which verifies these too and rehashes them
 * to argon2id at the user's next successful sign-in.
 */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 64;

function derive(password: string, salt: Buffer, options: ScryptOptions, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N, r: R, p: P }, KEY_LENGTH);
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** False for a wrong password and for a hash this code cannot read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (
    scheme !== 'scrypt' ||
    n === undefined ||
    r === undefined ||
    p === undefined ||
    salt === undefined ||
    key === undefined
  ) {
    return false;
  }
  const expected = Buffer.from(key, 'base64');
  const options = { N: Number(n), r: Number(r), p: Number(p) };
  if (
    !Number.isInteger(options.N) ||
    !Number.isInteger(options.r) ||
    !Number.isInteger(options.p) ||
    expected.length === 0
  ) {
    return false;
  }
  let actual: Buffer;
  try {
    actual = await derive(password, Buffer.from(salt, 'base64'), options, expected.length);
  } catch {
    return false; // parameters scrypt rejects (N not a power of two …): not a hash of ours
  }
  return timingSafeEqual(actual, expected);
}
