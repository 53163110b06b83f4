import { router } from '../../trpc.js';
import {
  adjustBalanceProcedure,
  grantMessagePackProcedure,
  manualRechargeProcedure,
  removeBillingPlanProcedure,
  removePriceProcedure,
  setBillingPlanProcedure,
  setLowBalanceThresholdProcedure,
  setPriceProcedure,
  transferToOrgProcedure,
} from './changes.js';
import {
  issueInvoiceProcedure,
  listInvoicesProcedure,
  markInvoiceSentProcedure,
  refuseInvoiceProcedure,
  requestInvoiceProcedure,
} from './invoices.js';
import { createRechargeCheckoutProcedure, getRechargeOrderProcedure } from './recharge.js';
import {
  exportLedgerXlsxProcedure,
  exportStatementXlsxProcedure,
  getBillingOverviewProcedure,
  getBillingPlansProcedure,
  getStatementProcedure,
  listLedgerProcedure,
  listPricesProcedure,
} from './reads.js';

/**
 * Money (issue 12): each procedure is named after the operation it calls. The order is the
 * access test's too (a price is set before it is removed, a recharge booked before an invoice is
 * asked for, an invoice issued before it is marked sent).
 */
export const billingRouter = router({
  getBillingOverview: getBillingOverviewProcedure,
  listLedger: listLedgerProcedure,
  exportLedgerXlsx: exportLedgerXlsxProcedure,
  getStatement: getStatementProcedure,
  exportStatementXlsx: exportStatementXlsxProcedure,
  listPrices: listPricesProcedure,
  setPrice: setPriceProcedure,
  removePrice: removePriceProcedure,
  getBillingPlans: getBillingPlansProcedure,
  setBillingPlan: setBillingPlanProcedure,
  removeBillingPlan: removeBillingPlanProcedure,
  createRechargeCheckout: createRechargeCheckoutProcedure,
  getRechargeOrder: getRechargeOrderProcedure,
  transferToOrg: transferToOrgProcedure,
  manualRecharge: manualRechargeProcedure,
  adjustBalance: adjustBalanceProcedure,
  grantMessagePack: grantMessagePackProcedure,
  setLowBalanceThreshold: setLowBalanceThresholdProcedure,
  requestInvoice: requestInvoiceProcedure,
  listInvoices: listInvoicesProcedure,
  issueInvoice: issueInvoiceProcedure,
  refuseInvoice: refuseInvoiceProcedure,
  markInvoiceSent: markInvoiceSentProcedure,
});
