import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  issueInvoice,
  listInvoices,
  manualRecharge,
  markInvoiceSent,
  refuseInvoice,
  requestInvoice,
  type Principal,
} from '../../src/index.js';
import { createBillingTree, moneySnapshot } from './billing-fixture.js';
import type { ConsoleTree } from './orgs-fixture.js';
import { refusal } from './refusal.js';

/** Invoices for prepayments: asked for up to what was recharged, issued, sent or refused by the platform. */
describe('billing invoices', () => {
  let t: ConsoleTree;
  let platform: Principal;
  let provinceAdmin: Principal;
  let cityFinance: Principal;
  let cityViewer: Principal;
  let siblingAdmin: Principal;
  const ask = { title: '某市邮政局', taxNumber: '91350100m000100y43', sendTo: 'finance@city.example.cn' };

  beforeAll(async () => {
    t = await createBillingTree();
    platform = await t.as(await t.user(t.fx.platform, 'admin'));
    provinceAdmin = await t.as(t.users.provinceAdmin);
    cityFinance = await t.as(await t.user(t.city, 'finance'));
    cityViewer = await t.as(t.users.cityViewer);
    siblingAdmin = await t.as(t.users.siblingAdmin);
    await manualRecharge(t.fx.deps, platform, { orgId: t.city.id, amountLi: 10_000n, receiptNumber: 'R-1' });
  });
  afterAll(() => t?.close());

  const refusedUnchanged = async (attempt: () => Promise<unknown>, code: string) => {
    const before = await moneySnapshot(t.fx);
    const error = await refusal(attempt());
    expect(error.code, error.message).toBe(code);
    expect(await moneySnapshot(t.fx)).toEqual(before);
    return error;
  };

  let first: bigint;
  let second: bigint;

  it('takes a request up to what was recharged and not yet invoiced', async () => {
    const invoice = await requestInvoice(t.fx.deps, cityFinance, { ...ask, amountLi: 6_000n });
    expect(invoice).toMatchObject({
      orgId: t.city.id,
      amount: 6_000n,
      status: 'requested',
      taxNumber: '91350100M000100Y43',
      invoiceNumber: null,
    });
    first = invoice.id;
    const error = await refusedUnchanged(
      () => requestInvoice(t.fx.deps, cityFinance, { ...ask, amountLi: 4_001n }),
      'validation_error',
    );
    expect(error.details).toMatchObject({ field: 'amountLi', invoiceable_li: '4000' });
    second = (await requestInvoice(t.fx.deps, cityFinance, { ...ask, amountLi: 4_000n })).id;
  });

  it('refuses a bad taxpayer number, an empty title, roles without billing:recharge and orgs outside', async () => {
    await refusedUnchanged(
      () => requestInvoice(t.fx.deps, provinceAdmin, { ...ask, orgId: t.city.id, taxNumber: '123', amountLi: 1n }),
      'validation_error',
    );
    await refusedUnchanged(
      () => requestInvoice(t.fx.deps, provinceAdmin, { ...ask, orgId: t.city.id, title: ' ', amountLi: 1n }),
      'validation_error',
    );
    await refusedUnchanged(() => requestInvoice(t.fx.deps, cityViewer, { ...ask, amountLi: 1n }), 'permission_denied');
    await refusedUnchanged(
      () => requestInvoice(t.fx.deps, siblingAdmin, { ...ask, orgId: t.city.id, amountLi: 1n }),
      'not_found',
    );
  });

  it('lists requests of my subtree; the platform sees all', async () => {
    const mine = await listInvoices(t.fx.deps, cityFinance);
    expect(mine.items.map((i) => i.id)).toEqual([second, first]);
    expect(mine.invoiceable).toBe(0n);
    expect((await listInvoices(t.fx.deps, provinceAdmin, { orgId: t.city.id })).total).toBe(2);
    expect((await listInvoices(t.fx.deps, siblingAdmin)).total).toBe(0);
    expect((await refusal(listInvoices(t.fx.deps, siblingAdmin, { orgId: t.city.id }))).code).toBe('not_found');
    expect((await listInvoices(t.fx.deps, platform, { status: 'requested' })).total).toBe(2);
  });

  it('issues, then marks sent, in that order only', async () => {
    await refusedUnchanged(() => markInvoiceSent(t.fx.deps, platform, { id: first }), 'invalid_status_change');
    const issued = await issueInvoice(t.fx.deps, platform, { id: first, invoiceNumber: 'FP-2026-0001' });
    expect(issued).toMatchObject({ status: 'issued', invoiceNumber: 'FP-2026-0001' });
    expect(issued.issuedAt).not.toBeNull();
    await refusedUnchanged(
      () => issueInvoice(t.fx.deps, platform, { id: first, invoiceNumber: 'FP-2026-0002' }),
      'invalid_status_change',
    );
    await refusedUnchanged(
      () => refuseInvoice(t.fx.deps, platform, { id: first, reason: 'late' }),
      'invalid_status_change',
    );
    const sent = await markInvoiceSent(t.fx.deps, platform, { id: first });
    expect(sent).toMatchObject({ status: 'sent', invoiceNumber: 'FP-2026-0001' });
    expect(sent.sentAt).not.toBeNull();
    expect(await t.fx.prisma.auditEntry.count({ where: { action: { startsWith: 'billing.invoice_' } } })).toBe(4);
  });

  it('refuses a request with a reason, which frees its amount again', async () => {
    const refused = await refuseInvoice(t.fx.deps, platform, { id: second, reason: '抬头与合同不符' });
    expect(refused).toMatchObject({ status: 'refused', refusalReason: '抬头与合同不符' });
    expect((await listInvoices(t.fx.deps, cityFinance)).invoiceable).toBe(4_000n);
  });

  it('is the platform’s to handle: tenants, unknown ids and empty numbers are refused', async () => {
    const again = (await requestInvoice(t.fx.deps, cityFinance, { ...ask, amountLi: 1_000n })).id;
    await refusedUnchanged(
      () => issueInvoice(t.fx.deps, provinceAdmin, { id: again, invoiceNumber: 'FP-X' }),
      'not_found',
    );
    await refusedUnchanged(
      () => issueInvoice(t.fx.deps, platform, { id: 999_999n, invoiceNumber: 'FP-X' }),
      'not_found',
    );
    await refusedUnchanged(
      () => issueInvoice(t.fx.deps, platform, { id: again, invoiceNumber: ' ' }),
      'validation_error',
    );
    await refusedUnchanged(() => refuseInvoice(t.fx.deps, platform, { id: again, reason: '' }), 'validation_error');
  });
});
