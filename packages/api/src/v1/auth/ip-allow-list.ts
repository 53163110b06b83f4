import { BlockList, isIP } from 'node:net';

/**
 * Addresses and networks allowed to call the API, as orgs.ip_allow_list / api_keys.ip_allow_list
 * hold them (PostgreSQL inet text: `203.0.113.7`, `10.0.0.0/8`, `2001:db8::/32`). Node's BlockList
 * does the matching, IPv4-mapped IPv6 addresses included.
 */
export class IpAllowList {
  private constructor(
    readonly entries: readonly string[],
    private readonly list: BlockList,
  ) {}

  /** null for an empty list (no restriction at this level). */
  static from(entries: readonly string[]): IpAllowList | null {
    if (entries.length === 0) return null;
    const list = new BlockList();
    for (const entry of entries) {
      const [address = '', bits] = entry.split('/');
      const family = isIP(address);
      // inet guarantees the form; anything else is skipped, which only ever narrows the list.
      if (family === 0) continue;
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(bits), type);
    }
    return new IpAllowList(entries, list);
  }

  allows(address: string | null): boolean {
    if (address === null) return false;
    const family = isIP(address);
    if (family === 0) return false;
    return this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}
