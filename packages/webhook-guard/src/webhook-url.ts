import { isIP } from 'node:net';
import { isPublicAddress } from './address-guard.js';

/**
 * Which URLs smshub POSTs webhooks to. The same check refuses a URL when it is registered and
 * again before each delivery, so an endpoint is never accepted that delivery would then refuse
 * (and a row written some other way is still held to it). What only DNS can tell — a name that
 * resolves to a private address — is refused when connecting, by `publicOnlyLookup`: a name
 * checked at registration can point elsewhere by the time of delivery.
 */

/** webhook_endpoints.url, and the API's limit. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

export interface WebhookUrlPolicy {
  /** Loopback, private and reserved targets too (demo, tests): SMSHUB_WEBHOOKS_ALLOW_PRIVATE=1. */
  readonly allowPrivate: boolean;
}

export type WebhookUrlCheck =
  { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly reason: string };

/** Names that are loopback by definition (RFC 6761), whatever a resolver says. */
const LOOPBACK_NAME = /(^|\.)localhost\.?$/i;

export function checkWebhookUrl(text: string, policy: WebhookUrlPolicy): WebhookUrlCheck {
  if (text.length > MAX_WEBHOOK_URL_LENGTH) return refused(`is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`);
  // The URL parser drops tabs and newlines anywhere and control characters at the ends, so what
  // is stored would not be what is connected to (https://exa\nmple.com is example.com).
  const control = [...text].findIndex((char) => isControl(char.codePointAt(0) as number));
  if (control >= 0) return refused(`has a control character at position ${control}`);
  if (text.trim() !== text || text.includes(' ')) return refused('contains spaces');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refused('is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refused('must be http:// or https://');
  // A password in the URL would be stored, shown in listings and sent in the clear on http.
  if (url.username !== '' || url.password !== '') return refused('must not carry a user name or password');
  if (policy.allowPrivate) return { ok: true, url };
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (LOOPBACK_NAME.test(host)) return refused(`names ${host}, a loopback host`);
  if (isIP(host) !== 0 && !isPublicAddress(host))
    return refused(`names ${host}, a loopback, private or reserved address`);
  return { ok: true, url };
}

/** C0 controls, DEL and C1 controls. */
function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

function refused(why: string): WebhookUrlCheck {
  return { ok: false, reason: `webhook URL ${why}` };
}
