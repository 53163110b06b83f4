import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError } from '../../v1/api-error.js';

/** The largest licence accepted: a phone photo or a scanned page fits easily. */
export const MAX_LICENCE_BYTES = 5 * 1024 * 1024;

export const LICENCE_TYPES = ['image/png', 'image/jpeg', 'application/pdf'] as const;
export type LicenceType = (typeof LICENCE_TYPES)[number];

const EXTENSIONS: Readonly<Record<LicenceType, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/pdf': 'pdf',
};

/**
 * Where uploads are kept: SMSHUB_UPLOAD_DIR, or `.data/uploads` at the repository's root (this
 * file is five levels below it in src/ and in dist/ alike).
 */
export function uploadDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['SMSHUB_UPLOAD_DIR'];
  if (configured !== undefined && configured !== '') return path.resolve(configured);
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..', '.data', 'uploads');
}

/** What the bytes are, by their first bytes (the declared type and the file name are the client's word). */
export function sniffLicenceType(bytes: Uint8Array): LicenceType | null {
  const starts = (...prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  return null;
}

export interface LicenceUpload {
  /** The type the browser declared. */
  readonly type: string;
  /** The file's bytes, base64 (standard alphabet, padded). */
  readonly data: string;
}

export interface CheckedLicence {
  readonly bytes: Buffer;
  readonly type: LicenceType;
  readonly sha256: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes and checks an uploaded licence: strict base64, not empty, at most MAX_LICENCE_BYTES,
 * and bytes that are what the declared type says and one of the accepted types.
 */
export function checkLicence(upload: LicenceUpload): CheckedLicence {
  if (upload.data.length > Math.ceil(MAX_LICENCE_BYTES / 3) * 4 + 4) throw tooLarge();
  if (upload.data.length % 4 !== 0 || !BASE64.test(upload.data)) {
    throw new ApiError('validation_error', 'licence: the file is not valid base64', {
      part: 'body',
      issues: [{ path: 'licence.data', code: 'invalid_base64', message: 'not base64' }],
      issue_count: 1,
    });
  }
  const bytes = Buffer.from(upload.data, 'base64');
  if (bytes.length === 0) {
    throw new ApiError('validation_error', 'licence: the file is empty', {
      part: 'body',
      issues: [{ path: 'licence.data', code: 'too_small', message: 'empty file' }],
      issue_count: 1,
    });
  }
  if (bytes.length > MAX_LICENCE_BYTES) throw tooLarge();
  const sniffed = sniffLicenceType(bytes);
  if (sniffed === null) {
    throw new ApiError('unsupported_media_type', 'licence: upload a PNG or JPEG image or a PDF', {
      accepted: LICENCE_TYPES,
      declared: upload.type,
    });
  }
  if (sniffed !== upload.type) {
    throw new ApiError('unsupported_media_type', `licence: the file says ${upload.type} but is ${sniffed}`, {
      accepted: LICENCE_TYPES,
      declared: upload.type,
      actual: sniffed,
    });
  }
  return { bytes, type: sniffed, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function tooLarge(): ApiError {
  return new ApiError('payload_too_large', `licence: at most ${MAX_LICENCE_BYTES / 1024 / 1024} MiB`, {
    max_bytes: MAX_LICENCE_BYTES,
  });
}

/**
 * Stores the licence under a name of our choosing (`licences/<32 hex>.<ext>`; the client's file
 * name is never used, so no path, no overwrite, no guessing), never replacing a file. Returns
 * the path relative to the upload directory, as org_identities.licence_path keeps it.
 */
export async function storeLicence(directory: string, licence: CheckedLicence): Promise<string> {
  const relative = path.posix.join('licences', `${randomBytes(16).toString('hex')}.${EXTENSIONS[licence.type]}`);
  await mkdir(path.join(directory, 'licences'), { recursive: true, mode: 0o750 });
  await writeFile(path.join(directory, relative), licence.bytes, { flag: 'wx', mode: 0o640 });
  return relative;
}

export async function removeLicence(directory: string, relative: string): Promise<void> {
  await rm(resolveInside(directory, relative), { force: true });
}

export async function readLicenceFile(directory: string, relative: string): Promise<Buffer> {
  return readFile(resolveInside(directory, relative));
}

/** A stored path is ours, but it is still checked to stay inside the directory. */
function resolveInside(directory: string, relative: string): string {
  const root = path.resolve(directory);
  const resolved = path.resolve(root, relative);
  if (!resolved.startsWith(root + path.sep)) throw new Error(`licence path ${relative} leaves the upload directory`);
  return resolved;
}
