import { formatApiKey, parseApiKey } from '@smshub/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  clientAddressFromForwardedFor,
  contract,
  createAlarmContact,
  createWebhook,
  deleteAlarmContact,
  deleteWebhook,
  getBalance,
  getCampaign,
  getMessage,
  IpAllowList,
  listAlarmContacts,
  listAlarms,
  listChannels,
  listLedgerEndpoint,
  listMessages,
  listWebhookDeliveries,
  listWebhooks,
  PLATFORM_SCOPES,
  quoteMessagesEndpoint,
  sendMessages,
  trustedProxyHops,
  type ApiHandler,
  type OperationId,
  type Scope,
} from '../src/index.js';
import { createApiFixture, errorOf, type ApiFixture } from './api-fixture.js';

/** Every authenticated route, with a request that would succeed (or 404) for a valid key. */
const authenticated: Record<
  // The Stripe webhook has no key: its signature is its authentication (stripe-webhook.test.ts).
  Exclude<OperationId, 'getOpenApiDocument' | 'stripeWebhook'>,
  { handler: ApiHandler; path: string; method: string; body?: unknown }
> = {
  sendMessages: {
    handler: sendMessages,
    method: 'POST',
    path: '/api/v1/messages',
    body: { business_type: 'notification', to: ['13800138000'], text: 'hi' },
  },
  quoteMessages: {
    handler: quoteMessagesEndpoint,
    method: 'POST',
    path: '/api/v1/messages/quote',
    body: { business_type: 'notification', to: ['13800138000'], text: 'hi' },
  },
  listMessages: { handler: listMessages, method: 'GET', path: '/api/v1/messages' },
  getMessage: { handler: getMessage, method: 'GET', path: '/api/v1/messages/1' },
  getCampaign: { handler: getCampaign, method: 'GET', path: '/api/v1/campaigns/1' },
  createWebhook: {
    handler: createWebhook,
    method: 'POST',
    path: '/api/v1/webhooks',
    body: { url: 'https://example.com/hook' },
  },
  listWebhooks: { handler: listWebhooks, method: 'GET', path: '/api/v1/webhooks' },
  deleteWebhook: { handler: deleteWebhook, method: 'DELETE', path: '/api/v1/webhooks/1' },
  listWebhookDeliveries: { handler: listWebhookDeliveries, method: 'GET', path: '/api/v1/webhooks/1/deliveries' },
  getBalance: { handler: getBalance, method: 'GET', path: '/api/v1/balance' },
  listLedger: { handler: listLedgerEndpoint, method: 'GET', path: '/api/v1/ledger' },
  listAlarms: { handler: listAlarms, method: 'GET', path: '/api/v1/alarms' },
  listAlarmContacts: { handler: listAlarmContacts, method: 'GET', path: '/api/v1/alarm-contacts' },
  createAlarmContact: {
    handler: createAlarmContact,
    method: 'POST',
    path: '/api/v1/alarm-contacts',
    body: { name: 'on call', phone: '13800138000' },
  },
  deleteAlarmContact: { handler: deleteAlarmContact, method: 'DELETE', path: '/api/v1/alarm-contacts/1' },
  listChannels: { handler: listChannels, method: 'GET', path: '/api/v1/channels' },
};

/** The routes only the platform org's keys may reach. */
const operatorRoutes = Object.entries(authenticated).filter(([operation]) => {
  const scope: Scope | null = contract[operation as OperationId].scope;
  return scope !== null && PLATFORM_SCOPES.has(scope);
});

describe('authentication', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await createApiFixture();
  });
  afterAll(() => fx?.close());
  beforeEach(() => {
    fx.clockOffsetMs = 0;
  });

  const list = (key: string | undefined, options: { ip?: string; headers?: Record<string, string> } = {}) =>
    fx.call(listMessages, { path: '/api/v1/messages', ...(key === undefined ? {} : { key }), ...options });

  it.each(Object.entries(authenticated))(
    '%s refuses a call without a key (401) and stores nothing',
    async (operation, route) => {
      const response = await fx.call(route.handler, {
        method: route.method,
        path: route.path,
        ...(route.body === undefined ? {} : { body: route.body }),
      });
      expect(response.status).toBe(401);
      expect(errorOf(response).code).toBe('unauthorized');
      expect(contract[operation as OperationId].scope).not.toBeNull();
      expect(await fx.prisma.campaign.count()).toBe(0);
      expect(await fx.prisma.webhookEndpoint.count()).toBe(0);
      expect(await fx.prisma.alarmContact.count()).toBe(0);
    },
  );

  it('covers every authenticated route of the contract', () => {
    const routes = Object.values(contract).filter((route) => route.scope !== null);
    expect(Object.keys(authenticated).sort()).toEqual(routes.map((route) => route.operationId).sort());
  });

  describe('the key', () => {
    let good: string;
    beforeAll(async () => {
      good = await fx.key((await fx.org()).id);
    });

    const parts = () => parseApiKey(good) ?? { prefix: '', secret: '' };
    const cases: { name: string; header: () => string; code: string; message: RegExp }[] = [
      { name: 'another scheme', header: () => `Basic ${good}`, code: 'unauthorized', message: /Bearer/ },
      { name: 'Bearer with nothing', header: () => 'Bearer', code: 'unauthorized', message: /Bearer/ },
      { name: 'not a key', header: () => 'Bearer hunter2', code: 'invalid_api_key', message: /sk_/ },
      {
        name: 'a wrong secret',
        header: () => `Bearer ${formatApiKey(parts().prefix, 'x'.repeat(32))}`,
        code: 'invalid_api_key',
        message: /not recognised/,
      },
      {
        name: 'an unknown prefix',
        header: () => `Bearer ${formatApiKey('ZZZZZZZZ', parts().secret)}`,
        code: 'invalid_api_key',
        message: /not recognised/,
      },
    ];
    it.each(cases)('$name → 401 $code', async ({ header, code, message }) => {
      const response = await list(undefined, { headers: { authorization: header() } });
      expect(response.status).toBe(401);
      expect(errorOf(response).code).toBe(code);
      expect(errorOf(response).message).toMatch(message);
    });

    it('accepts the scheme name in any case', async () => {
      expect((await list(undefined, { headers: { authorization: `bearer ${good}` } })).status).toBe(200);
    });

    it('refuses a revoked key, an expired key; takes one that expires later', async () => {
      const org = await fx.org();
      const revoked = await fx.key(org.id, { revokedAt: new Date(Date.now() - 1000) });
      const expired = await fx.key(org.id, { expiresAt: new Date(Date.now() - 1000) });
      const later = await fx.key(org.id, { expiresAt: new Date(Date.now() + 86_400_000) });
      expect(errorOf(await list(revoked))).toMatchObject({ code: 'api_key_revoked' });
      expect(errorOf(await list(expired))).toMatchObject({ code: 'api_key_expired' });
      expect((await list(later)).status).toBe(200);
    });

    it('serves key lookups from a few seconds of cache: a revocation takes effect within 5 s', async () => {
      const org = await fx.org();
      const key = await fx.key(org.id);
      expect((await list(key)).status).toBe(200);
      await fx.prisma.apiKey.update({
        where: { prefix: parseApiKey(key)?.prefix ?? '' },
        data: { revokedAt: new Date() },
      });
      expect((await list(key)).status).toBe(200);
      fx.clockOffsetMs = 5_001;
      expect(errorOf(await list(key)).code).toBe('api_key_revoked');
    });

    it('writes last_used_at at most once a minute per key', async () => {
      const org = await fx.org();
      const key = await fx.key(org.id);
      const prefix = parseApiKey(key)?.prefix ?? '';
      const touches = () => fx.statements.filter((sql) => sql.includes('UPDATE api_keys SET last_used_at')).length;
      fx.statements.length = 0;
      await list(key);
      const first = (await fx.prisma.apiKey.findUniqueOrThrow({ where: { prefix } })).lastUsedAt;
      expect(first).not.toBeNull();
      for (let i = 0; i < 5; i++) await list(key);
      expect(touches()).toBe(1);

      // A minute later (by the process clock and in the database) it is written again.
      await fx.prisma.apiKey.update({ where: { prefix }, data: { lastUsedAt: new Date(Date.now() - 120_000) } });
      fx.clockOffsetMs = 61_000;
      await list(key);
      expect(touches()).toBe(2);
      const second = (await fx.prisma.apiKey.findUniqueOrThrow({ where: { prefix } })).lastUsedAt;
      expect(second?.getTime()).toBeGreaterThan(Date.now() - 10_000);
    });
  });

  describe('IP allow-list', () => {
    const cases = [
      { name: 'key list, address inside', org: [], key: ['203.0.113.0/24'], ip: '203.0.113.9', allowed: true },
      { name: 'key list, address outside', org: [], key: ['203.0.113.0/24'], ip: '198.51.100.1', allowed: false },
      { name: 'org list when the key has none', org: ['198.51.100.7'], key: [], ip: '198.51.100.7', allowed: true },
      { name: 'org list, address outside', org: ['198.51.100.7'], key: [], ip: '198.51.100.8', allowed: false },
      {
        name: 'the key list replaces the org list',
        org: ['198.51.100.7'],
        key: ['203.0.113.5'],
        ip: '198.51.100.7',
        allowed: false,
      },
      { name: 'IPv6 network', org: [], key: ['2001:db8::/32'], ip: '2001:db8::42', allowed: true },
      { name: 'IPv4-mapped IPv6 address', org: [], key: ['10.0.0.0/8'], ip: '::ffff:10.1.2.3', allowed: true },
      { name: 'no lists: anyone', org: [], key: [], ip: '192.0.2.200', allowed: true },
    ];
    it.each(cases)('$name → $allowed', async ({ org, key, ip, allowed }) => {
      const owner = await fx.org({ ipAllowList: org });
      const full = await fx.key(owner.id, { ipAllowList: key });
      const response = await list(full, { ip });
      if (allowed) expect(response.status).toBe(200);
      else expect(errorOf(response)).toMatchObject({ code: 'ip_not_allowed', details: { address: ip } });
      if (!allowed) expect(response.status).toBe(403);
    });

    it('uses the address the trusted proxy saw, not one the client wrote in front of it', async () => {
      const owner = await fx.org();
      const key = await fx.key(owner.id, { ipAllowList: ['203.0.113.9'] });
      expect((await list(key, { headers: { 'x-forwarded-for': '203.0.113.9, 198.51.100.66' } })).status).toBe(403);
      expect((await list(key, { headers: { 'x-forwarded-for': '198.51.100.66, 203.0.113.9' } })).status).toBe(200);
    });

    it('refuses listed keys when the address cannot be known (no trusted proxy)', async () => {
      const owner = await fx.org();
      const restricted = await fx.key(owner.id, { ipAllowList: ['203.0.113.9'] });
      const open = await fx.key(owner.id);
      const deps = { ...fx.deps, clientAddress: clientAddressFromForwardedFor(0) };
      const call = (key: string) =>
        listMessages(
          new Request('http://smshub.test/api/v1/messages', {
            headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': '203.0.113.9' },
          }),
          deps,
        );
      const refused = await call(restricted);
      expect(refused.status).toBe(403);
      expect(errorOf({ status: 403, headers: refused.headers, body: await refused.json() }).message).toMatch(
        /SMSHUB_TRUST_PROXY/,
      );
      expect((await call(open)).status).toBe(200);
    });

    it('matches addresses and networks as PostgreSQL inet writes them', () => {
      const list = IpAllowList.from(['10.0.0.0/8', '192.0.2.1', '2001:db8::/32', 'not-an-address']);
      const table: [string | null, boolean][] = [
        ['10.255.0.1', true],
        ['11.0.0.1', false],
        ['192.0.2.1', true],
        ['192.0.2.2', false],
        ['2001:db8:1::1', true],
        ['2001:db9::1', false],
        ['nonsense', false],
        [null, false],
      ];
      for (const [address, allowed] of table) expect([address, list?.allows(address)]).toEqual([address, allowed]);
      expect(IpAllowList.from([])).toBeNull();
    });

    it('reads SMSHUB_TRUST_PROXY', () => {
      expect([undefined, '', '0', 'false', 'true', '1', '2'].map(trustedProxyHops)).toEqual([0, 0, 0, 0, 1, 1, 2]);
      expect(() => trustedProxyHops('yes')).toThrow(/SMSHUB_TRUST_PROXY="yes"/);
      const two = clientAddressFromForwardedFor(2);
      const request = (xff: string) => new Request('http://x/', { headers: { 'x-forwarded-for': xff } });
      expect(two(request('1.1.1.1, 2.2.2.2, 3.3.3.3'))).toBe('2.2.2.2');
      expect(two(request('3.3.3.3'))).toBeNull();
      expect(two(request('junk, 3.3.3.3'))).toBeNull();
    });
  });

  describe('scopes and org status', () => {
    it('lets a key do only what its scopes allow; no scopes means everything', async () => {
      const org = await fx.org();
      const reader = await fx.key(org.id, { scopes: ['messages:read'] });
      const sender = await fx.key(org.id, { scopes: ['messages:send'] });
      const everything = await fx.key(org.id);
      const send = (key: string) =>
        fx.call(sendMessages, { path: '/api/v1/messages', key, body: authenticated.sendMessages.body });
      expect(errorOf(await send(reader))).toMatchObject({
        code: 'insufficient_scope',
        details: { required: 'messages:send' },
      });
      expect((await send(sender)).status).toBe(201);
      expect(errorOf(await list(sender)).code).toBe('insufficient_scope');
      expect((await list(reader)).status).toBe(200);
      expect((await send(everything)).status).toBe(201);
      expect(errorOf(await fx.call(listWebhooks, { path: '/api/v1/webhooks', key: reader })).code).toBe(
        'insufficient_scope',
      );
    });

    it('lets a suspended org read but not send; a closed org nothing', async () => {
      const suspended = await fx.org({ status: 'suspended' });
      const closed = await fx.org({ status: 'closed' });
      const suspendedKey = await fx.key(suspended.id);
      const closedKey = await fx.key(closed.id);
      const send = await fx.call(sendMessages, {
        path: '/api/v1/messages',
        key: suspendedKey,
        body: authenticated.sendMessages.body,
      });
      expect(send.status).toBe(403);
      expect(errorOf(send).code).toBe('org_suspended');
      expect((await list(suspendedKey)).status).toBe(200);
      expect(errorOf(await list(closedKey)).code).toBe('org_closed');
      expect(await fx.prisma.campaign.count({ where: { orgId: suspended.id } })).toBe(0);
    });
  });

  describe('operator routes', () => {
    it('are exactly the operations routes', () => {
      expect(operatorRoutes.map(([operation]) => operation).sort()).toEqual(
        ['createAlarmContact', 'deleteAlarmContact', 'listAlarmContacts', 'listAlarms', 'listChannels'].sort(),
      );
    });

    // Whatever the key may otherwise do or not do, to another org these routes do not exist.
    const outsiders: { name: string; key: (fx: ApiFixture) => Promise<string> }[] = [
      { name: 'an enterprise key with no scopes', key: async (fx) => fx.key((await fx.org()).id) },
      {
        name: 'an enterprise key granted operations',
        key: async (fx) => fx.key((await fx.org()).id, { scopes: ['operations'] }),
      },
      {
        name: 'an enterprise key lacking operations',
        key: async (fx) => fx.key((await fx.org()).id, { scopes: ['messages:read'] }),
      },
      {
        name: 'an enterprise key from a refused address',
        key: async (fx) => fx.key((await fx.org()).id, { ipAllowList: ['192.0.2.1'] }),
      },
      { name: 'a suspended enterprise’s key', key: async (fx) => fx.key((await fx.org({ status: 'suspended' })).id) },
      {
        name: 'a province’s key, right below the platform',
        key: async (fx) =>
          fx.key(
            (await fx.prisma.org.create({ data: { parentId: fx.platform.id, kind: 'province', name: 'province' } })).id,
          ),
      },
    ];
    describe.each(outsiders)('$name', ({ key: makeKey }) => {
      let key: string;
      beforeAll(async () => {
        key = await makeKey(fx);
        await fx.prisma.alarmContact.upsert({
          where: { id: 1n },
          create: { id: 1n, name: 'kept', phone: '13900139000' },
          update: {},
        });
      });

      it.each(operatorRoutes)('gets 404 from %s and changes nothing', async (_operation, route) => {
        const response = await fx.call(route.handler, {
          method: route.method,
          path: route.path,
          key,
          ...(route.body === undefined ? {} : { body: route.body }),
        });
        expect(response.status).toBe(404);
        expect(errorOf(response)).toMatchObject({
          code: 'not_found',
          message: `route ${route.method} ${route.path} not found`,
        });
        expect(errorOf(response).details).toBeUndefined();
        expect((await fx.prisma.alarmContact.findMany()).map((contact) => contact.phone)).toEqual(['13900139000']);
      });
    });

    it('answer the platform org’s keys: without scopes, or with operations; not with other scopes', async () => {
      const open = await fx.key(fx.platform.id);
      const operator = await fx.key(fx.platform.id, { scopes: ['operations'] });
      const reader = await fx.key(fx.platform.id, { scopes: ['messages:read', 'webhooks:manage'] });
      for (const [, route] of operatorRoutes.filter(([, route]) => route.method === 'GET')) {
        expect((await fx.call(route.handler, { path: route.path, key: open })).status).toBe(200);
        expect((await fx.call(route.handler, { path: route.path, key: operator })).status).toBe(200);
        const refused = await fx.call(route.handler, { path: route.path, key: reader });
        expect(refused.status).toBe(403);
        expect(errorOf(refused)).toMatchObject({ code: 'insufficient_scope', details: { required: 'operations' } });
      }
    });

    it('refuse a platform key from an address its allow-list does not hold', async () => {
      const restricted = await fx.key(fx.platform.id, { ipAllowList: ['203.0.113.0/24'] });
      expect((await fx.call(listAlarms, { path: '/api/v1/alarms', key: restricted, ip: '203.0.113.4' })).status).toBe(
        200,
      );
      expect(
        errorOf(await fx.call(listAlarms, { path: '/api/v1/alarms', key: restricted, ip: '198.51.100.4' })).code,
      ).toBe('ip_not_allowed');
    });
  });
});
