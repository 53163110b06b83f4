import { isIP } from 'node:net';

/**
 * Where a request came from. A Web Request carries no socket, and Next.js fills X-Forwarded-For
 * from the socket only when the client did not send one, so the header is the client's word
 * unless a proxy we trust rewrote it. SMSHUB_TRUST_PROXY says how many proxies in front of the
 * portal append to it (1 = one nginx / load balancer); the client is then that many entries from
 * the right. Without it the address is unknown, and keys or orgs with an IP allow-list are refused.
 */
export type ClientAddressOf = (request: Request) => string | null;

export function trustedProxyHops(value: string | undefined): number {
  if (value === undefined || value === '' || value === '0' || value === 'false') return 0;
  if (value === 'true') return 1;
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) {
    throw new Error(
      `SMSHUB_TRUST_PROXY=${JSON.stringify(value)}: give the number of trusted proxies (0–10), or true for one`,
    );
  }
  return hops;
}

export function clientAddressFromForwardedFor(hops: number): ClientAddressOf {
  if (hops === 0) return () => null;
  return (request) => {
    const header = request.headers.get('x-forwarded-for');
    if (header === null) return null;
    const entries = header.split(',').map((entry) => entry.trim());
    const address = entries[entries.length - hops];
    return address !== undefined && isIP(address) !== 0 ? address : null;
  };
}
