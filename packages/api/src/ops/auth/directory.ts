import type { OrgDirectory } from '@smshub/db';
import { Client, InvalidCredentialsError } from 'ldapts';
import { ApiError } from '../../v1/api-error.js';

/** How long a directory may take to connect or answer before sign-in gives up. */
const DIRECTORY_TIMEOUT_MS = 5_000;

export interface DirectoryEntry {
  readonly dn: string;
  readonly uid: string;
  readonly name: string;
  readonly mail: string | null;
}

/** RFC 4515 §3: the characters a value in a search filter must escape. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function first(value: unknown): string | null {
  const item = Array.isArray(value) ? value[0] : value;
  if (typeof item === 'string') return item;
  if (Buffer.isBuffer(item)) return item.toString('utf8');
  return null;
}

/**
 * Finds `login` in the org's directory with its service account (or anonymously), then binds as
 * the entry found with `password`: the directory alone decides the password. Null for no such
 * entry, more than one, or a wrong password. An empty password is refused before any bind, since
 * LDAP treats a bind without one as an anonymous bind that "succeeds" (RFC 4513 §5.1.2).
 */
export async function findDirectoryUser(
  directory: Pick<OrgDirectory, 'url' | 'baseDn' | 'userFilter' | 'bindDn' | 'bindPassword'>,
  login: string,
  password: string,
): Promise<DirectoryEntry | null> {
  if (password.length === 0 || login.length === 0 || login.length > 200) return null;
  const options = { url: directory.url, timeout: DIRECTORY_TIMEOUT_MS, connectTimeout: DIRECTORY_TIMEOUT_MS };
  const service = new Client(options);
  let entry: DirectoryEntry | null = null;
  try {
    if (directory.bindDn !== null) await service.bind(directory.bindDn, directory.bindPassword ?? '');
    const { searchEntries } = await service.search(directory.baseDn, {
      scope: 'sub',
      filter: directory.userFilter.replaceAll('{uid}', escapeFilterValue(login)),
      attributes: ['uid', 'cn', 'displayName', 'mail'],
      sizeLimit: 2,
    });
    if (searchEntries.length !== 1) return null;
    const found = searchEntries[0] as (typeof searchEntries)[number];
    const uid = first(found['uid']) ?? login;
    entry = {
      dn: found.dn,
      uid,
      name: first(found['displayName']) ?? first(found['cn']) ?? uid,
      mail: first(found['mail']),
    };
  } catch (error) {
    throw unavailable(error);
  } finally {
    await service.unbind().catch(() => undefined);
  }

  const person = new Client(options);
  try {
    await person.bind(entry.dn, password);
    return entry;
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return null;
    throw unavailable(error);
  } finally {
    await person.unbind().catch(() => undefined);
  }
}

function unavailable(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new ApiError('directory_unavailable', `the organisation's directory did not answer: ${reason}`);
}
