import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuoteMessagesResponse, quoteMessages, SendMessagesResponse, sendMessages } from '../src/index.js';
import { createApiFixture, errorOf, type ApiFixture } from './api-fixture.js';
import { reload, userPrincipal } from './ops/principals.js';

/**
 * Prices and plans as an integrator sees them (decision 0186): the price of each recipient's
 * carrier down the org tree in the answer, what packs and plans take off it, and the quote that
 * says the same before sending while storing nothing.
 */
describe('billing at intake, through the API', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await createApiFixture();
  });
  afterAll(() => fx?.close());

  const send = (key: string, body: unknown) => fx.call(sendMessages, { path: '/api/v1/messages', key, body });
  const notification = () => fx.businessTypes.get('notification')?.id ?? 0n;
  const body = {
    business_type: 'notification',
    // CMCC, CUCC, CTCC
    to: ['13800138000', '13000130000', '18900189000'],
    text: '【测试】您的包裹已到驿站。',
  };
  const pricesOf = (results: SendMessagesResponse['results'] | QuoteMessagesResponse['results']) =>
    results.map((r) => (r.status === 'accepted' ? [r.carrier, r.price_li] : r.status));

  it('answers and charges each carrier’s price down the tree: the parent’s, the child’s own, a carrier row over *', async () => {
    const parent = await fx.org({ balance: 0n });
    const child = await fx.org({ parentId: parent.id, balance: 1_000n });
    await fx.prisma.orgPrice.createMany({
      data: [
        { orgId: parent.id, businessTypeId: notification(), carrierCode: '*', pricePerSegment: 30n },
        { orgId: parent.id, businessTypeId: notification(), carrierCode: 'CTCC', pricePerSegment: 26n },
        { orgId: child.id, businessTypeId: notification(), carrierCode: 'CUCC', pricePerSegment: 22n },
      ],
    });
    const response = await send(await fx.key(child.id), body);
    expect(response.status).toBe(201);
    const answer = SendMessagesResponse.parse(response.body);
    expect(pricesOf(answer.results)).toEqual([
      ['CMCC', 30],
      ['CUCC', 22],
      ['CTCC', 26],
    ]);
    expect(answer.amount_li).toBe(78);
    expect((await fx.prisma.org.findUniqueOrThrow({ where: { id: child.id } })).balance).toBe(1_000n - 78n);
  });

  it('answers, stores and replays what a pack and a package took off the price', async () => {
    const org = await fx.org({ balance: 1_000n });
    const key = await fx.key(org.id);
    await fx.prisma.messagePack.create({
      data: { orgId: org.id, businessTypeId: notification(), segments: 1, segmentsLeft: 1, price: 0n },
    });
    await fx.prisma.billingPlan.create({
      data: {
        orgId: org.id,
        businessTypeId: notification(),
        mode: 'monthly_package',
        monthlyFee: 0n,
        includedSegments: 1,
        overagePrice: 20n,
      },
    });
    const first = await send(key, { ...body, client_ref: 'pack-and-package' });
    const answer = SendMessagesResponse.parse(first.body);
    // The pack pays the first, the package's included segment the second, the third is overage.
    expect(pricesOf(answer.results)).toEqual([
      ['CMCC', 0],
      ['CUCC', 0],
      ['CTCC', 20],
    ]);
    expect(answer.amount_li).toBe(20);
    const campaign = await fx.prisma.campaign.findUniqueOrThrow({ where: { id: BigInt(answer.campaign_id) } });
    expect(campaign.amount).toBe(20n);
    const replay = await send(key, { ...body, client_ref: 'pack-and-package' });
    expect(replay.status).toBe(200);
    expect(SendMessagesResponse.parse(replay.body)).toEqual(answer);
    const ledger = await fx.prisma.ledgerEntry.findMany({ where: { orgId: org.id } });
    expect(ledger.map((entry) => [entry.kind, entry.amount, entry.businessTypeId])).toEqual([
      ['charge', -20n, notification()],
    ]);
  });

  it('quotes what a send would charge, and what the org can spend, storing and charging nothing', async () => {
    const org = await reload(fx, await fx.org({ balance: 50n }));
    await fx.prisma.orgPrice.create({
      data: { orgId: org.id, businessTypeId: notification(), carrierCode: 'CMCC', pricePerSegment: 10n },
    });
    await fx.prisma.messagePack.create({
      data: { orgId: org.id, businessTypeId: null, segments: 1, segmentsLeft: 1, price: 0n },
    });
    const principal = await userPrincipal(fx, org, 'admin');
    const quote = QuoteMessagesResponse.parse(
      await quoteMessages(fx.deps, principal, { ...body, to: [...body.to, '12345'] }),
    );
    expect(pricesOf(quote.results)).toEqual([['CMCC', 0], ['CUCC', 35], ['CTCC', 35], 'rejected']);
    expect(quote).toMatchObject({
      accepted: 3,
      rejected: 1,
      segments: 3,
      amount_li: 70,
      list_amount_li: 80,
      spendable_li: 50,
      pack_segments_left: 1,
      affordable: false,
      billing_mode: 'prepaid',
    });
    expect(quote.results[0]).toMatchObject({ pack_segments: 1, list_price_li: 10, encoding: 'ucs2', segments: 1 });
    expect(await fx.prisma.campaign.count({ where: { orgId: org.id } })).toBe(0);
    expect((await fx.prisma.messagePack.findFirstOrThrow({ where: { orgId: org.id } })).segmentsLeft).toBe(1);

    // The send then does what the quote said: refused for want of 20 li.
    const sent = await send(await fx.key(org.id), body);
    expect(sent.status).toBe(402);
    expect(errorOf(sent)).toMatchObject({ code: 'insufficient_balance', details: { needed_li: 70 } });
  });

  it('refuses a quote as a send would: an unknown business type', async () => {
    const org = await reload(fx, await fx.org({ balance: 50n }));
    const principal = await userPrincipal(fx, org, 'admin');
    await expect(quoteMessages(fx.deps, principal, { ...body, business_type: 'nope' })).rejects.toMatchObject({
      code: 'unknown_business_type',
    });
  });
});
