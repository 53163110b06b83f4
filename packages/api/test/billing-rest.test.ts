import type { Org } from '@smshub/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Balance,
  getBalance,
  LedgerList,
  listLedgerEndpoint,
  manualRecharge,
  QuoteMessagesResponse,
  permissionsOfRole,
  quoteMessagesEndpoint,
  transferToOrg,
  type Principal,
} from '../src/index.js';
import { createApiFixture, errorOf, type ApiFixture } from './api-fixture.js';

/**
 * GET /api/v1/balance and /api/v1/ledger for integrators (scope billing:read). The tree:
 * platform → agency → shop, and the agency's sibling rival under the platform. The agency reads
 * its own and the shop's; the shop only its own; the rival neither.
 */
describe('billing REST reads', () => {
  let fx: ApiFixture;
  let agency: Org;
  let shop: Org;
  let rival: Org;
  const keys = {} as Record<'agency' | 'shop' | 'rival' | 'sendOnly' | 'all', string>;

  const principalOf = async (org: Org): Promise<Principal> => {
    const user = await fx.prisma.user.create({
      data: { orgId: org.id, email: `rest-${org.id}@example.cn`, name: 'admin', role: 'admin', passwordHash: 'x' },
    });
    const row = await fx.prisma.org.findUniqueOrThrow({ where: { id: org.id } });
    return {
      orgId: row.id,
      orgPath: row.path,
      orgKind: row.kind,
      extensionCode: row.extensionCode,
      actor: { kind: 'user', userId: user.id, role: 'admin', sessionId: 'rest-test' },
      permissions: permissionsOfRole('admin', row.kind),
      address: null,
    };
  };

  beforeAll(async () => {
    fx = await createApiFixture();
    agency = await fx.org({ balance: 0n });
    shop = await fx.org({ parentId: agency.id, balance: 0n });
    rival = await fx.org({ balance: 0n });
    keys.agency = await fx.key(agency.id, { scopes: ['billing:read'] });
    keys.shop = await fx.key(shop.id, { scopes: ['billing:read'] });
    keys.rival = await fx.key(rival.id, { scopes: ['billing:read'] });
    keys.sendOnly = await fx.key(agency.id, { scopes: ['messages:send'] });
    keys.all = await fx.key(agency.id);
    const platform = await principalOf(fx.platform);
    await manualRecharge(fx.deps, platform, { orgId: agency.id, amountLi: 120_500n, receiptNumber: 'R-1' });
    await transferToOrg(fx.deps, await principalOf(agency), { toOrgId: shop.id, amountLi: 20_000n, note: 'shop' });
    await fx.prisma.org.update({ where: { id: agency.id }, data: { lowBalanceThreshold: 10_000n } });
  });
  afterAll(() => fx?.close());

  const balance = (key: string, query = '') =>
    fx.call(getBalance, { method: 'GET', path: `/api/v1/balance${query}`, key });
  const ledger = (key: string, query = '') =>
    fx.call(listLedgerEndpoint, { method: 'GET', path: `/api/v1/ledger${query}`, key });

  describe('GET /api/v1/balance', () => {
    it('shows what the key’s org may spend, in yuan and li', async () => {
      const response = await balance(keys.agency);
      expect(response.status).toBe(200);
      expect(Balance.parse(response.body)).toMatchObject({
        org_id: String(agency.id),
        billing_mode: 'prepaid',
        balance: '100.500',
        balance_li: 100_500,
        spendable: '100.500',
        spendable_li: 100_500,
        reserved_li: 0,
        status: 'active',
        frozen_at: null,
        low_balance_threshold: '10.000',
        low_balance_threshold_li: 10_000,
        pack_segments_left: 0,
      });
      expect((await balance(keys.all)).status).toBe(200);
    });

    it('reads an org below; an org beside, above or elsewhere is 404', async () => {
      const below = await balance(keys.agency, `?org_id=${shop.id}`);
      expect(Balance.parse(below.body)).toMatchObject({ org_id: String(shop.id), balance_li: 20_000 });
      for (const [key, org] of [
        [keys.shop, agency],
        [keys.rival, agency],
        [keys.rival, shop],
        [keys.agency, rival],
      ] as const) {
        const response = await balance(key, `?org_id=${org.id}`);
        expect(response.status).toBe(404);
        expect(errorOf(response).code).toBe('not_found');
      }
    });

    it('needs the billing:read scope; refuses unknown parameters', async () => {
      const response = await balance(keys.sendOnly);
      expect(response.status).toBe(403);
      expect(errorOf(response)).toMatchObject({ code: 'insufficient_scope' });
      expect((await balance(keys.agency, '?org_id=abc')).status).toBe(400);
      expect(errorOf(await balance(keys.agency, '?colour=red')).code).toBe('validation_error');
    });
  });

  describe('GET /api/v1/ledger', () => {
    it('pages the ledger newest first with the totals of the filter', async () => {
      const response = await ledger(keys.agency, '?page_size=1');
      expect(response.status).toBe(200);
      const body = LedgerList.parse(response.body);
      expect(body).toMatchObject({ page: 1, page_size: 1, total: 2 });
      expect(body.data[0]).toMatchObject({
        kind: 'transfer_out',
        amount: '-20.000',
        amount_li: -20_000,
        balance_after: '100.500',
        counterparty_org_id: String(shop.id),
        note: 'shop',
      });
      expect(body.totals).toEqual({
        credits: '120.500',
        credits_li: 120_500,
        debits: '-20.000',
        debits_li: -20_000,
        net: '100.500',
        net_li: 100_500,
      });
      const second = LedgerList.parse((await ledger(keys.agency, '?page_size=1&page=2')).body);
      expect(second.data.map((e) => [e.kind, e.receipt_number])).toEqual([['recharge', 'R-1']]);
    });

    it('filters by kind, time and business type', async () => {
      const recharges = LedgerList.parse((await ledger(keys.agency, '?kind=recharge,adjustment')).body);
      expect(recharges.data.map((e) => e.kind)).toEqual(['recharge']);
      const future = LedgerList.parse((await ledger(keys.agency, '?from=2100-01-01T00:00:00Z')).body);
      expect(future.total).toBe(0);
      const past = LedgerList.parse((await ledger(keys.agency, '?to=2000-01-01T00:00:00%2B08:00')).body);
      expect(past.total).toBe(0);
      const typed = LedgerList.parse((await ledger(keys.agency, '?business_type=notification')).body);
      expect(typed.total).toBe(0);
    });

    it('refuses bad filters with 400', async () => {
      for (const query of ['?kind=gift', '?page_size=101', '?page=0', '?from=yesterday', '?limit=5']) {
        const response = await ledger(keys.agency, query);
        expect(response.status, query).toBe(400);
        expect(errorOf(response).code, query).toBe('validation_error');
      }
      const unknown = await ledger(keys.agency, '?business_type=nope');
      expect(unknown.status).toBe(400);
      expect(errorOf(unknown).code).toBe('unknown_business_type');
    });

    it('reads an org below; never beside, above or elsewhere; needs billing:read', async () => {
      const below = LedgerList.parse((await ledger(keys.agency, `?org_id=${shop.id}`)).body);
      expect(below.data.map((e) => [e.kind, e.counterparty_org_id])).toEqual([['transfer_in', String(agency.id)]]);
      expect(LedgerList.parse((await ledger(keys.shop)).body).total).toBe(1);
      for (const [key, org] of [
        [keys.shop, agency],
        [keys.rival, shop],
        [keys.agency, rival],
      ] as const) {
        expect((await ledger(key, `?org_id=${org.id}`)).status).toBe(404);
      }
      expect(errorOf(await ledger(keys.sendOnly)).code).toBe('insufficient_scope');
    });
  });

  describe('POST /api/v1/messages/quote', () => {
    const quote = (key: string, body: unknown) =>
      fx.call(quoteMessagesEndpoint, { method: 'POST', path: '/api/v1/messages/quote', key, body });

    it('prices a send without storing or charging anything', async () => {
      const before = await Promise.all([fx.prisma.message.count(), fx.prisma.ledgerEntry.count(), balance(keys.all)]);
      const response = await quote(keys.all, {
        business_type: 'notification',
        to: ['13800138000', '13900139000', 'nonsense'],
        text: 'quote me',
      });
      expect(response.status).toBe(200);
      const body = QuoteMessagesResponse.parse(response.body);
      expect(body).toMatchObject({
        business_type: 'notification',
        accepted: 2,
        rejected: 1,
        segments: 2,
        affordable: true,
      });
      expect(body.amount_li).toBe(body.results.reduce((sum, r) => sum + (r.status === 'accepted' ? r.price_li : 0), 0));
      expect(body.amount_li).toBeGreaterThan(0);
      expect(body.spendable_li).toBe(100_500);
      const after = await Promise.all([fx.prisma.message.count(), fx.prisma.ledgerEntry.count(), balance(keys.all)]);
      expect(after[0]).toBe(before[0]);
      expect(after[1]).toBe(before[1]);
      expect(after[2].body).toEqual(before[2].body);
    });

    it('refuses what a send would: a bad body, every recipient rejected, a key without messages:send', async () => {
      expect(errorOf(await quote(keys.all, { to: ['13800138000'] })).code).toBe('validation_error');
      const rejected = await quote(keys.all, { business_type: 'notification', to: ['nonsense'], text: 'x' });
      expect(rejected.status).toBe(422);
      const scoped = await quote(keys.agency, { business_type: 'notification', to: ['13800138000'], text: 'x' });
      expect(scoped.status).toBe(403);
      expect(errorOf(scoped).code).toBe('insufficient_scope');
    });
  });
});
