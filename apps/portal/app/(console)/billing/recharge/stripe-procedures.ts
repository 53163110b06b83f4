'use client';
import { getUntypedClient } from '@trpc/client';
import { useMemo } from 'react';
import { useTRPCClient } from '../../../../src/trpc/client';

/** A Checkout session opened for a recharge order: the browser goes to `url`. */
export interface CheckoutOpened {
  readonly orderId: string;
  readonly url: string;
}

export interface RechargeOrderState {
  readonly id: string;
  readonly orgId: string;
  readonly amountLi: string;
  readonly status: 'pending' | 'paid' | 'expired' | 'failed';
  readonly paidAt: string | null;
}

/**
 * The online recharge's two procedures (createRechargeCheckout, getRechargeOrder). They are
 * called by path because the billing router does not list them yet (the operations exist in
 * @smshub/api, stripe-recharge.ts); once it does, this file becomes `trpc.billing.…` calls.
 * Answers are read defensively (ids and li as strings whatever the wire gives).
 */
export function useStripeRecharge(): {
  readonly createCheckout: (input: { amountLi: string; orgId?: string }) => Promise<CheckoutOpened>;
  readonly getOrder: (orderId: string) => Promise<RechargeOrderState>;
} {
  const client = useTRPCClient();
  return useMemo(() => {
    const untyped = getUntypedClient(client);
    return {
      createCheckout: async (input) => {
        const answer = (await untyped.mutation('billing.createRechargeCheckout', input)) as {
          orderId: unknown;
          url: unknown;
        };
        return { orderId: String(answer.orderId), url: String(answer.url) };
      },
      getOrder: async (orderId) => {
        const answer = (await untyped.query('billing.getRechargeOrder', { orderId })) as Record<string, unknown>;
        return {
          id: String(answer.id),
          orgId: String(answer.orgId),
          amountLi: String(answer.amountLi ?? answer.amount),
          status: answer.status as RechargeOrderState['status'],
          paidAt: answer.paidAt === null || answer.paidAt === undefined ? null : String(answer.paidAt),
        };
      },
    };
  }, [client]);
}
