import type { InvoiceStatus, Queryable } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { requirePermission, type Principal } from '../principal.js';
import { paging, type Page } from '../users/list-users.js';
import {
  auditInTransaction,
  bookedBy,
  checkAmount,
  checkText,
  findBillingOrg,
  inBillingTransaction,
} from './billing-org.js';

/**
 * Invoices (发票) for money paid in advance: a customer asks for one (never more than it has
 * recharged minus what was invoiced or is being invoiced), the platform issues it with its number
 * and marks it sent, or refuses it with a reason. requested → issued → sent, requested → refused.
 */

export const INVOICE_STATUSES: readonly InvoiceStatus[] = ['requested', 'issued', 'sent', 'refused'];

export interface InvoiceView {
  readonly id: bigint;
  readonly orgId: bigint;
  readonly orgName: string;
  /** li. */
  readonly amount: bigint;
  readonly title: string;
  readonly taxNumber: string;
  readonly sendTo: string;
  readonly status: InvoiceStatus;
  readonly invoiceNumber: string | null;
  readonly refusalReason: string | null;
  readonly createdAt: Date;
  readonly issuedAt: Date | null;
  readonly sentAt: Date | null;
}

interface InvoiceRow {
  id: bigint;
  org_id: bigint;
  org_name: string;
  amount: bigint;
  title: string;
  tax_number: string;
  send_to: string;
  status: InvoiceStatus;
  invoice_number: string | null;
  refusal_reason: string | null;
  created_at: Date;
  issued_at: Date | null;
  sent_at: Date | null;
}

const INVOICE_COLUMNS = `i.id, i.org_id, o.name AS org_name, i.amount, i.title, i.tax_number, i.send_to, i.status,
       i.invoice_number, i.refusal_reason, i.created_at, i.issued_at, i.sent_at
  FROM invoice_requests i JOIN orgs o ON o.id = i.org_id`;

function toInvoiceView(row: InvoiceRow): InvoiceView {
  return {
    id: row.id,
    orgId: row.org_id,
    orgName: row.org_name,
    amount: row.amount,
    title: row.title,
    taxNumber: row.tax_number,
    sendTo: row.send_to,
    status: row.status,
    invoiceNumber: row.invoice_number,
    refusalReason: row.refusal_reason,
    createdAt: row.created_at,
    issuedAt: row.issued_at,
    sentAt: row.sent_at,
  };
}

/** li an org may still ask an invoice for: its recharges minus every request not refused. */
export async function invoiceableAmount(db: Queryable, orgId: bigint): Promise<bigint> {
  const result = await db.query<{ left: bigint }>(
    `SELECT ((SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE org_id = $1 AND kind = 'recharge')
           - (SELECT coalesce(sum(amount), 0) FROM invoice_requests WHERE org_id = $1 AND status <> 'refused'))::bigint AS left`,
    [orgId],
  );
  return result.rows[0]!.left;
}

export interface RequestInvoiceInput {
  /** Default: the principal's org; an org of its subtree. */
  readonly orgId?: bigint;
  readonly amountLi: bigint;
  readonly title: string;
  readonly taxNumber: string;
  readonly sendTo: string;
}

/** A taxpayer number: the 18-character unified social credit code, or an older 15 to 20 letters and digits. */
const TAX_NUMBER = /^[0-9A-Z]{15,20}$/;

export async function requestInvoice(
  deps: ApiDeps,
  principal: Principal,
  input: RequestInvoiceInput,
): Promise<InvoiceView> {
  requirePermission(principal, 'billing:recharge');
  const amount = checkAmount('amountLi', input.amountLi);
  const title = checkText('title', input.title, 200)!;
  const taxNumber = checkText('taxNumber', input.taxNumber, 32)!.toUpperCase();
  if (!TAX_NUMBER.test(taxNumber)) {
    throw new ApiError('validation_error', 'taxNumber: 15 to 20 letters and digits (the unified social credit code)', {
      field: 'taxNumber',
    });
  }
  const sendTo = checkText('sendTo', input.sendTo, 300)!;
  return inBillingTransaction(deps, async (tx) => {
    // The org's lock serialises two requests at once against the same recharged total.
    const org = await findBillingOrg(tx, principal, input.orgId, 'visible', true);
    const left = await invoiceableAmount(tx, org.id);
    if (amount > left) {
      throw new ApiError(
        'validation_error',
        `amountLi: ${amount} li asked, at most ${left > 0n ? left : 0n} li recharged and not yet invoiced`,
        { field: 'amountLi', invoiceable_li: String(left > 0n ? left : 0n) },
      );
    }
    const inserted = await tx.query<{ id: bigint }>(
      `INSERT INTO invoice_requests (org_id, amount, title, tax_number, send_to, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [org.id, amount, title, taxNumber, sendTo, bookedBy(principal)],
    );
    const id = inserted.rows[0]!.id;
    await auditInTransaction(tx, principal, {
      orgId: org.id,
      action: 'billing.invoice_request',
      targetType: 'invoice_request',
      targetId: id,
      details: { amount_li: String(amount), title, tax_number: taxNumber },
    });
    return readInvoice(tx, id);
  });
}

async function readInvoice(db: Queryable, id: bigint): Promise<InvoiceView> {
  const result = await db.query<InvoiceRow>(`SELECT ${INVOICE_COLUMNS} WHERE i.id = $1`, [id]);
  return toInvoiceView(result.rows[0]!);
}

export interface ListInvoicesInput {
  /** Only this org (of the subtree); default every org of the subtree (the platform: all). */
  readonly orgId?: bigint;
  readonly status?: InvoiceStatus;
  readonly page?: number;
  readonly pageSize?: number;
}

/** Invoice requests of the principal's subtree, newest first. */
export async function listInvoices(
  deps: ApiDeps,
  principal: Principal,
  input: ListInvoicesInput = {},
): Promise<Page<InvoiceView> & { invoiceable: bigint }> {
  requirePermission(principal, 'billing:read');
  const { page, pageSize } = paging(input);
  if (input.status !== undefined && !INVOICE_STATUSES.includes(input.status)) {
    throw new ApiError('validation_error', `status: one of ${INVOICE_STATUSES.join(', ')}`, { field: 'status' });
  }
  const params: unknown[] = [principal.orgId];
  const conditions = ['o.path @> ARRAY[$1::bigint]'];
  if (input.orgId !== undefined) {
    params.push(input.orgId);
    conditions.push(`i.org_id = $${params.length}`);
  }
  if (input.status !== undefined) {
    params.push(input.status);
    conditions.push(`i.status = $${params.length}::invoice_status`);
  }
  const where = conditions.join(' AND ');
  const [rows, count, invoiceable] = await Promise.all([
    deps.pool.query<InvoiceRow>(
      `SELECT ${INVOICE_COLUMNS} WHERE ${where} ORDER BY i.created_at DESC, i.id DESC
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    ),
    deps.pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM invoice_requests i JOIN orgs o ON o.id = i.org_id WHERE ${where}`,
      params,
    ),
    findBillingOrg(deps.pool, principal, input.orgId).then((org) => invoiceableAmount(deps.pool, org.id)),
  ]);
  return {
    items: rows.rows.map(toInvoiceView),
    total: Number(count.rows[0]!.n),
    page,
    pageSize,
    invoiceable: invoiceable > 0n ? invoiceable : 0n,
  };
}

type InvoiceAction = 'issue' | 'refuse' | 'send';

const TRANSITIONS: Readonly<Record<InvoiceAction, { from: InvoiceStatus; to: InvoiceStatus }>> = {
  issue: { from: 'requested', to: 'issued' },
  refuse: { from: 'requested', to: 'refused' },
  send: { from: 'issued', to: 'sent' },
};

async function moveInvoice(
  deps: ApiDeps,
  principal: Principal,
  id: bigint,
  action: InvoiceAction,
  set: { invoiceNumber?: string; refusalReason?: string },
): Promise<InvoiceView> {
  requirePermission(principal, 'billing:operate');
  const { from, to } = TRANSITIONS[action];
  return inBillingTransaction(deps, async (tx) => {
    const current = await tx.query<{ org_id: bigint; status: InvoiceStatus }>(
      `SELECT i.org_id, i.status FROM invoice_requests i JOIN orgs o ON o.id = i.org_id
        WHERE i.id = $1 AND o.path @> ARRAY[$2::bigint] FOR UPDATE OF i`,
      [id, principal.orgId],
    );
    const row = current.rows[0];
    if (row === undefined) throw ApiError.notFound('invoice request', String(id));
    if (row.status !== from) {
      throw new ApiError(
        'invalid_status_change',
        `invoice request ${id} is ${row.status}; ${action} applies to ${from} requests`,
        {
          status: row.status,
          action,
        },
      );
    }
    await tx.query(
      `UPDATE invoice_requests SET status = $2::invoice_status,
              invoice_number = coalesce($3, invoice_number), refusal_reason = coalesce($4, refusal_reason),
              issued_at = CASE WHEN $2 = 'issued' THEN now() ELSE issued_at END,
              sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END,
              handled_by = $5
        WHERE id = $1`,
      [id, to, set.invoiceNumber ?? null, set.refusalReason ?? null, bookedBy(principal)],
    );
    await auditInTransaction(tx, principal, {
      orgId: row.org_id,
      action: `billing.invoice_${action}`,
      targetType: 'invoice_request',
      targetId: id,
      details: { from, to, ...set },
    });
    return readInvoice(tx, id);
  });
}

export async function issueInvoice(
  deps: ApiDeps,
  principal: Principal,
  input: { id: bigint; invoiceNumber: string },
): Promise<InvoiceView> {
  requirePermission(principal, 'billing:operate');
  const invoiceNumber = checkText('invoiceNumber', input.invoiceNumber, 64)!;
  return moveInvoice(deps, principal, input.id, 'issue', { invoiceNumber });
}

export async function refuseInvoice(
  deps: ApiDeps,
  principal: Principal,
  input: { id: bigint; reason: string },
): Promise<InvoiceView> {
  requirePermission(principal, 'billing:operate');
  const refusalReason = checkText('reason', input.reason, 500)!;
  return moveInvoice(deps, principal, input.id, 'refuse', { refusalReason });
}

export async function markInvoiceSent(
  deps: ApiDeps,
  principal: Principal,
  input: { id: bigint },
): Promise<InvoiceView> {
  return moveInvoice(deps, principal, input.id, 'send', {});
}
