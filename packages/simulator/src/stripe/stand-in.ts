import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { decodeStripeForm, type FormValue } from './form.js';

/**
 * A local stand-in for the few Stripe endpoints online recharge uses, for the demo and tests
 * (this machine cannot reach Stripe). The official library is pointed at it (its host, port and
 * protocol options) and cannot tell the difference for what smshub calls:
 *
 * - `POST /v1/checkout/sessions` (form-encoded, as the library sends it) → a Checkout session,
 *   id `cs_test_…`, whose `url` is this server's own pay page; an Idempotency-Key seen before
 *   answers the same session.
 * - `GET /v1/checkout/sessions/:id`, `POST /v1/checkout/sessions/:id/expire`.
 * - `GET /pay/:id`: a plain page with a "支付 / Pay" button; its POST marks the session paid,
 *   delivers `checkout.session.completed` to the webhook URL — signed with the library's own
 *   `webhooks.generateTestHeaderString`, so only the real signature check is exercised — and
 *   sends the browser to the session's success_url.
 * - Control (JSON): `POST /control/webhook {url}`, `POST /control/redeliver {times}` (the last event
 *   again, same id, newly signed), `POST /control/deliver {session, type}` (a new event of a
 *   session), `POST /control/forged {session}` (a completed event signed with the wrong secret),
 *   `GET /control/sessions`, `GET /control/deliveries`.
 *
 * Not Stripe: no customers, prices, payment methods or refunds; amounts are whatever was asked.
 */
export interface StripeStandInOptions {
  /** The API key the library must present (Authorization: Bearer …). */
  readonly secretKey: string;
  /** The endpoint secret events are signed with (whsec_…). */
  readonly webhookSecret: string;
  /** Where events go; may be set later (POST /control/webhook). */
  readonly webhookUrl?: string | null;
  /** How long one delivery may take (default 10 s). */
  readonly deliveryTimeoutMs?: number;
}

export interface StandInSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  currency: string;
  amount_subtotal: number;
  amount_total: number;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  payment_status: 'unpaid' | 'paid';
  status: 'open' | 'complete' | 'expired';
  success_url: string | null;
  cancel_url: string | null;
  url: string | null;
  payment_intent: string | null;
  line_items_summary: { name: string; unit_amount: number; quantity: number }[];
  created: number;
  expires_at: number;
  livemode: false;
}

export interface StandInDelivery {
  readonly eventId: string;
  readonly type: string;
  readonly sessionId: string;
  readonly forged: boolean;
  /** The webhook's HTTP status, or null when it could not be reached. */
  readonly status: number | null;
  readonly error: string | null;
  readonly at: string;
}

interface StandInEvent {
  readonly id: string;
  readonly type: string;
  readonly sessionId: string;
  /** The exact JSON delivered, so a redelivery is the same event byte for byte. */
  readonly payload: string;
}

const API_VERSION = '2026-11-18.endive';

export class StripeStandIn {
  readonly sessions = new Map<string, StandInSession>();
  readonly deliveries: StandInDelivery[] = [];
  private readonly byIdempotencyKey = new Map<string, string>();
  private lastEvent: StandInEvent | null = null;
  private webhookUrl: string | null;
  private server: http.Server | null = null;
  private origin = 'http://127.0.0.1';
  /** Only for its test-header helper: no call of this client leaves the process. */
  private readonly signer = new Stripe('sk_stand_in_signer');

  constructor(private readonly options: StripeStandInOptions) {
    this.webhookUrl = options.webhookUrl ?? null;
  }

  /** The base URL for STRIPE_API_BASE, once listening. */
  get url(): string {
    return this.origin;
  }

  async start(port: number, host = '127.0.0.1'): Promise<AddressInfo> {
    const server = http.createServer((req, res) => {
      this.answer(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          sendJson(res, 500, stripeError('api_error', error instanceof Error ? error.message : String(error)));
        } else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    this.origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    return address;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  setWebhookUrl(url: string | null): void {
    this.webhookUrl = url;
  }

  // ───────────────────────────── the Stripe API ─────────────────────────────

  createSession(form: Record<string, FormValue>, idempotencyKey: string | null): StandInSession {
    if (idempotencyKey !== null) {
      const earlier = this.byIdempotencyKey.get(idempotencyKey);
      const session = earlier === undefined ? undefined : this.sessions.get(earlier);
      if (session !== undefined) return session;
    }
    const mode = text(form['mode']) ?? 'payment';
    const items = Array.isArray(form['line_items']) ? form['line_items'] : [];
    const summary = items.map((item, i) => {
      const fields = record(item);
      const price = record(fields['price_data']);
      const product = record(price['product_data']);
      const unitAmount = Number(text(price['unit_amount']) ?? NaN);
      const quantity = Number(text(fields['quantity']) ?? '1');
      if (!Number.isInteger(unitAmount) || unitAmount < 0) {
        throw new StandInError(
          400,
          `line_items[${i}][price_data][unit_amount]: a whole number of the currency's smallest unit`,
        );
      }
      if (!Number.isInteger(quantity) || quantity < 1)
        throw new StandInError(400, `line_items[${i}][quantity]: at least 1`);
      return { name: text(product['name']) ?? '', unit_amount: unitAmount, quantity };
    });
    if (summary.length === 0) throw new StandInError(400, 'line_items: at least one');
    const currency = (
      text(form['currency']) ??
      text(record(record(items[0])['price_data'])['currency']) ??
      'usd'
    ).toLowerCase();
    const total = summary.reduce((sum, item) => sum + item.unit_amount * item.quantity, 0);
    const id = `cs_test_${randomBytes(24).toString('base64url')}`;
    const created = Math.floor(Date.now() / 1000);
    const metadata = Object.fromEntries(
      Object.entries(record(form['metadata'])).map(([key, value]) => [key, text(value) ?? '']),
    );
    const session: StandInSession = {
      id,
      object: 'checkout.session',
      mode,
      currency,
      amount_subtotal: total,
      amount_total: total,
      client_reference_id: text(form['client_reference_id']),
      metadata,
      payment_status: 'unpaid',
      status: 'open',
      success_url: text(form['success_url']),
      cancel_url: text(form['cancel_url']),
      url: `${this.origin}/pay/${id}`,
      payment_intent: null,
      line_items_summary: summary,
      created,
      expires_at: created + 24 * 3600,
      livemode: false,
    };
    this.sessions.set(id, session);
    if (idempotencyKey !== null) this.byIdempotencyKey.set(idempotencyKey, id);
    return session;
  }

  /** What the pay page's button does: the session paid, its completed event delivered. */
  async pay(sessionId: string): Promise<StandInDelivery> {
    const session = this.session(sessionId);
    if (session.status !== 'open') throw new StandInError(409, `session ${sessionId} is ${session.status}`);
    session.status = 'complete';
    session.payment_status = 'paid';
    session.payment_intent = `pi_test_${randomBytes(12).toString('hex')}`;
    session.url = null;
    return this.deliver(this.newEvent('checkout.session.completed', session));
  }

  async expire(sessionId: string): Promise<StandInSession> {
    const session = this.session(sessionId);
    if (session.status !== 'open') throw new StandInError(400, `session ${sessionId} is ${session.status}, not open`);
    session.status = 'expired';
    session.url = null;
    await this.deliver(this.newEvent('checkout.session.expired', session));
    return session;
  }

  /** The last event again, `times` times, byte for byte the same and signed anew each time. */
  async redeliver(times: number): Promise<StandInDelivery[]> {
    const event = this.lastEvent;
    if (event === null) throw new StandInError(409, 'no event was delivered yet');
    const out: StandInDelivery[] = [];
    for (let i = 0; i < times; i++) out.push(await this.deliver(event));
    return out;
  }

  /** A new event (new id) about a session as it is now, e.g. checkout.session.async_payment_succeeded. */
  async deliverNew(sessionId: string, type: string): Promise<StandInDelivery> {
    return this.deliver(this.newEvent(type, this.session(sessionId)));
  }

  /** A completed, paid-looking event of the session signed with a secret that is not the endpoint's. */
  async deliverForged(sessionId: string): Promise<StandInDelivery> {
    const session = { ...this.session(sessionId), status: 'complete' as const, payment_status: 'paid' as const };
    const event = this.newEvent('checkout.session.completed', session, false);
    return this.deliver(event, `whsec_forged_${randomBytes(16).toString('hex')}`);
  }

  private newEvent(type: string, session: StandInSession, remember = true): StandInEvent {
    const id = `evt_test_${randomBytes(12).toString('hex')}`;
    const payload = JSON.stringify({
      id,
      object: 'event',
      api_version: API_VERSION,
      created: Math.floor(Date.now() / 1000),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: { ...session, line_items_summary: undefined } },
    });
    const event = { id, type, sessionId: session.id, payload };
    if (remember) this.lastEvent = event;
    return event;
  }

  private async deliver(event: StandInEvent, secret = this.options.webhookSecret): Promise<StandInDelivery> {
    const forged = secret !== this.options.webhookSecret;
    const at = new Date().toISOString();
    const url = this.webhookUrl;
    let delivery: StandInDelivery;
    if (url === null) {
      delivery = {
        eventId: event.id,
        type: event.type,
        sessionId: event.sessionId,
        forged,
        status: null,
        error: 'no webhook URL is set',
        at,
      };
    } else {
      const header = this.signer.webhooks.generateTestHeaderString({ payload: event.payload, secret });
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'stripe-signature': header,
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks) smshub-stand-in',
          },
          body: event.payload,
          signal: AbortSignal.timeout(this.options.deliveryTimeoutMs ?? 10_000),
        });
        await response.arrayBuffer().catch(() => undefined);
        delivery = {
          eventId: event.id,
          type: event.type,
          sessionId: event.sessionId,
          forged,
          status: response.status,
          error: null,
          at,
        };
      } catch (error) {
        delivery = {
          eventId: event.id,
          type: event.type,
          sessionId: event.sessionId,
          forged,
          status: null,
          error: error instanceof Error ? error.message : String(error),
          at,
        };
      }
    }
    this.deliveries.push(delivery);
    return delivery;
  }

  private session(id: string): StandInSession {
    const session = this.sessions.get(id);
    if (session === undefined) throw new StandInError(404, `No such checkout.session: '${id}'`, 'resource_missing');
    return session;
  }

  // ───────────────────────────── HTTP ─────────────────────────────

  private async answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const parts = url.pathname.split('/').filter((part) => part !== '');
    const method = req.method ?? 'GET';
    const body = method === 'POST' ? await readBody(req) : '';
    try {
      if (parts[0] === 'v1') {
        this.authorize(req);
        if (parts[1] === 'checkout' && parts[2] === 'sessions') {
          if (parts.length === 3 && method === 'POST') {
            const key = req.headers['idempotency-key'];
            return sendJson(
              res,
              200,
              publicSession(this.createSession(decodeStripeForm(body), typeof key === 'string' ? key : null)),
            );
          }
          if (parts.length === 4 && method === 'GET')
            return sendJson(res, 200, publicSession(this.session(parts[3] as string)));
          if (parts.length === 5 && parts[4] === 'expire' && method === 'POST') {
            return sendJson(res, 200, publicSession(await this.expire(parts[3] as string)));
          }
        }
        throw new StandInError(
          404,
          `Unrecognized request URL (${method}: ${url.pathname}) — the stand-in serves Checkout sessions only`,
          'resource_missing',
        );
      }
      if (parts[0] === 'pay' && parts.length === 2) {
        const id = parts[1] as string;
        if (method === 'GET') return sendHtml(res, 200, payPage(this.session(id)));
        if (method === 'POST') {
          const session = this.session(id);
          const action = new URLSearchParams(body).get('action');
          if (action === 'cancel') return redirect(res, session.cancel_url ?? `${this.origin}/pay/${id}`);
          const delivery = await this.pay(id);
          if (session.success_url === null) return sendJson(res, 200, { session: publicSession(session), delivery });
          return redirect(res, session.success_url);
        }
      }
      if (parts[0] === 'control') return sendJson(res, 200, await this.control(method, parts.slice(1), body));
      throw new StandInError(404, `no such page: ${url.pathname}`, 'resource_missing');
    } catch (error) {
      if (error instanceof StandInError) return sendJson(res, error.status, stripeError(error.type, error.message));
      throw error;
    }
  }

  private async control(method: string, parts: string[], body: string): Promise<unknown> {
    const input = body === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
    const what = parts.join('/');
    if (method === 'GET' && what === 'sessions') return { sessions: [...this.sessions.values()].map(publicSession) };
    if (method === 'GET' && what === 'deliveries') return { deliveries: this.deliveries };
    if (method === 'POST' && what === 'webhook') {
      const target = input['url'];
      if (target !== null && (typeof target !== 'string' || !/^https?:\/\//.test(target))) {
        throw new StandInError(400, 'url: an http(s) URL, or null');
      }
      this.setWebhookUrl(target);
      return { webhook_url: target };
    }
    if (method === 'POST' && what === 'redeliver') {
      const times = input['times'] ?? 1;
      if (typeof times !== 'number' || !Number.isInteger(times) || times < 1 || times > 100) {
        throw new StandInError(400, 'times: 1 to 100');
      }
      return { deliveries: await this.redeliver(times) };
    }
    if (method === 'POST' && (what === 'deliver' || what === 'forged' || what === 'pay')) {
      const sessionId = typeof input['session'] === 'string' ? input['session'] : this.latestSessionId();
      if (what === 'forged') return { delivery: await this.deliverForged(sessionId) };
      if (what === 'pay') return { delivery: await this.pay(sessionId) };
      const type = typeof input['type'] === 'string' ? input['type'] : 'checkout.session.completed';
      return { delivery: await this.deliverNew(sessionId, type) };
    }
    throw new StandInError(404, `no control ${method} /control/${what}`, 'resource_missing');
  }

  private latestSessionId(): string {
    const last = [...this.sessions.keys()].at(-1);
    if (last === undefined) throw new StandInError(409, 'no session was created yet');
    return last;
  }

  private authorize(req: http.IncomingMessage): void {
    const header = req.headers.authorization ?? '';
    const key = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (key !== this.options.secretKey) {
      throw new StandInError(401, `Invalid API Key provided: ${key.slice(0, 8)}…`, 'invalid_request_error');
    }
  }
}

class StandInError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = 'invalid_request_error',
  ) {
    super(message);
  }
}

function publicSession(session: StandInSession): Omit<StandInSession, 'line_items_summary'> {
  const { line_items_summary: _summary, ...rest } = session;
  return rest;
}

function stripeError(type: string, message: string): unknown {
  return { error: { type, message } };
}

function text(value: FormValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

function record(value: FormValue | undefined): Record<string, FormValue> {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > 1024 * 1024) throw new StandInError(413, 'body over 1 MiB');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'request-id': `req_${randomBytes(8).toString('hex')}`,
  });
  res.end(text);
}

function sendHtml(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

function redirect(res: http.ServerResponse, location: string): void {
  res.writeHead(303, { location, 'content-length': 0 });
  res.end();
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function payPage(session: StandInSession): string {
  const amount = (session.amount_total / 100).toFixed(2);
  const currency = session.currency.toUpperCase();
  const items = session.line_items_summary
    .map((item) => `<li>${escapeHtml(item.name)} × ${item.quantity}</li>`)
    .join('');
  const open = session.status === 'open';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>支付 / Pay — Stripe stand-in</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}button{font-size:1.1rem;padding:.6rem 2rem;margin-right:.5rem}</style></head>
<body>
<p><small>Stripe Checkout stand-in (test mode) · ${escapeHtml(session.id)}</small></p>
<h1>${currency} ${amount}</h1>
<ul>${items}</ul>
${
  open
    ? `<form method="post"><button type="submit" name="action" value="pay">支付 / Pay</button><button type="submit" name="action" value="cancel">取消 / Cancel</button></form>`
    : `<p data-status="${session.status}">${session.status === 'complete' ? '已支付 / Paid' : '已过期 / Expired'}</p>`
}
</body></html>`;
}
