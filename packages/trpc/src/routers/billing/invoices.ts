import { issueInvoice, listInvoices, markInvoiceSent, refuseInvoice, requestInvoice } from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { defined } from '../orgs/limits.js';
import { Id, Paging } from '../orgs/wire.js';
import { invoiceWire, InvoiceStatusInput, Li } from './wire.js';

export const RequestInvoiceInput = z.object({
  /** Default: the caller's org. */
  orgId: Id.optional(),
  amountLi: Li,
  title: z.string().max(200),
  taxNumber: z.string().max(32),
  sendTo: z.string().max(300),
});

export const ListInvoicesInput = z.object({ orgId: Id.optional(), status: InvoiceStatusInput.optional(), ...Paging });

export const IssueInvoiceInput = z.object({ id: Id, invoiceNumber: z.string().max(64) });
export const RefuseInvoiceInput = z.object({ id: Id, reason: z.string().max(500) });
export const MarkInvoiceSentInput = z.object({ id: Id });

/** An invoice for money recharged and not yet invoiced. */
export const requestInvoiceProcedure = permissionProcedure('billing:recharge')
  .input(RequestInvoiceInput)
  .mutation(async ({ ctx, input }) => invoiceWire(await requestInvoice(ctx.deps, ctx.principal, defined(input))));

/** Invoice requests of the caller's subtree (the platform: all), newest first. */
export const listInvoicesProcedure = permissionProcedure('billing:read')
  .input(ListInvoicesInput)
  .query(async ({ ctx, input }) => {
    const page = await listInvoices(ctx.deps, ctx.principal, defined(input));
    return {
      items: page.items.map(invoiceWire),
      total: page.total,
      page: page.page,
      pageSize: page.pageSize,
      invoiceableLi: String(page.invoiceable),
    };
  });

/** Platform: requested → issued, with the invoice's number. */
export const issueInvoiceProcedure = permissionProcedure('billing:operate')
  .input(IssueInvoiceInput)
  .mutation(async ({ ctx, input }) => invoiceWire(await issueInvoice(ctx.deps, ctx.principal, input)));

/** Platform: requested → refused, with a reason. */
export const refuseInvoiceProcedure = permissionProcedure('billing:operate')
  .input(RefuseInvoiceInput)
  .mutation(async ({ ctx, input }) => invoiceWire(await refuseInvoice(ctx.deps, ctx.principal, input)));

/** Platform: issued → sent. */
export const markInvoiceSentProcedure = permissionProcedure('billing:operate')
  .input(MarkInvoiceSentInput)
  .mutation(async ({ ctx, input }) => invoiceWire(await markInvoiceSent(ctx.deps, ctx.principal, input)));
