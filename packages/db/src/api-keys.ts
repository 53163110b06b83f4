import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `sk_<prefix>_<secret>`: 8 and 32 base62 characters. The prefix finds the
 * row (api_keys.prefix, unique); only the SHA-256 of the secret is stored, so the full key is
 * shown once, when it is made, and never again. The secret carries 190 random bits, so a plain
 * hash is enough: there is nothing to guess that a slow hash would protect.
 */
export const API_KEY_PREFIX_LENGTH = 8;
export const API_KEY_SECRET_LENGTH = 32;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export interface GeneratedApiKey {
  readonly prefix: string;
  readonly secret: string;
  /** What the customer is given: `sk_<prefix>_<secret>`. */
  readonly full: string;
  /** What is stored: hashApiKeySecret(secret). */
  readonly hash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBase62(API_KEY_PREFIX_LENGTH);
  const secret = randomBase62(API_KEY_SECRET_LENGTH);
  return { prefix, secret, full: formatApiKey(prefix, secret), hash: hashApiKeySecret(secret) };
}

export function formatApiKey(prefix: string, secret: string): string {
  return `sk_${prefix}_${secret}`;
}

/** Lower-case hex SHA-256 of the secret part. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Splits a presented key; null when it is not of the form `sk_<8 base62>_<32 base62>`. */
export function parseApiKey(full: string): { prefix: string; secret: string } | null {
  const prefixStart = 3;
  const secretStart = prefixStart + API_KEY_PREFIX_LENGTH + 1;
  if (full.length !== secretStart + API_KEY_SECRET_LENGTH) return null;
  if (!full.startsWith('sk_') || full[secretStart - 1] !== '_') return null;
  const prefix = full.slice(prefixStart, secretStart - 1);
  const secret = full.slice(secretStart);
  return isBase62(prefix) && isBase62(secret) ? { prefix, secret } : null;
}

/** Compares in constant time, so response timing says nothing about the stored hash. */
export function verifyApiKeySecret(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKeySecret(secret), 'utf8');
  const stored = Buffer.from(storedHash, 'utf8');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

function isBase62(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!BASE62.includes(text.charAt(i))) return false;
  return text.length > 0;
}

/** Uniform base62: bytes of 248 and above are dropped, since 248 = 4 × 62 and 256 is not a multiple. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62.charAt(byte % 62);
    }
  }
  return out;
}
