import { sharedApiDeps } from '@smshub/api';
import type { SessionClient } from '@smshub/api';

type HeaderBag = Headers | Readonly<Record<string, string | string[] | undefined>>;

function header(headers: HeaderBag, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/**
 * The caller's address (by the same X-Forwarded-For rule as the REST API, SMSHUB_TRUST_PROXY) and
 * browser, for sign-in limits, sessions and the audit log.
 */
export function clientOfHeaders(headers: HeaderBag): SessionClient {
  const forwarded = new Headers();
  const xff = header(headers, 'x-forwarded-for');
  if (xff !== null) forwarded.set('x-forwarded-for', xff);
  const request = new Request('http://console.invalid/', { headers: forwarded });
  return { address: sharedApiDeps().clientAddress(request), userAgent: header(headers, 'user-agent') };
}
