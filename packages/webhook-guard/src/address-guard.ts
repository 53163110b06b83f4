import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * SSRF guard: a customer's webhook URL must not make smshub POST into its own network (the
 * database, Redis, a cloud metadata service at 169.254.169.254, an admin port on localhost).
 * Checked on the addresses a connection actually uses — inside the socket's DNS lookup — so a
 * name that resolves to a public address when checked and a private one when connecting (DNS
 * rebinding) gains nothing. IPv6 addresses that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d,
 * IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address
 * too: a NAT64 gateway or 6to4 relay would carry the request on to it.
 */

const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routable inside some networks)
  ['ff00::', 8], // multicast
  ['64:ff9b:1::', 48], // NAT64 for local use (RFC 8215): translates into the operator's own networks
  ['2001::', 32], // Teredo: the IPv4 address inside is obfuscated, so it cannot be judged
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

export class PrivateAddressError extends Error {
  readonly code = 'ESMSHUB_PRIVATE_ADDRESS';

  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      host === address
        ? `refused: ${address} is a loopback, private or reserved address`
        : `refused: ${host} resolves to ${address}, a loopback, private or reserved address`,
    );
    this.name = 'PrivateAddressError';
  }
}

/** True for an IP literal on the public internet; false for the ranges above and for non-IPs. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 4) return !NON_PUBLIC.check(address, 'ipv4');
  if (NON_PUBLIC.check(address, 'ipv6')) return false;
  const embedded = embeddedIPv4(address);
  return embedded === null || !NON_PUBLIC.check(embedded, 'ipv4');
}

/** The IPv4 address an IPv6 address carries in one of the forms above, or null. */
function embeddedIPv4(address: string): string | null {
  let bytes: number[];
  try {
    bytes = ipaddr.IPv6.parse(address).toByteArray();
  } catch {
    return null;
  }
  const at = (offset: number) => bytes.slice(offset, offset + 4).join('.');
  const zero = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return at(12); // ::ffff:a.b.c.d
  if (zero(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zero(10, 12)) return at(12); // ::ffff:0:a.b.c.d (SIIT)
  if (zero(0, 12)) return at(12); // ::a.b.c.d (:: and ::1 are refused above)
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zero(4, 12)) return at(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return at(2); // 2002:aabb:ccdd::/48
  return null;
}

/** Throws PrivateAddressError for a URL host that is a non-public IP literal (brackets allowed). */
export function assertPublicHost(hostname: string): void {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (isIP(bare) !== 0 && !isPublicAddress(bare)) throw new PrivateAddressError(bare, bare);
}

/**
 * A socket `lookup` that resolves every address of the name and refuses the connection when any
 * of them is not public (one private record is enough to suspect the name).
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error !== null) {
      callback(error, '', 0);
      return;
    }
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused !== undefined) {
      callback(new PrivateAddressError(hostname, refused.address), '', 0);
      return;
    }
    if (options.all === true) {
      callback(null, addresses);
      return;
    }
    const first = addresses[0];
    if (first === undefined) {
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      return;
    }
    callback(null, first.address, first.family);
  });
};
