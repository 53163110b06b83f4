import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Campaign,
  getCampaign,
  getMessage,
  listMessages,
  Message,
  MessageList,
  SendMessagesResponse,
  sendMessages,
} from '../src/index.js';
import { createApiFixture, errorOf, type ApiFixture } from './api-fixture.js';

/**
 * The org tree: platform → agency → shop, and agency's sibling rival. The agency sees its own
 * messages and the shop's; the shop only its own; the rival nothing of either.
 */
describe('reading messages and campaigns', () => {
  let fx: ApiFixture;
  const keys = {} as Record<'agency' | 'shop' | 'rival', string>;
  const sent = {} as Record<'agency' | 'shop' | 'rival', SendMessagesResponse>;

  beforeAll(async () => {
    fx = await createApiFixture();
    const agency = await fx.org();
    const shop = await fx.org({ parentId: agency.id });
    const rival = await fx.org();
    keys.agency = await fx.key(agency.id);
    keys.shop = await fx.key(shop.id);
    keys.rival = await fx.key(rival.id);
    for (const [who, to] of [
      ['agency', ['13800000001', '13800000002']],
      ['shop', ['13800000002', '13800000003', 'bad']],
      ['rival', ['13800000002']],
    ] as const) {
      const response = await fx.call(sendMessages, {
        path: '/api/v1/messages',
        key: keys[who],
        body: { business_type: 'notification', to, text: `from ${who}` },
      });
      sent[who] = SendMessagesResponse.parse(response.body);
    }
  });
  afterAll(() => fx?.close());

  const idsOf = (result: SendMessagesResponse) =>
    result.results.flatMap((r) => (r.status === 'accepted' ? [r.message_id] : []));

  describe('GET /api/v1/messages/{id}', () => {
    it('shows a message with its status, price and times', async () => {
      const [id] = idsOf(sent.shop);
      const response = await fx.call(getMessage, { path: `/api/v1/messages/${id}`, key: keys.shop });
      expect(response.status).toBe(200);
      const message = Message.parse(response.body);
      expect(message).toMatchObject({
        id,
        campaign_id: sent.shop.campaign_id,
        business_type: 'notification',
        to: '13800000002',
        carrier: 'CMCC',
        text: 'from shop',
        encoding: 'ucs2',
        segments: 1,
        price: '0.035',
        price_li: 35,
        status: 'accepted',
        submitted_at: null,
        final_at: null,
        delivery_attempts: [],
      });
    });

    it('shows every attempt: one a report of network trouble failed over, then the final one', async () => {
      // Its own org: the other tests count the shared messages by status.
      const owner = await fx.key((await fx.org()).id);
      const sentHere = SendMessagesResponse.parse(
        (
          await fx.call(sendMessages, {
            path: '/api/v1/messages',
            key: owner,
            body: { business_type: 'notification', to: ['13800000009'], text: 'failover' },
          })
        ).body,
      );
      const [id] = idsOf(sentHere);
      const [first, second] = [await fx.channel(), await fx.channel()];
      await fx.prisma.message.update({
        where: { id: BigInt(id ?? '0') },
        data: {
          status: 'delivered',
          attempts: 2,
          channelId: second!.id,
          submittedAt: new Date('2026-11-21T08:31:00.000Z'),
          finalAt: new Date('2026-11-21T08:31:04.000Z'),
        },
      });
      await fx.prisma.messageAttempt.create({
        data: {
          messageId: BigInt(id ?? '0'),
          attempt: 1,
          channelId: first!.id,
          status: 'undelivered',
          reportCode: 'MA:0054',
          fault: 'network',
          submittedAt: new Date('2026-11-21T08:30:00.000Z'),
          finalAt: new Date('2026-11-21T08:30:30.000Z'),
        },
      });
      const response = await fx.call(getMessage, { path: `/api/v1/messages/${id}`, key: owner });
      expect(Message.parse(response.body).delivery_attempts).toEqual([
        {
          attempt: 1,
          channel_id: String(first!.id),
          status: 'undelivered',
          error_code: 'UNDELIVERED',
          report_code: 'MA:0054',
          submitted_at: '2026-11-21T08:30:00.000Z',
          final_at: '2026-11-21T08:30:30.000Z',
        },
        {
          attempt: 2,
          channel_id: String(second!.id),
          status: 'delivered',
          error_code: null,
          report_code: null,
          submitted_at: '2026-11-21T08:31:00.000Z',
          final_at: '2026-11-21T08:31:04.000Z',
        },
      ]);
    });

    const visibility = [
      { viewer: 'agency', owner: 'shop', status: 200 },
      { viewer: 'shop', owner: 'shop', status: 200 },
      { viewer: 'shop', owner: 'agency', status: 404 },
      { viewer: 'rival', owner: 'shop', status: 404 },
      { viewer: 'rival', owner: 'agency', status: 404 },
    ] as const;
    it.each(visibility)('$viewer reading a message of $owner → $status', async ({ viewer, owner, status }) => {
      const [id] = idsOf(sent[owner]);
      const response = await fx.call(getMessage, { path: `/api/v1/messages/${id}`, key: keys[viewer] });
      expect(response.status).toBe(status);
      // Someone else's message reads exactly like one that does not exist.
      if (status === 404)
        expect(errorOf(response)).toMatchObject({ code: 'not_found', message: `message ${id} not found` });
    });

    it('404s a message that does not exist', async () => {
      expect(
        errorOf(await fx.call(getMessage, { path: '/api/v1/messages/9223372036854775807', key: keys.agency })).code,
      ).toBe('not_found');
    });
  });

  describe('GET /api/v1/messages', () => {
    const list = async (key: string, query = '') => {
      const response = await fx.call(listMessages, { path: `/api/v1/messages${query}`, key });
      expect(response.status).toBe(200);
      return MessageList.parse(response.body);
    };

    it('lists the org’s and its descendants’ messages, newest first', async () => {
      const agency = await list(keys.agency);
      expect(agency.data.map((m) => m.id)).toEqual([...idsOf(sent.shop).reverse(), ...idsOf(sent.agency).reverse()]);
      expect(agency.next_cursor).toBeNull();
      expect((await list(keys.shop)).data.map((m) => m.id)).toEqual(idsOf(sent.shop).reverse());
      expect((await list(keys.rival)).data.map((m) => m.id)).toEqual(idsOf(sent.rival));
    });

    it('pages with a cursor until it runs out', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: MessageList = await list(keys.agency, `?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`);
        seen.push(...page.data.map((m) => m.id));
        cursor = page.next_cursor;
        pages++;
      } while (cursor !== null);
      expect(pages).toBe(2);
      expect(seen).toEqual((await list(keys.agency)).data.map((m) => m.id));
    });

    it('filters by campaign, status and number in any spelling', async () => {
      expect((await list(keys.agency, `?campaign=${sent.shop.campaign_id}`)).data.map((m) => m.id)).toEqual(
        idsOf(sent.shop).reverse(),
      );
      expect((await list(keys.agency, `?campaign=${sent.rival.campaign_id}`)).data).toEqual([]);
      expect((await list(keys.agency, '?to=%2B86%20138-0000-0002')).data.map((m) => m.to)).toEqual([
        '13800000002',
        '13800000002',
      ]);
      expect((await list(keys.agency, '?status=accepted')).data).toHaveLength(4);
      expect((await list(keys.agency, '?status=delivered')).data).toHaveLength(0);
    });
  });

  describe('GET /api/v1/campaigns/{id}', () => {
    it('counts messages by status, every status present, and the rejected recipients', async () => {
      const [first] = idsOf(sent.shop);
      await fx.prisma.message.update({ where: { id: BigInt(first ?? '0') }, data: { status: 'delivered' } });
      const response = await fx.call(getCampaign, {
        path: `/api/v1/campaigns/${sent.shop.campaign_id}`,
        key: keys.agency,
      });
      expect(response.status).toBe(200);
      const campaign = Campaign.parse(response.body);
      expect(campaign).toMatchObject({
        id: sent.shop.campaign_id,
        kind: 'api',
        recipients: 3,
        rejected: 1,
        segments: 2,
        amount: '0.070',
        amount_li: 70,
      });
      expect(campaign.counts).toEqual({
        accepted: 1,
        queued: 0,
        submitting: 0,
        submitted: 0,
        delivered: 1,
        undelivered: 0,
        expired: 0,
        failed: 0,
        rejected: 0,
        canceled: 0,
      });
    });

    it('is 404 to orgs that may not see it', async () => {
      for (const key of [keys.rival, keys.shop]) {
        const response = await fx.call(getCampaign, { path: `/api/v1/campaigns/${sent.agency.campaign_id}`, key });
        expect(response.status).toBe(404);
        expect(errorOf(response).message).toBe(`campaign ${sent.agency.campaign_id} not found`);
      }
    });
  });
});
