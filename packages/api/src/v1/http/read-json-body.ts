import { ApiError } from '../api-error.js';
import { directBody } from './direct-body.js';

/** Largest body accepted: 10,000 recipients with their own texts fit well within it. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * The JSON body of a request, refused before parsing when it cannot be one we accept: wrong
 * Content-Type (415), a declared length over the limit (413, without reading a byte), more bytes
 * than the limit as they arrive (413, reading stops there), not UTF-8 or not JSON (400).
 */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const contentType = request.headers.get('content-type');
  const mediaType = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    await discardBody(request);
    throw new ApiError(
      'unsupported_media_type',
      contentType === null
        ? 'no Content-Type: send the body as application/json'
        : `Content-Type ${JSON.stringify(contentType)} is not application/json`,
    );
  }

  const bytes = await readRawBody(request, limit);
  if (bytes.length === 0) throw new ApiError('invalid_json', 'the body is empty: expected a JSON object');

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError('invalid_json', 'the body is not valid UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(
      'invalid_json',
      `the body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The body's exact bytes, at most `limit` of them: a declared length over it is refused (413)
 * without reading a byte, and reading stops at the first byte past it. For bodies that must be
 * seen as sent (a signed webhook) as well as for JSON.
 */
export async function readRawBody(request: Request, limit: number): Promise<Buffer> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) {
    await discardBody(request);
    throw tooLarge(limit, `Content-Length is ${declared}`);
  }
  return readAtMost(request, limit);
}

async function readAtMost(request: Request, limit: number): Promise<Buffer> {
  // The lean server's request: straight off the socket into a Buffer, no Web stream.
  const direct = directBody(request);
  if (direct !== null) {
    const bytes = await direct.readAtMost(limit);
    if (bytes === null) throw tooLarge(limit, `the body exceeds it`);
    return bytes;
  }
  if (request.body === null) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit, `the body exceeds it`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** A refused body is not read further; cancelling lets the server drop it. */
export async function discardBody(request: Request): Promise<void> {
  const direct = directBody(request);
  if (direct !== null) direct.discard();
  else if (request.body !== null && !request.bodyUsed) await request.body.cancel().catch(() => undefined);
}

function tooLarge(limit: number, why: string): ApiError {
  return new ApiError(
    'payload_too_large',
    `a request body may have at most ${limit} bytes (${limit / 1024 / 1024} MiB); ${why}`,
    { limit_bytes: limit },
  );
}
