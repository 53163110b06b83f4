import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The smshub-signature header, Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256>`, where the
 * HMAC key is the endpoint's secret (its UTF-8 bytes, as shown in the portal) and the signed text
 * is `<t>.<raw request body>`. The timestamp is signed too, so a captured request cannot be
 * replayed later than the receiver's tolerance. Depends on node:crypto only, so customers may copy
 * it as it is; the portal's webhook docs point here.
 */

export const SIGNATURE_HEADER = 'smshub-signature';
/** Five minutes either way, as Stripe does: enough for clock skew, short for a replay. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

const SIGNATURE_SCHEME = 'v1';
const HMAC_SHA256_HEX_LENGTH = 64;

/** The header value for a body sent at `timestampSeconds`. */
export function signWebhookBody(secret: string, rawBody: string | Uint8Array, timestampSeconds: number): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError(`signWebhookBody: timestamp ${timestampSeconds} is not whole non-negative seconds`);
  }
  return `t=${timestampSeconds},${SIGNATURE_SCHEME}=${hmacHex(secret, timestampSeconds, rawBody)}`;
}

export type WebhookSignatureCheck =
  | { readonly valid: true; readonly timestampSeconds: number }
  | {
      readonly valid: false;
      readonly reason: 'malformed-header' | 'timestamp-outside-tolerance' | 'signature-mismatch';
    };

export interface VerifyWebhookSignatureOptions {
  /** How far the signed time may be from now, either way. Default 300. */
  readonly toleranceSeconds?: number;
  /** Default: the current time. */
  readonly now?: Date;
}

/**
 * Checks a received request. `rawBody` must be the bytes as received, before any JSON parsing:
 * re-serialising a parsed body changes it. Several v1 entries may be present (one per secret
 * while a secret is being rolled); any one that matches is enough. Unknown schemes are ignored.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  rawBody: string | Uint8Array,
  options: VerifyWebhookSignatureOptions = {},
): WebhookSignatureCheck {
  const parsed = header === null || header === undefined ? null : parseSignatureHeader(header);
  if (parsed === null) return { valid: false, reason: 'malformed-header' };

  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - parsed.timestampSeconds) > toleranceSeconds) {
    return { valid: false, reason: 'timestamp-outside-tolerance' };
  }

  const expected = Buffer.from(hmacHex(secret, parsed.timestampSeconds, rawBody), 'utf8');
  let matched = false;
  for (const candidate of parsed.signatures) {
    const presented = Buffer.from(candidate, 'utf8');
    // Every candidate is compared, so timing does not tell which one matched.
    if (presented.length === expected.length && timingSafeEqual(presented, expected)) matched = true;
  }
  return matched
    ? { valid: true, timestampSeconds: parsed.timestampSeconds }
    : { valid: false, reason: 'signature-mismatch' };
}

function hmacHex(secret: string, timestampSeconds: number, rawBody: string | Uint8Array): string {
  const hmac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  hmac.update(`${timestampSeconds}.`, 'utf8');
  if (typeof rawBody === 'string') hmac.update(rawBody, 'utf8');
  else hmac.update(rawBody);
  return hmac.digest('hex');
}

/** `t=<digits>` exactly once and at least one `v1=<64 hex>`; null for anything else. */
function parseSignatureHeader(header: string): { timestampSeconds: number; signatures: string[] } | null {
  let timestampSeconds: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const item = part.trim();
    const equals = item.indexOf('=');
    if (equals <= 0) return null;
    const key = item.slice(0, equals);
    const value = item.slice(equals + 1);
    if (key === 't') {
      if (timestampSeconds !== null || !isDigits(value) || value.length > 15) return null;
      timestampSeconds = Number(value);
    } else if (key === SIGNATURE_SCHEME) {
      if (value.length !== HMAC_SHA256_HEX_LENGTH || !isLowerHex(value)) return null;
      signatures.push(value);
    }
  }
  return timestampSeconds === null || signatures.length === 0 ? null : { timestampSeconds, signatures };
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

function isLowerHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66))) return false;
  }
  return true;
}
