import { isIP } from 'node:net';

/**
 * Where a request came from. A Web Request carries no socket, and Next.js fills X-Forwarded-For
 * from the socket only when the client did not send one, so the header is the client's word
 * unless a proxy we trust rewrote it. SMSHUB_TRUST_PROXY says how many proxies in front of the
 * server append to it (1 = one nginx / load balancer); the client is then that many entries from
 * the right. Without it the address is unknown behind Next, and keys or orgs with an IP
 * allow-list are refused. A server that knows the socket (the lean API server, which records it
 * with `recordPeerAddress`) counts the peer as the last hop: with no trusted proxy the peer is the
 * client; with n, the entry n hops before it.
 */
export type ClientAddressOf = (request: Request) => string | null;

const peers = new WeakMap<Request, string>();

/** The address of the socket `request` came in on (`::ffff:`-mapped IPv4 as plain IPv4). */
export function recordPeerAddress(request: Request, address: string | undefined): void {
  if (address === undefined) return;
  peers.set(request, address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);
}

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
  return (request) => {
    const peer = peers.get(request);
    if (hops === 0) return peer ?? null;
    const header = request.headers.get('x-forwarded-for');
    const entries = header === null ? [] : header.split(',').map((entry) => entry.trim());
    if (peer !== undefined) entries.push(peer);
    else if (header === null) return null;
    const address = entries[entries.length - (peer === undefined ? hops : hops + 1)];
    return address !== undefined && isIP(address) !== 0 ? address : null;
  };
}
