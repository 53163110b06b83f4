import { LEDGER_KINDS } from '@smshub/db';
import { z } from 'zod';
import { QuoteMessagesResponse as QuoteAnswer } from '../../ops/messages/quote-messages.js';
import { apiSchemas, ResourceId } from '../schemas.js';

/**
 * The wire format of the money reads (GET /api/v1/balance, /api/v1/ledger): snake_case, ids as
 * decimal strings, every amount twice — yuan as a decimal string with three places and the same
 * amount as an integer in li (`balance`, `balance_li`), as messages carry `price` / `price_li`.
 */

function component<T extends z.ZodType>(
  id: string,
  schema: T,
  meta: { description?: string; examples?: unknown[] } = {},
): T {
  const described = schema.meta(meta);
  apiSchemas.add(described, { id });
  return described;
}

const Timestamp = z.iso.datetime().meta({ description: 'ISO 8601, UTC.' });
const Yuan = z.string().meta({ description: 'Yuan as a decimal string with three places (li); negative for a debit.' });
const Li = z.number().int().meta({ description: 'The same amount in li (1/1000 yuan).' });

export const LEDGER_KIND_VALUES = LEDGER_KINDS;

const OrgQuery = ResourceId.optional().meta({
  description: 'An org below your key’s org (default: the key’s own org); any other org is 404.',
});

export const BalanceQuery = component('BalanceQuery', z.strictObject({ org_id: OrgQuery }));

export const Balance = component(
  'Balance',
  z.object({
    org_id: ResourceId,
    billing_mode: z.enum(['prepaid', 'postpaid']),
    balance: Yuan,
    balance_li: Li,
    reserved: Yuan.meta({ description: 'Held for messages charged on delivery and not yet final.' }),
    reserved_li: Li,
    credit_limit: Yuan.meta({ description: 'How far a postpaid org may go below zero.' }),
    credit_limit_li: Li,
    spendable: Yuan.meta({ description: 'balance − reserved, plus the credit line for a postpaid org.' }),
    spendable_li: Li,
    status: z.string().meta({ description: 'The org’s status: active, frozen (recharge to thaw), suspended …' }),
    frozen_at: Timestamp.nullable(),
    low_balance_threshold: Yuan.nullable(),
    low_balance_threshold_li: Li.nullable(),
    pack_segments_left: z.number().int().meta({ description: 'Segments left in message packs, used before money.' }),
    month: z.string().meta({ description: 'This month in Beijing time, YYYY-MM.' }),
    month_spent: Yuan.meta({ description: 'Spent this month: charges after refunds, monthly fees, packs bought.' }),
    month_spent_li: Li,
  }),
  {
    description: 'What an org may spend now.',
    examples: [
      {
        org_id: '1024',
        billing_mode: 'prepaid',
        balance: '1250.500',
        balance_li: 1250500,
        reserved: '0.350',
        reserved_li: 350,
        credit_limit: '0.000',
        credit_limit_li: 0,
        spendable: '1250.150',
        spendable_li: 1250150,
        status: 'active',
        frozen_at: null,
        low_balance_threshold: '100.000',
        low_balance_threshold_li: 100000,
        pack_segments_left: 5000,
        month: '2026-12',
        month_spent: '83.210',
        month_spent_li: 83210,
      },
    ],
  },
);
export type Balance = z.infer<typeof Balance>;

export const ListLedgerQuery = component(
  'ListLedgerQuery',
  z.strictObject({
    org_id: OrgQuery,
    kind: z
      .string()
      .max(200)
      .regex(new RegExp(`^(${LEDGER_KIND_VALUES.join('|')})(,(${LEDGER_KIND_VALUES.join('|')}))*$`), {
        error: `one or more of ${LEDGER_KIND_VALUES.join(', ')}, separated by commas`,
      })
      .optional()
      .meta({ description: `Only rows of these kinds (comma-separated): ${LEDGER_KIND_VALUES.join(', ')}.` }),
    business_type: z
      .string()
      .min(1)
      .max(32)
      .optional()
      .meta({ description: 'Only rows for this business type (its code).' }),
    from: z.iso.datetime({ offset: true }).optional().meta({ description: 'Rows booked at or after this time.' }),
    to: z.iso.datetime({ offset: true }).optional().meta({ description: 'Rows booked before this time.' }),
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    page_size: z.coerce.number().int().min(1).max(100).default(20),
  }),
);

export const LedgerEntry = component(
  'LedgerEntry',
  z.object({
    id: ResourceId,
    org_id: ResourceId,
    kind: z.enum(LEDGER_KIND_VALUES),
    amount: Yuan,
    amount_li: Li,
    balance_after: Yuan,
    balance_after_li: Li,
    business_type: z.string().nullable(),
    counterparty_org_id: ResourceId.nullable().meta({ description: 'The other org of a transfer.' }),
    campaign_id: ResourceId.nullable(),
    message_id: ResourceId.nullable(),
    note: z.string().nullable(),
    receipt_number: z.string().nullable(),
    created_at: Timestamp,
  }),
  {
    description: 'One change of the balance.',
    examples: [
      {
        id: '88',
        org_id: '1024',
        kind: 'charge',
        amount: '-0.070',
        amount_li: -70,
        balance_after: '1250.500',
        balance_after_li: 1250500,
        business_type: 'verification',
        counterparty_org_id: null,
        campaign_id: '512',
        message_id: null,
        note: null,
        receipt_number: null,
        created_at: '2026-12-01T02:00:00.000Z',
      },
    ],
  },
);
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const LedgerList = component(
  'LedgerList',
  z.object({
    data: z.array(LedgerEntry).meta({ description: 'Newest first.' }),
    page: z.number().int(),
    page_size: z.number().int(),
    total: z.number().int().meta({ description: 'Rows matching the filter.' }),
    totals: z
      .object({ credits: Yuan, credits_li: Li, debits: Yuan, debits_li: Li, net: Yuan, net_li: Li })
      .meta({ description: 'Sums over every row of the filter, not only this page.' }),
  }),
);
export type LedgerList = z.infer<typeof LedgerList>;

/** The quote operation's answer (ops/messages/quote-messages.ts), as a component of the document. */
export const QuoteMessagesAnswer = component('QuoteMessagesResponse', QuoteAnswer, {
  description:
    'What sending this body now would charge: per recipient (accepted with its price, or rejected with the reason a send would give), the total, and what the org can spend.',
});
