import type { ApiError } from '../api-error.js';
import type { ApiErrorBody } from '../schemas.js';
import { SerializedResponse } from './serialized-response.js';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;

/**
 * `body` as JSON. The text is kept as bytes (SerializedResponse): a reader sees an ordinary
 * Response, and the lean server writes the bytes as they are, without a Web stream.
 */
export function jsonResponse(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Response {
  const init = { status, headers: { ...JSON_HEADERS, ...headers } };
  const text = JSON.stringify(body) as string | undefined;
  // `undefined` (or a function) has no JSON: no body, as `new Response(undefined)` has none.
  return text === undefined ? new Response(null, init) : new SerializedResponse(text, init);
}

export function emptyResponse(status: number): Response {
  return new Response(null, { status, headers: { 'cache-control': 'no-store' } });
}

export function errorResponse(error: ApiError, requestId: string): Response {
  const body: ApiErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
      request_id: requestId,
    },
  };
  return jsonResponse(
    error.status,
    body,
    error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) },
  );
}
