import type { Samples } from './fixture.js';

/**
 * Money (issue 12): each aimed at the victim org V (its parent X may read it, set its prices and
 * plans and transfer to it) or its invoice request (the platform's to issue). Ordered as the
 * router is, so the parent's final calls succeed in turn (a price set before it is removed).
 */
export const billingSamples: Samples = {
  'billing.getBillingOverview': ({ victim }) => ({ orgId: victim.orgId }),
  'billing.listLedger': ({ victim }) => ({ orgId: victim.orgId }),
  'billing.exportLedgerXlsx': ({ victim }) => ({ orgId: victim.orgId }),
  'billing.getStatement': ({ victim }) => ({ orgId: victim.orgId, month: '2026-12' }),
  'billing.exportStatementXlsx': ({ victim }) => ({ orgId: victim.orgId, month: '2026-12' }),
  'billing.listPrices': ({ victim }) => ({ orgId: victim.orgId }),
  'billing.setPrice': ({ victim }) => ({
    orgId: victim.orgId,
    businessTypeId: victim.businessTypeId,
    carrierCode: '*',
    pricePerSegmentLi: '1',
  }),
  'billing.removePrice': ({ victim }) => ({
    orgId: victim.orgId,
    businessTypeId: victim.businessTypeId,
    carrierCode: '*',
  }),
  'billing.getBillingPlans': ({ victim }) => ({ orgId: victim.orgId }),
  'billing.setBillingPlan': ({ victim }) => ({
    orgId: victim.orgId,
    businessTypeId: victim.businessTypeId,
    mode: 'free',
  }),
  'billing.removeBillingPlan': ({ victim }) => ({ orgId: victim.orgId, businessTypeId: victim.businessTypeId }),
  'billing.createRechargeCheckout': ({ victim }) => ({ orgId: victim.orgId, amountLi: '10000' }),
  'billing.getRechargeOrder': ({ victim }) => ({ orderId: victim.rechargeOrderId }),
  'billing.transferToOrg': ({ victim }) => ({ toOrgId: victim.orgId, amountLi: '1000', note: 'access test' }),
  'billing.manualRecharge': ({ victim }) => ({
    orgId: victim.orgId,
    amountLi: '1000',
    receiptNumber: 'access-test-1',
    note: 'access test',
  }),
  'billing.adjustBalance': ({ victim }) => ({ orgId: victim.orgId, amountLi: '-1', note: 'access test' }),
  'billing.grantMessagePack': ({ victim }) => ({
    orgId: victim.orgId,
    businessTypeId: null,
    segments: 10,
    priceLi: '100',
    expiresAt: null,
  }),
  'billing.setLowBalanceThreshold': ({ victim }) => ({ orgId: victim.orgId, thresholdLi: '5000' }),
  'billing.requestInvoice': ({ victim }) => ({
    orgId: victim.orgId,
    amountLi: '1',
    title: 'intruder',
    taxNumber: '91350100M000100Y43',
    sendTo: 'intruder@example.cn',
  }),
  'billing.listInvoices': ({ victim }) => ({ orgId: victim.orgId }),
  'billing.issueInvoice': ({ victim }) => ({ id: victim.invoiceId, invoiceNumber: 'FP-ACCESS-1' }),
  'billing.refuseInvoice': ({ victim }) => ({ id: victim.invoiceId, reason: 'access test' }),
  'billing.markInvoiceSent': ({ victim }) => ({ id: victim.invoiceId }),
};
