import { randomUUID } from 'node:crypto';
import { bookLedgerEntry, inTransaction, type Queryable } from '@smshub/db';
import type { Logger } from 'pino';
import type Stripe from 'stripe';
import { paymentsOf, type WithStripePayments } from '../../ops/billing/stripe-payments.js';
import { ApiError } from '../api-error.js';
import type { ApiDeps } from '../deps.js';
import { discardBody, readRawBody } from '../http/read-json-body.js';
import { errorResponse, jsonResponse } from '../http/responses.js';

/** A Stripe event is a few KiB; anything near this is not one. */
export const STRIPE_WEBHOOK_MAX_BYTES = 1024 * 1024;
const LI_PER_FEN = 10n;

/** What handling an event did, as payment_events.outcome keeps it. */
export type StripeEventOutcome =
  | 'credited'
  | 'already_credited'
  | 'unknown_session'
  | 'amount_mismatch'
  | 'not_paid'
  | 'expired'
  | 'failed'
  | 'ignored';

/**
 * POST /api/v1/payments/stripe/webhook: Stripe's events about Checkout sessions. No API key —
 * the `Stripe-Signature` header over the exact bytes received is the only authentication, checked
 * by the library (`webhooks.constructEvent`, five minutes' tolerance): a forged, altered or stale
 * event is a 400 and nothing is stored. A verified event is recorded by its id in payment_events
 * in the same transaction as what it causes, so a replay of an event id does nothing more; a
 * session is credited through `bookLedgerEntry` with the session id as external_ref, so two
 * different events of one session credit it once. The order's amount and currency must be what
 * was paid, or nothing is credited (logged at error level: someone should look). 200 means "done
 * or nothing to do"; only a fault of ours is a 500, which Stripe retries.
 */
export async function stripeWebhook(request: Request, deps: ApiDeps & WithStripePayments): Promise<Response> {
  const requestId = randomUUID();
  const log = deps.logger.child({ requestId, operation: 'stripeWebhook' });
  let response: Response;
  try {
    response = await handle(request, deps, log);
  } catch (error) {
    if (error instanceof ApiError) response = errorResponse(error, requestId);
    else {
      log.error({ err: error }, 'stripe webhook: unhandled error');
      response = errorResponse(new ApiError('internal_error', `internal error (request ${requestId})`), requestId);
    }
  }
  response.headers.set('x-request-id', requestId);
  log.info({ method: request.method, status: response.status }, 'api request');
  return response;
}

async function handle(request: Request, deps: ApiDeps & WithStripePayments, log: Logger): Promise<Response> {
  const payments = paymentsOf(deps);
  const header = request.headers.get('stripe-signature');
  if (header === null || header === '') {
    await discardBody(request);
    throw new ApiError('invalid_signature', 'no Stripe-Signature header: only Stripe may call this');
  }
  const secret = payments.config.webhookSecret;
  if (secret === null) {
    await discardBody(request);
    throw new ApiError('payments_unavailable', 'online payment is not configured here (no STRIPE_WEBHOOK_SECRET)');
  }
  // The exact bytes received: the signature is over them, so they are never parsed and re-serialised first.
  const raw = await readRawBody(request, STRIPE_WEBHOOK_MAX_BYTES);
  let event: Stripe.Event;
  try {
    event = payments.webhooks.constructEvent(raw, header, secret);
  } catch (error) {
    log.warn({ err: error instanceof Error ? error.message : String(error) }, 'stripe webhook: signature refused');
    throw new ApiError(
      'invalid_signature',
      'the Stripe-Signature header does not match this body, or is too old; nothing was done',
    );
  }
  const outcome = await inTransaction(deps.pool, (tx) => fulfil(tx, event, log));
  log.info({ event: event.id, type: event.type, outcome: outcome ?? 'replayed' }, 'stripe webhook: event handled');
  return jsonResponse(200, { received: true, event: event.id, outcome: outcome ?? 'replayed' });
}

/**
 * The event's effect and its record, in the caller's transaction. Null: the event id was seen
 * before (its first arrival did whatever it does).
 */
export async function fulfil(tx: Queryable, event: Stripe.Event, log: Logger): Promise<StripeEventOutcome | null> {
  const recorded = await tx.query(
    `INSERT INTO payment_events (id, provider, type, outcome) VALUES ($1, 'stripe', $2, 'received')
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [event.id, event.type.slice(0, 100)],
  );
  if (recorded.rowCount === 0) return null;
  const outcome = await apply(tx, event, log);
  await tx.query('UPDATE payment_events SET outcome = $2 WHERE id = $1', [event.id, outcome]);
  return outcome;
}

async function apply(tx: Queryable, event: Stripe.Event, log: Logger): Promise<StripeEventOutcome> {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return credit(tx, event.data.object, event.id, log);
    case 'checkout.session.expired':
      return close(tx, event.data.object.id, 'expired');
    case 'checkout.session.async_payment_failed':
      return close(tx, event.data.object.id, 'failed');
    default:
      return 'ignored';
  }
}

async function credit(
  tx: Queryable,
  session: Stripe.Checkout.Session,
  eventId: string,
  log: Logger,
): Promise<StripeEventOutcome> {
  // A card payment is paid at completion; a delayed method completes unpaid and succeeds later.
  if (session.payment_status !== 'paid') return 'not_paid';
  const found = await tx.query<{
    id: bigint;
    org_id: bigint;
    amount: bigint;
    currency: string;
    status: string;
    created_by: bigint | null;
  }>(
    `SELECT id, org_id, amount, currency, status, created_by FROM recharge_orders
      WHERE provider = 'stripe' AND provider_session_id = $1 FOR UPDATE`,
    [session.id],
  );
  const order = found.rows[0];
  if (order === undefined) {
    log.warn({ event: eventId, session: session.id }, 'stripe webhook: a paid session no recharge order names');
    return 'unknown_session';
  }
  const paidFen = session.amount_total;
  if (
    paidFen === null ||
    BigInt(paidFen) * LI_PER_FEN !== order.amount ||
    (session.currency ?? '').toLowerCase() !== order.currency.toLowerCase()
  ) {
    log.error(
      {
        event: eventId,
        session: session.id,
        order: String(order.id),
        org: String(order.org_id),
        orderLi: order.amount.toString(),
        paidFen,
        currency: session.currency,
      },
      'stripe webhook: the amount paid is not the order’s; nothing credited',
    );
    return 'amount_mismatch';
  }
  const booked = await bookLedgerEntry(tx, {
    orgId: order.org_id,
    kind: 'recharge',
    amount: order.amount,
    note: 'Stripe Checkout',
    externalRef: session.id,
    receiptNumber: typeof session.payment_intent === 'string' ? session.payment_intent : null,
    createdById: order.created_by,
  });
  if (booked.kind === 'no_org' || booked.kind === 'insufficient') {
    throw new Error(`stripe webhook: crediting org ${order.org_id} for order ${order.id} gave ${booked.kind}`);
  }
  await tx.query(
    `UPDATE recharge_orders SET status = 'paid', ledger_entry_id = $2, paid_at = coalesce(paid_at, now())
      WHERE id = $1`,
    [order.id, booked.entryId],
  );
  if (booked.kind === 'duplicate') return 'already_credited';
  log.info(
    {
      event: eventId,
      session: session.id,
      order: String(order.id),
      org: String(order.org_id),
      amountLi: order.amount.toString(),
      thawed: booked.thawed,
    },
    'stripe webhook: recharge credited',
  );
  return 'credited';
}

async function close(tx: Queryable, sessionId: string, status: 'expired' | 'failed'): Promise<StripeEventOutcome> {
  const updated = await tx.query(
    `UPDATE recharge_orders SET status = $2::recharge_status
      WHERE provider = 'stripe' AND provider_session_id = $1 AND status = 'pending'`,
    [sessionId, status],
  );
  return updated.rowCount === 0 ? 'unknown_session' : status;
}
