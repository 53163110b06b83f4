import {
  exportLedgerXlsx,
  exportStatementXlsx,
  getBillingOverview,
  getBillingPlans,
  getStatement,
  listLedger,
  listPrices,
} from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { defined } from '../orgs/limits.js';
import { Id, Paging } from '../orgs/wire.js';
import {
  billingPlanWire,
  Instant,
  LedgerKindInput,
  ledgerPageWire,
  Month,
  overviewWire,
  priceListWire,
  statementWire,
  xlsxWire,
} from './wire.js';

/** The org a read is about: the caller's own (absent) or one of its subtree (NOT_FOUND otherwise). */
export const OrgInput = z.object({ orgId: Id.optional() });

export const LedgerFilterInput = z.object({
  orgId: Id.optional(),
  kinds: z.array(LedgerKindInput).max(8).optional(),
  businessTypeId: Id.optional(),
  /** Inclusive from, exclusive to. */
  from: Instant.optional(),
  to: Instant.optional(),
});

export const ListLedgerInput = LedgerFilterInput.extend(Paging);

export const StatementInput = z.object({ orgId: Id.optional(), month: Month });

/** Balance, credit, freeze, packs and this month's spend (with the last six months for the chart). */
export const getBillingOverviewProcedure = permissionProcedure('billing:read')
  .input(OrgInput.optional())
  .query(async ({ ctx, input }) =>
    overviewWire(await getBillingOverview(ctx.deps, ctx.principal, defined(input ?? {}))),
  );

/** One org's ledger, newest first, with the totals of the whole filter. */
export const listLedgerProcedure = permissionProcedure('billing:read')
  .input(ListLedgerInput)
  .query(async ({ ctx, input }) => ledgerPageWire(await listLedger(ctx.deps, ctx.principal, defined(input))));

/** The same filter as an XLSX workbook (base64), oldest first, with a totals row; at most 100,000 rows. */
export const exportLedgerXlsxProcedure = permissionProcedure('billing:read')
  .input(LedgerFilterInput)
  .query(async ({ ctx, input }) => xlsxWire(await exportLedgerXlsx(ctx.deps, ctx.principal, defined(input))));

/** One Beijing month of one org, computed from its ledger. */
export const getStatementProcedure = permissionProcedure('billing:read')
  .input(StatementInput)
  .query(async ({ ctx, input }) => statementWire(await getStatement(ctx.deps, ctx.principal, defined(input))));

export const exportStatementXlsxProcedure = permissionProcedure('billing:read')
  .input(StatementInput)
  .query(async ({ ctx, input }) => xlsxWire(await exportStatementXlsx(ctx.deps, ctx.principal, defined(input))));

/** Per business type and carrier: the price the org pays and where it comes from. */
export const listPricesProcedure = permissionProcedure('billing:read')
  .input(OrgInput.optional())
  .query(async ({ ctx, input }) => priceListWire(await listPrices(ctx.deps, ctx.principal, defined(input ?? {}))));

/** One org's billing plan per business type (no plan: per segment). */
export const getBillingPlansProcedure = permissionProcedure('billing:read')
  .input(OrgInput.optional())
  .query(async ({ ctx, input }) => {
    const plans = await getBillingPlans(ctx.deps, ctx.principal, defined(input ?? {}));
    return {
      orgId: String(plans.orgId),
      orgName: plans.orgName,
      manageable: plans.manageable,
      plans: plans.plans.map(billingPlanWire),
    };
  });
