import { formatLi } from '@smshub/core';
import type { RechargeStatus } from '@smshub/db';
import { z } from 'zod';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { recordAudit } from '../audit.js';
import { requirePermission, type Principal } from '../principal.js';
import { visibleOrgsWhere } from '../visibility.js';
import { paymentsOf, type WithStripePayments } from './stripe-payments.js';

/** 1 yuan and 1,000,000 yuan, in li: the smallest and the largest online recharge. */
export const MIN_RECHARGE_LI = 1_000n;
export const MAX_RECHARGE_LI = 1_000_000_000n;
/** Stripe counts CNY in fen; 1 fen = 10 li. */
const LI_PER_FEN = 10n;

const Id = z.string().regex(/^[1-9]\d{0,18}$/, 'an id: digits');

export const CreateRechargeCheckoutInput = z.strictObject({
  /** The org to recharge: the principal's own (default) or one below it. */
  orgId: Id.optional(),
  /** li, as digits (1 yuan = "1000"); a whole number of fen, 1 to 1,000,000 yuan. */
  amountLi: z.string().regex(/^\d{1,19}$/, 'li as digits'),
});
export type CreateRechargeCheckoutInput = z.input<typeof CreateRechargeCheckoutInput>;

export interface RechargeCheckout {
  readonly orderId: bigint;
  /** Stripe Checkout's page: the console sends the browser there. */
  readonly url: string;
}

export type RechargeDeps = Pick<ApiDeps, 'prisma' | 'logger'> & WithStripePayments;

/**
 * Opens an online recharge: a recharge_orders row (pending) and a Stripe Checkout session for
 * it, in CNY, with the order's and the org's ids in the session's metadata. Nothing is credited
 * here: only the verified `checkout.session.completed` event does (the webhook,
 * v1/payments/stripe-webhook.ts). Refused with `payments_unavailable` when no Stripe key is
 * configured or Stripe does not answer; the order is then marked failed.
 */
export async function createRechargeCheckout(
  deps: RechargeDeps,
  principal: Principal,
  input: CreateRechargeCheckoutInput,
): Promise<RechargeCheckout> {
  requirePermission(principal, 'billing:recharge');
  const parsed = CreateRechargeCheckoutInput.safeParse(input);
  if (!parsed.success) {
    throw new ApiError(
      'validation_error',
      `invalid input: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      {
        part: 'body',
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message })),
        issue_count: parsed.error.issues.length,
      },
    );
  }
  const amount = BigInt(parsed.data.amountLi);
  amountRefusal(amount);
  const orgId = parsed.data.orgId === undefined ? principal.orgId : BigInt(parsed.data.orgId);
  const org = await deps.prisma.org.findFirst({
    where: { id: orgId, ...visibleOrgsWhere(principal) },
    select: { id: true, name: true, status: true },
  });
  if (org === null) throw ApiError.notFound('org', String(orgId));
  if (org.status === 'closed' || org.status === 'pending' || org.status === 'refused') {
    throw new ApiError('invalid_status_change', `org ${org.id} is ${org.status}: it cannot be recharged`, {
      status: org.status,
    });
  }

  const payments = paymentsOf(deps);
  const client = payments.client;
  if (client === null) {
    throw new ApiError(
      'payments_unavailable',
      'online payment is not configured on this platform (no STRIPE_SECRET_KEY); ask your superior org or the platform for a transfer',
    );
  }
  const order = await deps.prisma.rechargeOrder.create({
    data: {
      orgId: org.id,
      amount,
      currency: 'cny',
      provider: 'stripe',
      createdById: principal.actor.kind === 'user' ? principal.actor.userId : null,
    },
    select: { id: true },
  });
  const back = `${payments.config.consoleUrl}/billing/recharge?order=${order.id}`;
  let session: { id: string; url: string | null };
  try {
    session = await client.checkout.sessions.create(
      {
        mode: 'payment',
        currency: 'cny',
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: 'cny',
              unit_amount: Number(amount / LI_PER_FEN),
              product_data: { name: 'smshub 充值 / recharge', description: `${org.name} · ${formatLi(amount)} 元` },
            },
          },
        ],
        client_reference_id: String(order.id),
        metadata: { recharge_order_id: String(order.id), org_id: String(org.id) },
        success_url: back,
        cancel_url: back,
      },
      // The order id: a retried call cannot open a second session for one order.
      { idempotencyKey: `smshub-recharge-${order.id}` },
    );
  } catch (error) {
    deps.logger.error(
      { err: error, order: String(order.id), org: String(org.id) },
      'stripe: checkout session not created',
    );
    await deps.prisma.rechargeOrder.update({ where: { id: order.id }, data: { status: 'failed' } });
    throw new ApiError(
      'payments_unavailable',
      'the payment provider did not open a checkout page; try again in a moment',
      {
        order_id: String(order.id),
      },
    );
  }
  if (session.url === null) {
    await deps.prisma.rechargeOrder.update({ where: { id: order.id }, data: { status: 'failed' } });
    throw new ApiError('payments_unavailable', 'the payment provider gave no checkout page; try again in a moment');
  }
  await deps.prisma.$transaction(async (tx) => {
    await tx.rechargeOrder.update({ where: { id: order.id }, data: { providerSessionId: session.id } });
    await recordAudit(tx, principal, {
      orgId: org.id,
      action: 'recharge.checkout',
      targetType: 'recharge_order',
      targetId: order.id,
      details: { amount_li: amount.toString(), session: session.id },
    });
  });
  deps.logger.info(
    { order: String(order.id), org: String(org.id), amountLi: amount.toString(), session: session.id },
    'stripe: checkout session opened',
  );
  return { orderId: order.id, url: session.url };
}

function amountRefusal(amount: bigint): void {
  const refuse = (message: string) =>
    new ApiError('validation_error', `invalid input: amountLi: ${message}`, {
      part: 'body',
      issues: [{ path: 'amountLi', code: 'custom', message }],
      issue_count: 1,
    });
  if (amount < MIN_RECHARGE_LI || amount > MAX_RECHARGE_LI) {
    throw refuse(`a recharge is ${formatLi(MIN_RECHARGE_LI)} to ${formatLi(MAX_RECHARGE_LI)} yuan`);
  }
  if (amount % LI_PER_FEN !== 0n) throw refuse('a recharge is a whole number of fen (a multiple of 10 li)');
}

export const GetRechargeOrderInput = z.strictObject({ orderId: Id });
export type GetRechargeOrderInput = z.input<typeof GetRechargeOrderInput>;

export interface RechargeOrderView {
  readonly id: bigint;
  readonly orgId: bigint;
  readonly amount: bigint;
  readonly currency: string;
  readonly status: RechargeStatus;
  readonly ledgerEntryId: bigint | null;
  readonly createdAt: Date;
  readonly paidAt: Date | null;
}

/**
 * One recharge order of the principal's subtree, for the page Checkout returns to: pending until
 * the verified event arrives, then paid (or expired). Not yours is not found.
 */
export async function getRechargeOrder(
  deps: Pick<ApiDeps, 'prisma'>,
  principal: Principal,
  input: GetRechargeOrderInput,
): Promise<RechargeOrderView> {
  requirePermission(principal, 'billing:read');
  const parsed = GetRechargeOrderInput.safeParse(input);
  if (!parsed.success) throw ApiError.notFound('recharge order', String(input.orderId));
  const row = await deps.prisma.rechargeOrder.findFirst({
    where: { id: BigInt(parsed.data.orderId), org: visibleOrgsWhere(principal) },
    select: {
      id: true,
      orgId: true,
      amount: true,
      currency: true,
      status: true,
      ledgerEntryId: true,
      createdAt: true,
      paidAt: true,
    },
  });
  if (row === null) throw ApiError.notFound('recharge order', parsed.data.orderId);
  return row;
}
