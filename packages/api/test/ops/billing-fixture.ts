import { ledgerMismatches } from '@smshub/db';
import type { ApiFixture } from '../api-fixture.js';
import { createConsoleTree, type ConsoleTree } from './orgs-fixture.js';

/**
 * The console tree (platform → province → city → county → department, a sibling city, an
 * unrelated province) with every balance at zero and an empty ledger, so a test can fund orgs
 * through the ledger and check `ledgerMismatches` at the end.
 */
export async function createBillingTree(): Promise<ConsoleTree> {
  const t = await createConsoleTree();
  await t.fx.prisma.org.updateMany({ data: { balance: 0n } });
  return t;
}

/** Everything a money operation could change, to compare before and after a refusal. */
export async function moneySnapshot(fx: ApiFixture) {
  const [orgs, ledger, prices, plans, packs, invoices, audit] = await Promise.all([
    fx.prisma.org.findMany({ orderBy: { id: 'asc' } }),
    fx.prisma.ledgerEntry.findMany({ orderBy: { id: 'asc' } }),
    fx.prisma.orgPrice.findMany({ orderBy: [{ orgId: 'asc' }, { businessTypeId: 'asc' }, { carrierCode: 'asc' }] }),
    fx.prisma.billingPlan.findMany({ orderBy: [{ orgId: 'asc' }, { businessTypeId: 'asc' }] }),
    fx.prisma.messagePack.findMany({ orderBy: { id: 'asc' } }),
    fx.prisma.invoiceRequest.findMany({ orderBy: { id: 'asc' } }),
    fx.prisma.auditEntry.count(),
  ]);
  return { orgs, ledger, prices, plans, packs, invoices, audit };
}

export async function expectLedgerBalanced(fx: ApiFixture): Promise<unknown[]> {
  return ledgerMismatches(fx.pool);
}
