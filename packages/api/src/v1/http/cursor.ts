import { ApiError } from '../api-error.js';

/**
 * Page cursors are opaque to callers (base64url) but carry only a position, never a filter: the
 * next page is asked for with the same filters plus the cursor. Anything that does not decode to
 * a position is a 400, not a silently empty page.
 */

export interface Position {
  readonly createdAt: Date;
  readonly id: bigint;
}

export function encodePositionCursor(position: Position): string {
  return Buffer.from(`${position.createdAt.getTime()}.${position.id}`, 'utf8').toString('base64url');
}

export function decodePositionCursor(cursor: string): Position {
  const [millis, id, extra] = decode(cursor).split('.');
  if (extra !== undefined || millis === undefined || id === undefined || !isDecimal(millis) || !isDecimal(id))
    throw invalid();
  // Nineteen digits reach far past the last instant a Date can hold (8.64e15 ms, year 275760):
  // such a time would only fail later, inside the query, as a 500.
  const createdAt = new Date(Number(millis));
  if (Number.isNaN(createdAt.getTime())) throw invalid();
  return { createdAt, id: BigInt(id) };
}

export function encodeIdCursor(id: bigint): string {
  return Buffer.from(String(id), 'utf8').toString('base64url');
}

export function decodeIdCursor(cursor: string): bigint {
  const id = decode(cursor);
  if (!isDecimal(id)) throw invalid();
  return BigInt(id);
}

function decode(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

function isDecimal(text: string): boolean {
  if (text.length === 0 || text.length > 19) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return BigInt(text) <= 9_223_372_036_854_775_807n;
}

function invalid(): ApiError {
  return new ApiError(
    'invalid_cursor',
    'cursor is not one this API gave out: pass next_cursor from the previous page unchanged',
  );
}
