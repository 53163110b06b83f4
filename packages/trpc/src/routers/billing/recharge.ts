import {
  createRechargeCheckout,
  CreateRechargeCheckoutInput,
  getRechargeOrder,
  GetRechargeOrderInput,
} from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';

/**
 * Online recharge (Stripe Checkout): opening a session for an order, and reading the order back
 * on the page Checkout returns to. Only the verified webhook event credits it.
 */
export const createRechargeCheckoutProcedure = permissionProcedure('billing:recharge')
  .input(CreateRechargeCheckoutInput)
  .mutation(async ({ ctx, input }) => {
    const opened = await createRechargeCheckout(ctx.deps, ctx.principal, input);
    return { orderId: String(opened.orderId), url: opened.url };
  });

export const getRechargeOrderProcedure = permissionProcedure('billing:read')
  .input(GetRechargeOrderInput)
  .query(async ({ ctx, input }) => {
    const order = await getRechargeOrder(ctx.deps, ctx.principal, input);
    return {
      id: String(order.id),
      orgId: String(order.orgId),
      amountLi: String(order.amount),
      currency: order.currency,
      status: order.status,
      ledgerEntryId: order.ledgerEntryId === null ? null : String(order.ledgerEntryId),
      createdAt: order.createdAt.toISOString(),
      paidAt: order.paidAt === null ? null : order.paidAt.toISOString(),
    };
  });
