import type { AppRouter } from '@smshub/trpc';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

type Outputs = inferRouterOutputs<AppRouter>['billing'];
type Inputs = inferRouterInputs<AppRouter>['billing'];

/** What the billing pages show, as the billing router sends it (li and ids as strings, times ISO). */
export type BillingOverview = Outputs['getBillingOverview'];
export type LedgerPage = Outputs['listLedger'];
export type LedgerEntry = LedgerPage['items'][number];
export type LedgerFilter = Omit<Inputs['listLedger'], 'page' | 'pageSize'>;
export type LedgerKind = LedgerEntry['kind'];
export type PriceList = Outputs['listPrices'];
export type EffectivePrice = PriceList['prices'][number];
export type BillingPlans = Outputs['getBillingPlans'];
export type BillingPlan = BillingPlans['plans'][number];
export type PlanMode = BillingPlan['mode'];
export type Statement = Outputs['getStatement'];
export type Invoice = Outputs['listInvoices']['items'][number];
export type InvoiceStatus = Invoice['status'];

export const LEDGER_KINDS = [
  'charge',
  'refund',
  'recharge',
  'adjustment',
  'transfer_out',
  'transfer_in',
  'pack_purchase',
  'monthly_fee',
] as const satisfies readonly LedgerKind[];

export const PLAN_MODES = [
  'per_segment',
  'monthly_package',
  'monthly_cap',
  'free',
] as const satisfies readonly PlanMode[];

export const INVOICE_STATUSES = ['requested', 'issued', 'sent', 'refused'] as const satisfies readonly InvoiceStatus[];

/**
 * The lists above are the browser's copies of the schema's enums (the API package's own lists
 * are server code): a kind, mode or status added there and missing here fails this check.
 */
type Exhaustive<Union, List extends readonly unknown[]> = [Exclude<Union, List[number]>] extends [never] ? true : never;
export const LISTS_COMPLETE: [
  Exhaustive<LedgerKind, typeof LEDGER_KINDS>,
  Exhaustive<PlanMode, typeof PLAN_MODES>,
  Exhaustive<InvoiceStatus, typeof INVOICE_STATUSES>,
] = [true, true, true];

/** li as a number of yuan for a chart axis (charts draw numbers; labels use the format module). */
export function yuanNumber(li: string): number {
  return Number(BigInt(li)) / 1000;
}
