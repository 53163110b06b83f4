import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The stand-in is the simulator's (packages/simulator/src/stripe); the library talks to it over HTTP.
import { StripeStandIn } from '../../simulator/src/stripe/stand-in.js';
// The dispatcher's freeze sweep, run here at a clock a month ahead, so a freeze is the sweep's own.
import { runFreezeSweep } from '../../../workers/dispatcher/src/freeze.js';
import {
  createRechargeCheckout,
  createStripePayments,
  getRechargeOrder,
  sendMessages,
  stripeHostOptions,
  type ApiDeps,
  type StripePayments,
} from '../src/index.js';
import { createApiServer, type ApiServer } from '../src/v1/http/node-server.js';
import { createApiFixture, errorOf, type ApiFixture } from './api-fixture.js';
import { userPrincipal } from './ops/principals.js';
import { refusal } from './ops/refusal.js';

const SECRET_KEY = 'sk_test_smshub_payments';
const WEBHOOK_SECRET = 'whsec_smshub_payments';

/**
 * Online recharge end to end: the official library creates the Checkout session on the stand-in,
 * the stand-in's pay page pays it and delivers the signed event to the webhook on the lean API
 * server (so the raw bytes are the ones the server took off the socket), and the ledger shows
 * what was credited — once, whatever arrives.
 */
describe('online recharge through Stripe Checkout', () => {
  let fx: ApiFixture;
  let standIn: StripeStandIn;
  let payments: StripePayments;
  let deps: ApiDeps & { payments: StripePayments };
  let api: ApiServer;
  let webhookUrl: string;

  beforeAll(async () => {
    fx = await createApiFixture();
    standIn = new StripeStandIn({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET });
    await standIn.start(0);
    payments = createStripePayments({
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      apiBase: standIn.url,
      consoleUrl: 'http://console.test',
    });
    deps = { ...fx.deps, payments };
    api = createApiServer(deps);
    const { port } = await api.listen(0, '127.0.0.1');
    webhookUrl = `http://127.0.0.1:${port}/api/v1/payments/stripe/webhook`;
    standIn.setWebhookUrl(webhookUrl);
  });
  afterAll(async () => {
    await api?.drain();
    await standIn?.stop();
    await fx?.close();
  });

  const balanceOf = async (orgId: bigint) =>
    (await fx.prisma.org.findUniqueOrThrow({ where: { id: orgId }, select: { balance: true } })).balance;
  const ledgerSum = async (orgId: bigint) =>
    (await fx.prisma.ledgerEntry.aggregate({ where: { orgId }, _sum: { amount: true } }))._sum.amount ?? 0n;

  /** An org with nothing, its finance user, and a checkout of `amountLi` opened by that user. */
  async function checkout(amountLi: string, balance = 0n) {
    const org = await fx.org({ balance });
    const principal = await userPrincipal(fx, org, 'finance');
    const opened = await createRechargeCheckout(deps, principal, { amountLi });
    const order = await fx.prisma.rechargeOrder.findUniqueOrThrow({ where: { id: opened.orderId } });
    return { org, principal, opened, order, sessionId: order.providerSessionId as string };
  }

  async function pay(url: string) {
    return fetch(url, { method: 'POST', body: new URLSearchParams({ action: 'pay' }), redirect: 'manual' });
  }

  /** POSTs `payload` to the webhook as Stripe would, signed with `secret` at `timestamp`. */
  async function post(payload: string, options: { secret?: string; timestamp?: number; header?: string } = {}) {
    const header =
      options.header ??
      payments.webhooks.generateTestHeaderString({
        payload,
        secret: options.secret ?? WEBHOOK_SECRET,
        ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
      });
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body: payload,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  function completedEvent(sessionId: string, overrides: Partial<Stripe.Checkout.Session> = {}, id?: string) {
    return JSON.stringify({
      id: id ?? `evt_test_${Math.random().toString(36).slice(2)}`,
      object: 'event',
      type: 'checkout.session.completed',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: sessionId,
          object: 'checkout.session',
          payment_status: 'paid',
          status: 'complete',
          currency: 'cny',
          amount_total: 1_000, // fen: the 10,000 li of checkout('10000')
          ...overrides,
        },
      },
    });
  }

  it('opens a CNY Checkout session for a pending order, and credits it once its paid event arrives', async () => {
    const { org, principal, opened, order, sessionId } = await checkout('100000');
    expect(order).toMatchObject({ orgId: org.id, amount: 100_000n, currency: 'cny', status: 'pending' });
    expect(sessionId).toMatch(/^cs_test_/);
    expect(opened.url).toBe(`${standIn.url}/pay/${sessionId}`);
    const session = standIn.sessions.get(sessionId);
    expect(session).toMatchObject({
      mode: 'payment',
      currency: 'cny',
      amount_total: 10_000, // fen
      client_reference_id: String(order.id),
      metadata: { recharge_order_id: String(order.id), org_id: String(org.id) },
      success_url: `http://console.test/billing/recharge?order=${order.id}`,
      cancel_url: `http://console.test/billing/recharge?order=${order.id}`,
    });
    expect(session?.line_items_summary).toEqual([{ name: 'smshub 充值 / recharge', unit_amount: 10_000, quantity: 1 }]);
    // Opening it credits nothing.
    expect(await balanceOf(org.id)).toBe(0n);
    expect((await getRechargeOrder(deps, principal, { orderId: String(order.id) })).status).toBe('pending');

    const page = await fetch(opened.url);
    expect(await page.text()).toContain('支付 / Pay');
    const paid = await pay(opened.url);
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://console.test/billing/recharge?order=${order.id}`);
    expect(standIn.deliveries.at(-1)).toMatchObject({ sessionId, status: 200 });

    expect(await balanceOf(org.id)).toBe(100_000n);
    const entries = await fx.prisma.ledgerEntry.findMany({ where: { orgId: org.id } });
    expect(entries).toEqual([
      expect.objectContaining({ kind: 'recharge', amount: 100_000n, balanceAfter: 100_000n, externalRef: sessionId }),
    ]);
    const view = await getRechargeOrder(deps, principal, { orderId: String(order.id) });
    expect(view).toMatchObject({ status: 'paid', ledgerEntryId: entries[0]?.id });
    expect(view.paidAt).toBeInstanceOf(Date);
    const event = await fx.prisma.paymentEvent.findUniqueOrThrow({
      where: { id: standIn.deliveries.at(-1)?.eventId ?? '' },
    });
    expect(event).toMatchObject({ provider: 'stripe', type: 'checkout.session.completed', outcome: 'credited' });
  });

  it('credits once when the same event is delivered three times more', async () => {
    const { org, opened } = await checkout('50000');
    await pay(opened.url);
    const first = standIn.deliveries.at(-1);
    const again = await standIn.redeliver(3);
    expect(again.map((d) => [d.eventId, d.status])).toEqual([
      [first?.eventId, 200],
      [first?.eventId, 200],
      [first?.eventId, 200],
    ]);
    expect(await balanceOf(org.id)).toBe(50_000n);
    expect(await fx.prisma.ledgerEntry.count({ where: { orgId: org.id } })).toBe(1);
    expect(await fx.prisma.paymentEvent.count({ where: { id: first?.eventId ?? '' } })).toBe(1);
  });

  it('credits once for two different events of one session (completed, then async_payment_succeeded)', async () => {
    const { org, opened, sessionId } = await checkout('20000');
    await pay(opened.url);
    const second = await standIn.deliverNew(sessionId, 'checkout.session.async_payment_succeeded');
    expect(second.status).toBe(200);
    expect(await balanceOf(org.id)).toBe(20_000n);
    expect(await fx.prisma.ledgerEntry.count({ where: { orgId: org.id } })).toBe(1);
    expect(await fx.prisma.paymentEvent.findUniqueOrThrow({ where: { id: second.eventId } })).toMatchObject({
      outcome: 'already_credited',
    });
  });

  it('credits nothing for a forged event, and stores nothing of it', async () => {
    const { org, sessionId } = await checkout('30000');
    const events = await fx.prisma.paymentEvent.count();
    const forged = await standIn.deliverForged(sessionId);
    expect(forged.status).toBe(400);
    expect(await balanceOf(org.id)).toBe(0n);
    expect(await fx.prisma.paymentEvent.count()).toBe(events);
    expect(await fx.prisma.rechargeOrder.findFirstOrThrow({ where: { orgId: org.id } })).toMatchObject({
      status: 'pending',
    });
  });

  it('refuses a tampered body, a stale signature and no signature with 400 invalid_signature', async () => {
    const { org, sessionId } = await checkout('10000');
    const payload = completedEvent(sessionId);
    const goodHeader = payments.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const tampered = await post(payload.replace('"amount_total":1000', '"amount_total":1001'), {
      header: goodHeader,
    });
    expect(tampered.status).toBe(400);
    expect((tampered.body['error'] as { code: string }).code).toBe('invalid_signature');
    const stale = await post(payload, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(400);
    const none = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
    });
    expect(none.status).toBe(400);
    expect(await balanceOf(org.id)).toBe(0n);
    expect(await fx.prisma.paymentEvent.count({ where: { id: JSON.parse(payload).id as string } })).toBe(0);
    // The same payload, signed properly, is credited: the refusals above were for the signature.
    expect((await post(payload)).body['outcome']).toBe('credited');
    expect(await balanceOf(org.id)).toBe(10_000n);
  });

  it('credits nothing when the amount paid or the currency is not the order’s', async () => {
    const { org, order, sessionId } = await checkout('10000');
    const less = await post(completedEvent(sessionId, { amount_total: 999 }));
    expect(less).toMatchObject({ status: 200, body: { outcome: 'amount_mismatch' } });
    const usd = await post(completedEvent(sessionId, { currency: 'usd' }));
    expect(usd.body['outcome']).toBe('amount_mismatch');
    expect(await balanceOf(org.id)).toBe(0n);
    expect((await fx.prisma.rechargeOrder.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('pending');
    // The right amount in the right currency is credited: the refusals were for the amounts.
    expect((await post(completedEvent(sessionId))).body['outcome']).toBe('credited');
    expect(await balanceOf(org.id)).toBe(10_000n);
  });

  it('records a paid session no order names as unknown, an unpaid completion as not paid, other events as ignored', async () => {
    expect((await post(completedEvent('cs_test_nobody'))).body['outcome']).toBe('unknown_session');
    const { org, sessionId } = await checkout('10000');
    expect((await post(completedEvent(sessionId, { payment_status: 'unpaid' }))).body['outcome']).toBe('not_paid');
    const other = JSON.stringify({
      id: 'evt_test_other',
      object: 'event',
      type: 'customer.created',
      data: { object: {} },
    });
    expect((await post(other)).body['outcome']).toBe('ignored');
    expect((await post(other)).body['outcome']).toBe('replayed');
    expect(await balanceOf(org.id)).toBe(0n);
  });

  it('marks an order expired when its session expires', async () => {
    const { order, sessionId } = await checkout('10000');
    const stripe = payments.client as Stripe;
    await stripe.checkout.sessions.expire(sessionId);
    await expect
      .poll(async () => (await fx.prisma.rechargeOrder.findUniqueOrThrow({ where: { id: order.id } })).status)
      .toBe('expired');
  });

  it('refuses amounts outside 1 to 1,000,000 yuan or not a whole fen, and changes nothing', async () => {
    const org = await fx.org({ balance: 0n });
    const principal = await userPrincipal(fx, org, 'finance');
    const before = await fx.prisma.rechargeOrder.count();
    for (const amountLi of ['999', '1000000010', '10005', '-1000', '1e5']) {
      expect(await refusal(createRechargeCheckout(deps, principal, { amountLi }))).toMatchObject({
        code: 'validation_error',
      });
    }
    expect(await fx.prisma.rechargeOrder.count()).toBe(before);
    // The bounds themselves are fine.
    await createRechargeCheckout(deps, principal, { amountLi: '1000' });
    await createRechargeCheckout(deps, principal, { amountLi: '1000000000' });
  });

  it('recharges an org below, not one beside or above, and only with billing:recharge', async () => {
    const parent = await fx.org({ balance: 0n });
    const child = await fx.org({ parentId: parent.id, balance: 0n });
    const sibling = await fx.org({ balance: 0n });
    const finance = await userPrincipal(fx, parent, 'finance');
    const opened = await createRechargeCheckout(deps, finance, { orgId: String(child.id), amountLi: '5000' });
    expect((await fx.prisma.rechargeOrder.findUniqueOrThrow({ where: { id: opened.orderId } })).orgId).toBe(child.id);
    expect(
      await refusal(createRechargeCheckout(deps, finance, { orgId: String(sibling.id), amountLi: '5000' })),
    ).toMatchObject({
      code: 'not_found',
    });
    const childFinance = await userPrincipal(fx, child, 'finance');
    expect(
      await refusal(createRechargeCheckout(deps, childFinance, { orgId: String(parent.id), amountLi: '5000' })),
    ).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(getRechargeOrder(deps, childFinance, { orderId: '999999999' }))).toMatchObject({
      code: 'not_found',
    });
    const operator = await userPrincipal(fx, parent, 'operator');
    expect(await refusal(createRechargeCheckout(deps, operator, { amountLi: '5000' }))).toMatchObject({
      code: 'permission_denied',
    });
  });

  it('refuses with payments_unavailable without a secret key, or when Stripe does not answer', async () => {
    const org = await fx.org({ balance: 0n });
    const principal = await userPrincipal(fx, org, 'finance');
    const unconfigured = createStripePayments({ secretKey: null, webhookSecret: null, apiBase: null, consoleUrl: 'x' });
    expect(
      await refusal(createRechargeCheckout({ ...deps, payments: unconfigured }, principal, { amountLi: '5000' })),
    ).toMatchObject({
      code: 'payments_unavailable',
    });
    const unreachable = createStripePayments({
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      apiBase: 'http://127.0.0.1:9',
      consoleUrl: 'x',
    });
    expect(
      await refusal(createRechargeCheckout({ ...deps, payments: unreachable }, principal, { amountLi: '5000' })),
    ).toMatchObject({
      code: 'payments_unavailable',
    });
    expect(await fx.prisma.rechargeOrder.findFirstOrThrow({ where: { orgId: org.id } })).toMatchObject({
      status: 'failed',
    });
  });

  it('maps STRIPE_API_BASE onto the library’s host, port and protocol', () => {
    expect(stripeHostOptions('http://127.0.0.1:4242')).toEqual({ host: '127.0.0.1', port: 4242, protocol: 'http' });
    expect(stripeHostOptions('https://api.stripe.com')).toEqual({
      host: 'api.stripe.com',
      port: 443,
      protocol: 'https',
    });
    expect(stripeHostOptions(null)).toEqual({});
    expect(() => stripeHostOptions('ftp://x')).toThrow(/http/);
    expect(() => stripeHostOptions('http://x/v1')).toThrow(/path/);
  });

  it('a frozen org cannot send (402 account_frozen); a recharge thaws it and the next send is accepted', async () => {
    const org = await fx.org({ balance: 0n });
    const today = new Date();
    const swept = [
      await runFreezeSweep(fx.pool, today),
      await runFreezeSweep(fx.pool, new Date(today.getTime() + 31 * 86_400_000)),
    ];
    expect(swept[0]?.markedEmpty).toContain(org.id);
    expect(swept[1]?.frozen).toContain(org.id);
    expect((await fx.prisma.org.findUniqueOrThrow({ where: { id: org.id } })).status).toBe('frozen');
    const key = await fx.key(org.id);
    const send = () =>
      fx.call(sendMessages, {
        key,
        path: '/api/v1/messages',
        body: { business_type: 'notification', to: ['13800138000'], text: '测试' },
      });
    const refused = await send();
    expect(refused.status).toBe(402);
    expect(errorOf(refused)).toMatchObject({
      code: 'account_frozen',
      message: expect.stringMatching(/recharge/i) as unknown,
    });

    const principal = await userPrincipal(
      fx,
      await fx.prisma.org.findUniqueOrThrow({ where: { id: org.id } }),
      'finance',
    );
    const opened = await createRechargeCheckout(deps, principal, { amountLi: '10000' });
    await pay(opened.url);
    expect(await fx.prisma.org.findUniqueOrThrow({ where: { id: org.id } })).toMatchObject({
      status: 'active',
      frozenAt: null,
      emptySince: null,
      balance: 10_000n,
    });
    const accepted = await send();
    expect(accepted.status).toBe(201);
    expect(await balanceOf(org.id)).toBe(await ledgerSum(org.id));
  });

  it('a frozen org cannot send even what would cost it nothing (a free plan), and stores nothing', async () => {
    const org = await fx.org({ balance: 0n });
    const notification = await fx.prisma.businessType.findUniqueOrThrow({ where: { code: 'notification' } });
    await fx.prisma.billingPlan.create({ data: { orgId: org.id, businessTypeId: notification.id, mode: 'free' } });
    await fx.prisma.org.update({ where: { id: org.id }, data: { status: 'frozen', frozenAt: new Date() } });
    const key = await fx.key(org.id);
    const refused = await fx.call(sendMessages, {
      key,
      path: '/api/v1/messages',
      body: { business_type: 'notification', to: ['13800138000'], text: '免费通知' },
    });
    expect(refused.status).toBe(402);
    expect(errorOf(refused)).toMatchObject({ code: 'account_frozen' });
    expect(await fx.prisma.message.count({ where: { orgId: org.id } })).toBe(0);
  });
});
