import type {
  BillingOverview,
  BillingPlanView,
  Booked,
  InvoiceView,
  LedgerPage,
  PriceList,
  Statement,
  XlsxFile,
} from '@smshub/api';
import { LEDGER_KINDS, type LedgerEntryView } from '@smshub/db';
import { z } from 'zod';

/**
 * How money crosses tRPC: li as digit strings (bigint does not survive JSON; the console formats
 * them with formatYuan), ids as strings, times as ISO strings, workbooks as base64.
 */

/** li, 0 or more, as digits. */
export const Li = z
  .string()
  .regex(/^[0-9]{1,15}$/, 'li: digits')
  .transform((value) => BigInt(value));

/** li, signed, as digits with an optional minus. */
export const SignedLi = z
  .string()
  .regex(/^-?[0-9]{1,15}$/, 'li: digits, signed')
  .transform((value) => BigInt(value));

export const Instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/** 'YYYY-MM', a Beijing month. */
export const Month = z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

export const LedgerKindInput = z.enum(LEDGER_KINDS);

export const BillingPlanModeInput = z.enum(['per_segment', 'monthly_package', 'monthly_cap', 'free']);
export const InvoiceStatusInput = z.enum(['requested', 'issued', 'sent', 'refused']);

const li = (value: bigint) => String(value);
const liOrNull = (value: bigint | null) => (value === null ? null : String(value));
const iso = (value: Date | null) => (value === null ? null : value.toISOString());

export function overviewWire(o: BillingOverview) {
  return {
    orgId: String(o.orgId),
    orgName: o.orgName,
    billingMode: o.billingMode,
    balanceLi: li(o.balance),
    reservedLi: li(o.reserved),
    creditLimitLi: li(o.creditLimit),
    spendableLi: li(o.spendable),
    status: o.status,
    frozen: o.frozen,
    frozenAt: iso(o.frozenAt),
    emptySince: iso(o.emptySince),
    thawBy: o.thawBy,
    lowBalanceThresholdLi: liOrNull(o.lowBalanceThreshold),
    packs: o.packs.map((p) => ({
      id: String(p.id),
      businessTypeId: p.businessTypeId === null ? null : String(p.businessTypeId),
      businessTypeCode: p.businessTypeCode,
      segments: p.segments,
      segmentsLeft: p.segmentsLeft,
      priceLi: li(p.price),
      boughtAt: p.boughtAt.toISOString(),
      expiresAt: iso(p.expiresAt),
    })),
    packSegmentsLeft: o.packSegmentsLeft,
    month: o.month,
    monthByBusinessType: o.monthByBusinessType.map((t) => ({
      businessTypeId: String(t.businessTypeId),
      businessTypeCode: t.businessTypeCode,
      businessTypeName: t.businessTypeName,
      segments: String(t.segments),
      amountLi: li(t.amount),
      feeChargedLi: li(t.feeCharged),
    })),
    monthSpentLi: li(o.monthSpent),
    lastMonths: o.lastMonths.map((m) => ({ month: m.month, spentLi: li(m.spent) })),
  };
}

export function ledgerEntryWire(e: LedgerEntryView) {
  return {
    id: String(e.id),
    orgId: String(e.orgId),
    kind: e.kind,
    amountLi: li(e.amount),
    balanceAfterLi: li(e.balanceAfter),
    businessTypeId: e.businessTypeId === null ? null : String(e.businessTypeId),
    businessTypeCode: e.businessTypeCode,
    counterpartyOrgId: e.counterpartyOrgId === null ? null : String(e.counterpartyOrgId),
    counterpartyOrgName: e.counterpartyOrgName,
    campaignId: e.campaignId === null ? null : String(e.campaignId),
    messageId: e.messageId === null ? null : String(e.messageId),
    note: e.note,
    receiptNumber: e.receiptNumber,
    createdAt: e.createdAt.toISOString(),
  };
}

export function ledgerPageWire(p: LedgerPage) {
  return {
    orgId: String(p.orgId),
    items: p.items.map(ledgerEntryWire),
    total: p.total,
    page: p.page,
    pageSize: p.pageSize,
    totals: {
      count: p.totals.count,
      creditsLi: li(p.totals.credits),
      debitsLi: li(p.totals.debits),
      netLi: li(p.totals.net),
    },
  };
}

export function xlsxWire(file: XlsxFile) {
  return {
    filename: file.filename,
    rows: file.rows,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    contentBase64: file.buffer.toString('base64'),
  };
}

export function statementWire(s: Statement) {
  return {
    orgId: String(s.orgId),
    orgName: s.orgName,
    billingMode: s.billingMode,
    month: s.month,
    start: s.start.toISOString(),
    end: s.end.toISOString(),
    openingLi: li(s.opening),
    closingLi: li(s.closing),
    charges: s.charges.map((c) => ({
      businessTypeId: String(c.businessTypeId),
      businessTypeCode: c.businessTypeCode,
      businessTypeName: c.businessTypeName,
      segments: String(c.segments),
      chargedLi: li(c.charged),
      refundedLi: li(c.refunded),
    })),
    chargedLi: li(s.charged),
    refundsLi: li(s.refunds),
    rechargesLi: li(s.recharges),
    transfersInLi: li(s.transfersIn),
    transfersOutLi: li(s.transfersOut),
    packPurchasesLi: li(s.packPurchases),
    monthlyFeesLi: li(s.monthlyFees),
    adjustmentsLi: li(s.adjustments),
    entries: s.entries,
    amountDueLi: liOrNull(s.amountDue),
  };
}

export function priceListWire(p: PriceList) {
  return {
    orgId: String(p.orgId),
    orgName: p.orgName,
    manageable: p.manageable,
    prices: p.prices.map((e) => ({
      businessTypeId: String(e.businessTypeId),
      businessTypeCode: e.businessTypeCode,
      businessTypeName: e.businessTypeName,
      carrierCode: e.carrierCode,
      pricePerSegmentLi: li(e.pricePerSegment),
      source: e.source,
      sourceOrgId: e.sourceOrgId === null ? null : String(e.sourceOrgId),
      sourceOrgName: e.sourceOrgName,
      viaWildcard: e.viaWildcard,
    })),
    own: p.own.map((o) => ({
      businessTypeId: String(o.businessTypeId),
      businessTypeCode: o.businessTypeCode,
      carrierCode: o.carrierCode,
      pricePerSegmentLi: li(o.pricePerSegment),
      updatedAt: o.updatedAt.toISOString(),
    })),
  };
}

export function billingPlanWire(p: BillingPlanView) {
  return {
    businessTypeId: String(p.businessTypeId),
    businessTypeCode: p.businessTypeCode,
    businessTypeName: p.businessTypeName,
    mode: p.mode,
    planned: p.planned,
    monthlyFeeLi: li(p.monthlyFee),
    includedSegments: p.includedSegments,
    overagePriceLi: liOrNull(p.overagePrice),
    monthlyCapLi: liOrNull(p.monthlyCap),
    updatedAt: iso(p.updatedAt),
  };
}

export function bookedWire(b: Booked) {
  return {
    orgId: String(b.orgId),
    entryId: b.entryId === null ? null : String(b.entryId),
    balanceAfterLi: li(b.balanceAfter),
    thawed: b.thawed,
    duplicate: b.duplicate,
  };
}

export function invoiceWire(i: InvoiceView) {
  return {
    id: String(i.id),
    orgId: String(i.orgId),
    orgName: i.orgName,
    amountLi: li(i.amount),
    title: i.title,
    taxNumber: i.taxNumber,
    sendTo: i.sendTo,
    status: i.status,
    invoiceNumber: i.invoiceNumber,
    refusalReason: i.refusalReason,
    createdAt: i.createdAt.toISOString(),
    issuedAt: iso(i.issuedAt),
    sentAt: iso(i.sentAt),
  };
}
