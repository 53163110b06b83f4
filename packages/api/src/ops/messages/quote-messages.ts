import { formatLi } from '@smshub/core';
import { quoteIntake } from '@smshub/db';
import { z } from 'zod';
import type { ApiDeps } from '../../v1/deps.js';
import { RejectedRecipient, SendPairsRequest, SendTextRequest, type RecipientResult } from '../../v1/schemas.js';
import { requirePermission, type Principal } from '../principal.js';
import { checkRequest, priceRecipients, type SendMessagesRequest } from './send-messages.js';

/** The body of a send: a quote is asked with exactly what would be sent. */
export const QuoteMessagesInput = z.union([SendTextRequest, SendPairsRequest]);
export type QuoteMessagesInput = SendMessagesRequest;

const Yuan = z.string().regex(/^-?\d+\.\d{3}$/);
const Li = z.number().int();

export const QuotedRecipient = z.object({
  index: z.number().int(),
  to: z.string(),
  status: z.literal('accepted'),
  carrier: z.string(),
  encoding: z.enum(['gsm7', 'ucs2']),
  segments: z.number().int().min(1).max(255),
  /** What sending now would charge for it: packs and the org's plan applied. */
  price: Yuan,
  price_li: Li,
  /** Segments × the price per segment for its carrier, before packs and plan. */
  list_price: Yuan,
  list_price_li: Li,
  /** Segments a message pack would pay for. */
  pack_segments: z.number().int(),
});

export const QuoteMessagesResponse = z.object({
  business_type: z.string(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  segments: z.number().int(),
  /** What sending now would charge (or hold, for a type charged on delivery). */
  amount: Yuan,
  amount_li: Li,
  list_amount: Yuan,
  list_amount_li: Li,
  charge_basis: z.enum(['accepted', 'delivered']),
  results: z.array(z.discriminatedUnion('status', [QuotedRecipient, RejectedRecipient])),
  billing_mode: z.enum(['prepaid', 'postpaid']),
  balance: Yuan,
  balance_li: Li,
  credit_limit: Yuan,
  credit_limit_li: Li,
  /** Balance less what delivered-basis messages hold, plus the credit limit when postpaid. */
  spendable: Yuan,
  spendable_li: Li,
  /** Segments left in live message packs usable for this business type. */
  pack_segments_left: z.number().int(),
  /** Whether the org could pay for this send now (a concurrent send may change it). */
  affordable: z.boolean(),
});
export type QuoteMessagesResponse = z.infer<typeof QuoteMessagesResponse>;

/**
 * What a send would cost, before sending: the same checks, recipients and prices as
 * `sendMessages` (shared code), then packs and the org's plan as intake would apply them now.
 * Nothing is stored, charged or counted against the org's limits. Errors are the ApiErrors a send
 * would give (unknown or not allowed business type, every recipient rejected, bad send_at or
 * extension).
 */
export async function quoteMessages(
  deps: ApiDeps,
  principal: Principal,
  input: QuoteMessagesInput,
): Promise<QuoteMessagesResponse> {
  requirePermission(principal, 'messages:send');
  const { sendAt, recipients } = checkRequest(deps, principal, input);
  const { businessType, accepted, rejections } = await priceRecipients(
    deps,
    principal,
    input,
    recipients,
    sendAt,
    input.client_ref ?? null,
  );
  const quote = await quoteIntake(
    deps.pool,
    {
      orgId: principal.orgId,
      businessTypeId: businessType.id,
      messages: accepted.map((recipient) => recipient.message),
    },
    deps.now(),
  );

  const results = new Array<QuoteMessagesResponse['results'][number]>(recipients.length);
  for (const rejection of rejections) {
    results[rejection.index] = {
      index: rejection.index,
      to: rejection.to,
      status: 'rejected',
      reason: rejection.reason as Extract<RecipientResult, { status: 'rejected' }>['reason'],
      message: rejection.message,
    };
  }
  let segments = 0;
  let listAmount = 0n;
  accepted.forEach(({ index, message }, i) => {
    const price = quote.prices[i] ?? message.price;
    segments += message.segmentCount;
    listAmount += message.price;
    results[index] = {
      index,
      to: message.recipient,
      status: 'accepted',
      carrier: message.carrierCode,
      encoding: message.encoding,
      segments: message.segmentCount,
      price: formatLi(price),
      price_li: Number(price),
      list_price: formatLi(message.price),
      list_price_li: Number(message.price),
      pack_segments: quote.packSegments[i] ?? 0,
    };
  });
  const { funds } = quote;
  return {
    business_type: businessType.code,
    accepted: accepted.length,
    rejected: rejections.length,
    segments,
    amount: formatLi(quote.amount),
    amount_li: Number(quote.amount),
    list_amount: formatLi(listAmount),
    list_amount_li: Number(listAmount),
    charge_basis: quote.hold ? 'delivered' : 'accepted',
    results,
    billing_mode: funds.billingMode,
    balance: formatLi(funds.balance),
    balance_li: Number(funds.balance),
    credit_limit: formatLi(funds.creditLimit),
    credit_limit_li: Number(funds.creditLimit),
    spendable: formatLi(quote.spendable),
    spendable_li: Number(quote.spendable),
    pack_segments_left: quote.packSegmentsLeft,
    affordable: quote.affordable,
  };
}
