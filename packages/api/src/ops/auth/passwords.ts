import { hash, verify } from '@node-rs/argon2';
import { verifyPassword as verifyScrypt } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';

/**
 * How console passwords are kept: argon2id in its PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`),
 * with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane) — about 30 ms here, and the memory
 * is what makes a GPU farm expensive. Hashes written before argon2id (packages/db's scrypt, still
 * what the seeds write, since @smshub/db has no argon2 dependency) keep verifying, and the caller is
 * told to rehash them at the next successful sign-in (`needsRehash`).
 */
const MEMORY_KIB = 19_456;
const PASSES = 2;
const LANES = 1;
const CURRENT_PARAMETERS = `m=${MEMORY_KIB},t=${PASSES},p=${LANES}`;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

/** NFKC, as packages/db's scrypt does: a full-width "ｐａｓｓ" typed on a Chinese keyboard is "pass". */
function normalize(password: string): string {
  return password.normalize('NFKC');
}

export async function hashPassword(password: string): Promise<string> {
  // @node-rs/argon2's default algorithm is argon2id (its const enum cannot be named under isolatedModules).
  return hash(normalize(password), { memoryCost: MEMORY_KIB, timeCost: PASSES, parallelism: LANES });
}

export interface PasswordVerdict {
  readonly ok: boolean;
  /** The password was right but its hash is of an older scheme or weaker parameters. */
  readonly needsRehash: boolean;
}

/** A wrong password and a hash this code cannot read are both simply "not ok". */
export async function verifyPassword(password: string, stored: string): Promise<PasswordVerdict> {
  if (stored.startsWith('$argon2')) {
    let ok: boolean;
    try {
      ok = await verify(stored, normalize(password));
    } catch {
      ok = false;
    }
    return { ok, needsRehash: ok && !(stored.startsWith('$argon2id$') && stored.includes(`$${CURRENT_PARAMETERS}$`)) };
  }
  const ok = await verifyScrypt(password, stored);
  return { ok, needsRehash: ok };
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends what verifying a real hash would, for sign-ins naming nobody: an unknown login then takes
 * as long as a wrong password, so timing does not tell which logins exist.
 */
export async function verifyNobody(password: string): Promise<void> {
  dummyHash ??= hashPassword('smshub: nobody signs in with this');
  await verify(await dummyHash, normalize(password)).catch(() => false);
}

/**
 * Refuses passwords too short or too long (argon2 takes any length, but a megabyte "password" is
 * a way to spend our CPU), and ones of a single kind of character (only digits, only letters).
 */
export function requireAcceptablePassword(password: string, field = 'password'): void {
  const length = [...normalize(password)].length;
  let problem: string | null = null;
  if (length < MIN_PASSWORD_LENGTH) problem = `at least ${MIN_PASSWORD_LENGTH} characters`;
  else if (length > MAX_PASSWORD_LENGTH) problem = `at most ${MAX_PASSWORD_LENGTH} characters`;
  else {
    const kinds = [/\p{L}/u, /\p{N}/u, /[^\p{L}\p{N}]/u].filter((kind) => kind.test(password)).length;
    if (kinds < 2) problem = 'letters and digits (or symbols) together, not only one kind';
  }
  if (problem !== null) {
    throw new ApiError('weak_password', `the ${field} needs ${problem}`, {
      field,
      min_length: MIN_PASSWORD_LENGTH,
      max_length: MAX_PASSWORD_LENGTH,
    });
  }
}
