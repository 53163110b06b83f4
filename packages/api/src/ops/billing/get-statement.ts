import { ledgerMonth, type BillingMode, type BusinessTypeSpend } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { requirePermission, type Principal } from '../principal.js';
import { findBillingOrg } from './billing-org.js';
import { beijingTime } from './list-ledger.js';
import { writeXlsx, type XlsxFile } from './xlsx.js';

export interface Statement {
  readonly orgId: bigint;
  readonly orgName: string;
  readonly billingMode: BillingMode;
  /** 'YYYY-MM', Beijing time; [start, end). */
  readonly month: string;
  readonly start: Date;
  readonly end: Date;
  /** li: balance before the month and after it (the previous month's closing is this opening). */
  readonly opening: bigint;
  readonly closing: bigint;
  /** Per business type: segments and li charged (≤ 0), li refunded (≥ 0). */
  readonly charges: readonly BusinessTypeSpend[];
  /** li, signed sums of the month's rows of each kind. */
  readonly charged: bigint;
  readonly refunds: bigint;
  readonly recharges: bigint;
  readonly transfersIn: bigint;
  readonly transfersOut: bigint;
  readonly packPurchases: bigint;
  readonly monthlyFees: bigint;
  readonly adjustments: bigint;
  readonly entries: number;
  /** Postpaid: what the org owes at the month's end (its negative closing), else null. */
  readonly amountDue: bigint | null;
}

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

/** One org's month from its ledger (decision 0186: statements are computed, not stored). */
export async function getStatement(
  deps: ApiDeps,
  principal: Principal,
  input: { orgId?: bigint; month: string },
): Promise<Statement> {
  requirePermission(principal, 'billing:read');
  if (!MONTH.test(input.month)) {
    throw new ApiError('validation_error', 'month: YYYY-MM (Beijing time)', { field: 'month' });
  }
  const org = await findBillingOrg(deps.pool, principal, input.orgId);
  const month = await ledgerMonth(deps.pool, org.id, input.month);
  return {
    orgId: org.id,
    orgName: org.name,
    billingMode: org.billingMode,
    month: month.month,
    start: month.start,
    end: month.end,
    opening: month.opening,
    closing: month.closing,
    charges: month.byBusinessType,
    charged: month.byKind.charge,
    refunds: month.byKind.refund,
    recharges: month.byKind.recharge,
    transfersIn: month.byKind.transfer_in,
    transfersOut: month.byKind.transfer_out,
    packPurchases: month.byKind.pack_purchase,
    monthlyFees: month.byKind.monthly_fee,
    adjustments: month.byKind.adjustment,
    entries: month.entries,
    amountDue: org.billingMode === 'postpaid' ? (month.closing < 0n ? -month.closing : 0n) : null,
  };
}

/** The statement as a one-sheet workbook: zh-CN labels with English beside them, yuan and li. */
export async function exportStatementXlsx(
  deps: ApiDeps,
  principal: Principal,
  input: { orgId?: bigint; month: string },
): Promise<XlsxFile> {
  const statement = await getStatement(deps, principal, input);
  const yuan = (li: bigint) => Number(li) / 1000;
  const buffer = await writeXlsx('statement', async (sheet) => {
    sheet.columns = [
      { key: 'label', width: 34 },
      { key: 'segments', width: 12 },
      { key: 'yuan', width: 16, style: { numFmt: '0.000' } },
      { key: 'li', width: 16 },
    ];
    const line = (values: (string | number)[]) => sheet.addRow(values).commit();
    line([`对账单 Statement ${statement.month}`, '', '', '']);
    line([`${statement.orgName} (${statement.orgId})`, '', '', '']);
    line([`${beijingTime(statement.start)} – ${beijingTime(statement.end)} 北京时间 Beijing time`, '', '', '']);
    line(['项目 Item', '条数 Segments', '金额（元） Yuan', '金额（厘） Li']);
    line(['期初余额 Opening balance', '', yuan(statement.opening), Number(statement.opening)]);
    for (const type of statement.charges) {
      line([
        `扣费 Charges: ${type.businessTypeName} (${type.businessTypeCode})`,
        Number(type.segments),
        yuan(type.charged),
        Number(type.charged),
      ]);
      if (type.refunded !== 0n) {
        line([
          `退款 Refunds: ${type.businessTypeName} (${type.businessTypeCode})`,
          '',
          yuan(type.refunded),
          Number(type.refunded),
        ]);
      }
    }
    const rows: [string, bigint][] = [
      ['扣费合计 Charges', statement.charged],
      ['退款合计 Refunds', statement.refunds],
      ['充值 Recharges', statement.recharges],
      ['上级充值 Transfers in', statement.transfersIn],
      ['下拨 Transfers out', statement.transfersOut],
      ['购买短信包 Message packs', statement.packPurchases],
      ['月租 Monthly fees', statement.monthlyFees],
      ['调账 Adjustments', statement.adjustments],
      ['期末余额 Closing balance', statement.closing],
    ];
    for (const [label, li] of rows) line([label, '', yuan(li), Number(li)]);
    if (statement.amountDue !== null)
      line(['应付 Amount due', '', yuan(statement.amountDue), Number(statement.amountDue)]);
  });
  return { filename: `statement-${statement.orgId}-${statement.month}.xlsx`, rows: statement.entries, buffer };
}
