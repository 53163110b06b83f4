import { describe, expect, it } from 'vitest';
import { assertPublicHost, isPublicAddress, PrivateAddressError, publicOnlyLookup } from '../src/index.js';

describe('isPublicAddress', () => {
  const cases: [address: string, isPublic: boolean][] = [
    ['8.8.8.8', true],
    ['1.1.1.1', true],
    ['203.0.114.1', true],
    ['172.32.0.1', true],
    ['100.128.0.1', true],
    ['0.0.0.0', false],
    ['10.1.2.3', false],
    ['100.64.0.1', false],
    ['127.0.0.1', false],
    ['127.255.255.254', false],
    ['169.254.169.254', false], // cloud metadata
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['192.168.1.1', false],
    ['192.0.2.10', false],
    ['198.18.0.1', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['2001:4860:4860::8888', true],
    ['::ffff:8.8.8.8', true],
    ['::', false],
    ['::1', false],
    ['::ffff:127.0.0.1', false], // IPv4-mapped loopback
    ['::ffff:7f00:1', false],
    ['::ffff:10.0.0.1', false],
    ['fd00::1', false],
    ['fc12:3456::1', false],
    ['fe80::1', false],
    ['ff02::1', false],
    ['2001:db8::1', false],
    // IPv6 forms that carry an IPv4 address are judged by it.
    ['::127.0.0.1', false], // IPv4-compatible
    ['::7f00:1', false],
    ['::10.0.0.1', false],
    ['::169.254.169.254', false],
    ['::8.8.8.8', true],
    ['64:ff9b::127.0.0.1', false], // NAT64 well-known prefix
    ['64:ff9b::a9fe:a9fe', false],
    ['64:ff9b::8.8.8.8', true],
    ['64:ff9b:1::8.8.8.8', false], // NAT64 local use
    ['2002:7f00:1::', false], // 6to4 of 127.0.0.1
    ['2002:c0a8:101::1', false], // 6to4 of 192.168.1.1
    ['2002:808:808::1', true], // 6to4 of 8.8.8.8
    ['::ffff:0:127.0.0.1', false], // IPv4-translated
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', false], // Teredo

    ['example.com', false], // not an IP at all
    ['', false],
  ];
  it.each(cases)('%s → public %s', (address, isPublic) => {
    expect(isPublicAddress(address)).toBe(isPublic);
  });
});

describe('assertPublicHost', () => {
  it.each(['127.0.0.1', '[::1]', '10.0.0.8', '[::ffff:192.168.0.1]'])('refuses the literal %s', (host) => {
    expect(() => assertPublicHost(host)).toThrow(PrivateAddressError);
  });
  it.each(['8.8.8.8', '[2001:4860:4860::8888]', 'hooks.example.com', 'localhost'])(
    'leaves %s to the connection (public, or a name)',
    (host) => {
      expect(() => assertPublicHost(host)).not.toThrow();
    },
  );
});

describe('publicOnlyLookup', () => {
  const lookup = (hostname: string, all: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) => {
      publicOnlyLookup(hostname, { all }, (error, address) => resolve({ error, address }));
    });

  it.each([false, true])('refuses a name that resolves to loopback (all: %s)', async (all) => {
    const { error } = await lookup('localhost', all);
    expect(error).toBeInstanceOf(PrivateAddressError);
    expect(error?.message).toMatch(
      /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback, private or reserved address$/,
    );
  });

  it('passes resolver errors through', async () => {
    const { error } = await lookup('no-such-host.invalid', false);
    expect(error?.code).toMatch(/^(ENOTFOUND|EAI_AGAIN)$/);
  });
});
