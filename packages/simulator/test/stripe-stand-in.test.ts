import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStripeForm, StripeStandIn } from '../src/index.js';

const SECRET_KEY = 'sk_test_stand_in_key';
const WEBHOOK_SECRET = 'whsec_stand_in_secret';

/** The official library, pointed at the stand-in as smshub points it (STRIPE_API_BASE). */
function library(standIn: StripeStandIn, key = SECRET_KEY): Stripe {
  const base = new URL(standIn.url);
  return new Stripe(key, { host: base.hostname, port: Number(base.port), protocol: 'http', maxNetworkRetries: 0 });
}

describe('the Stripe stand-in, driven by the official library', () => {
  const standIn = new StripeStandIn({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET });
  /** What the webhook receiver got: the event as the library verified it, or why it refused it. */
  const received: ({ id: string; type: string; session: Stripe.Checkout.Session } | { refused: string })[] = [];
  let receiver: http.Server;

  beforeAll(async () => {
    await standIn.start(0);
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          const event = library(standIn).webhooks.constructEvent(
            Buffer.concat(chunks),
            req.headers['stripe-signature'] ?? '',
            WEBHOOK_SECRET,
          );
          received.push({ id: event.id, type: event.type, session: event.data.object as Stripe.Checkout.Session });
          res.writeHead(200).end('{}');
        } catch (error) {
          received.push({ refused: (error as Error).message });
          res.writeHead(400).end('{}');
        }
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    standIn.setWebhookUrl(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`);
  });
  afterAll(async () => {
    await standIn.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const create = (stripe: Stripe, idempotencyKey?: string) =>
    stripe.checkout.sessions.create(
      {
        mode: 'payment',
        currency: 'cny',
        line_items: [
          {
            quantity: 1,
            price_data: { currency: 'cny', unit_amount: 12_345, product_data: { name: 'smshub 充值 / recharge' } },
          },
        ],
        client_reference_id: '42',
        metadata: { recharge_order_id: '42', org_id: '7' },
        success_url: 'http://console.test/billing/recharge?order=42',
        cancel_url: 'http://console.test/billing/recharge?order=42',
      },
      idempotencyKey === undefined ? undefined : { idempotencyKey },
    );

  it('creates a Checkout session the library reads back, with its url on the stand-in’s pay page', async () => {
    const stripe = library(standIn);
    const session = await create(stripe);
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({
      object: 'checkout.session',
      amount_total: 12_345,
      currency: 'cny',
      payment_status: 'unpaid',
      status: 'open',
      client_reference_id: '42',
      metadata: { recharge_order_id: '42', org_id: '7' },
    });
    expect(session.url).toBe(`${standIn.url}/pay/${session.id}`);
    const again = await stripe.checkout.sessions.retrieve(session.id);
    expect(again.id).toBe(session.id);
    const page = await fetch(session.url as string);
    expect(await page.text()).toContain('支付 / Pay');
  });

  it('answers a repeated idempotency key with the same session', async () => {
    const stripe = library(standIn);
    const first = await create(stripe, 'order-7');
    const second = await create(stripe, 'order-7');
    expect(second.id).toBe(first.id);
  });

  it('refuses a wrong API key as Stripe does (the library throws its authentication error)', async () => {
    await expect(create(library(standIn, 'sk_test_wrong'))).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
  });

  it('refuses an unknown session as Stripe does', async () => {
    await expect(library(standIn).checkout.sessions.retrieve('cs_test_nope')).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
  });

  it('pays from the pay page: completed and paid, delivered signed, the browser sent to success_url', async () => {
    const session = await create(library(standIn));
    received.length = 0;
    const paid = await fetch(`${standIn.url}/pay/${session.id}`, {
      method: 'POST',
      body: new URLSearchParams({ action: 'pay' }),
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe('http://console.test/billing/recharge?order=42');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      type: 'checkout.session.completed',
      session: { id: session.id, payment_status: 'paid', status: 'complete', amount_total: 12_345 },
    });
    const retrieved = await library(standIn).checkout.sessions.retrieve(session.id);
    expect(retrieved.payment_status).toBe('paid');
  });

  it('redelivers the last event with the same id, each time validly signed', async () => {
    received.length = 0;
    const deliveries = await standIn.redeliver(3);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    const ids = received.map((r) => ('id' in r ? r.id : r.refused));
    expect(new Set(ids).size).toBe(1);
    expect(ids).toHaveLength(3);
  });

  it('delivers a forged event the library refuses', async () => {
    received.length = 0;
    const session = await create(library(standIn));
    const delivery = await standIn.deliverForged(session.id);
    expect(delivery).toMatchObject({ forged: true, status: 400 });
    expect(received).toEqual([{ refused: expect.stringMatching(/signature/i) as unknown }]);
  });

  it('is driven over its control endpoints too', async () => {
    const session = await create(library(standIn));
    received.length = 0;
    const reply = await fetch(`${standIn.url}/control/deliver`, {
      method: 'POST',
      body: JSON.stringify({ session: session.id, type: 'checkout.session.async_payment_succeeded' }),
    });
    expect(reply.status).toBe(200);
    expect(received).toMatchObject([{ type: 'checkout.session.async_payment_succeeded' }]);
    const bad = await fetch(`${standIn.url}/control/redeliver`, { method: 'POST', body: JSON.stringify({ times: 0 }) });
    expect(bad.status).toBe(400);
  });

  it('decodes the library’s bracketed form keys into the object it started from', () => {
    expect(
      decodeStripeForm('mode=payment&line_items[0][quantity]=1&line_items[0][price_data][unit_amount]=5&metadata[a]=b'),
    ).toEqual({
      mode: 'payment',
      line_items: [{ quantity: '1', price_data: { unit_amount: '5' } }],
      metadata: { a: 'b' },
    });
    expect(() => decodeStripeForm('a[b=1')).toThrow(/not name/);
  });
});
