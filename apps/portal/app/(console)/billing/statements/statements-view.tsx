'use client';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Select, Skeleton, Space, Table, Typography } from 'antd';
import { useTranslations } from 'next-intl';
import { useMemo, useState, type ReactNode } from 'react';
import { useApiErrorText } from '../../../../src/console/api-error-text';
import { beijingMonth, formatBeijingTime, formatMoney } from '../../../../src/console/format';
import { useTRPC, useTRPCClient } from '../../../../src/trpc/client';
import type { BillingAbilities } from '../abilities';
import { BillingOrgPicker } from '../billing-org-picker';
import type { Statement } from '../billing-types';
import { saveXlsx } from '../xlsx-download';

/** The month `offset` months before 'YYYY-MM'. */
function monthBefore(month: string, offset: number): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, index - 1 - offset, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** What a printout leaves out: the console's frame and the page's own buttons. */
const PRINT_CSS = `
@media print {
  .ant-layout-sider, .ant-layout-header, .billing-no-print { display: none !important; }
  .ant-layout, .ant-layout-content { padding: 0 !important; background: #fff !important; }
  .billing-statement .ant-card { border: none !important; box-shadow: none !important; }
  .billing-statement .ant-card-body { padding: 0 !important; }
  .billing-statement .ant-card-head { display: none !important; }
}`;

/** One Beijing month of an org, computed from its ledger: on screen, as XLSX and on paper. */
export function StatementsView(_props: { readonly can: BillingAbilities }) {
  const t = useTranslations('billing');
  const errorText = useApiErrorText();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const thisMonth = useMemo(() => beijingMonth(), []);
  const months = useMemo(() => Array.from({ length: 24 }, (_, i) => monthBefore(thisMonth, i)), [thisMonth]);
  const [month, setMonth] = useState(thisMonth);
  const [orgId, setOrgId] = useState<string | undefined>(undefined);
  const [exporting, setExporting] = useState(false);
  const statement = useQuery(
    trpc.billing.getStatement.queryOptions({ month, ...(orgId === undefined ? {} : { orgId }) }),
  );

  const exportXlsx = async () => {
    setExporting(true);
    try {
      saveXlsx(await client.billing.exportStatementXlsx.query({ month, ...(orgId === undefined ? {} : { orgId }) }));
    } catch (error) {
      void message.error(t('downloadFailed', { reason: errorText(error) }));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="billing-statement">
      <style>{PRINT_CSS}</style>
      <Card
        title={<span className="billing-no-print">{t('statements.title')}</span>}
        extra={
          <Space wrap className="billing-no-print">
            <BillingOrgPicker value={orgId} onChange={setOrgId} />
            <Select
              value={month}
              onChange={setMonth}
              options={months.map((m) => ({ value: m, label: m }))}
              style={{ width: 120 }}
              aria-label={t('statements.month')}
              data-testid="statement-month"
            />
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={() => void exportXlsx()}
              data-testid="statement-export"
            >
              {t('downloadXlsx')}
            </Button>
            <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="statement-print">
              {t('statements.print')}
            </Button>
          </Space>
        }
      >
        {statement.isError && <Alert type="error" showIcon title={errorText(statement.error)} />}
        {statement.isPending && <Skeleton active />}
        {statement.data !== undefined && <StatementSheet statement={statement.data} />}
      </Card>
    </div>
  );
}

function StatementSheet({ statement: s }: { readonly statement: Statement }) {
  const t = useTranslations('billing');
  const [printedAt] = useState(() => new Date());
  const end = new Date(new Date(s.end).getTime() - 1000);
  const line = (label: string, li: string, options: { strong?: boolean; testId?: string } = {}): ReactNode => {
    const value = BigInt(li);
    return (
      <tr key={label} data-testid={options.testId}>
        <td style={{ padding: '6px 12px' }}>
          {options.strong ? <Typography.Text strong>{label}</Typography.Text> : label}
        </td>
        <td
          style={{
            padding: '6px 12px',
            textAlign: 'right',
            whiteSpace: 'nowrap',
            color: options.strong ? undefined : value > 0n ? '#389e0d' : value < 0n ? '#cf1322' : undefined,
          }}
        >
          {options.strong ? <Typography.Text strong>{formatMoney(value)}</Typography.Text> : formatMoney(value)}
        </td>
      </tr>
    );
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={4} style={{ marginBottom: 4 }} data-testid="statement-title">
          {t('statements.statementOf', { org: s.orgName, month: s.month })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('statements.period', {
            from: formatBeijingTime(s.start).slice(0, 10),
            to: formatBeijingTime(end).slice(0, 10),
          })}{' '}
          · {t(`billingMode.${s.billingMode}`)}
        </Typography.Text>
      </div>
      {s.entries === 0 && <Empty description={t('statements.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      <table style={{ width: '100%', maxWidth: 640, borderCollapse: 'collapse' }} className="statement-lines">
        <tbody>
          {line(t('statements.opening'), s.openingLi, { strong: true, testId: 'statement-opening' })}
          {line(t('statements.charges'), s.chargedLi)}
          {line(t('statements.refunds'), s.refundsLi)}
          {line(t('statements.recharges'), s.rechargesLi)}
          {line(t('statements.transfersIn'), s.transfersInLi)}
          {line(t('statements.transfersOut'), s.transfersOutLi)}
          {line(t('statements.fees'), s.monthlyFeesLi)}
          {line(t('statements.packs'), s.packPurchasesLi)}
          {line(t('statements.adjustments'), s.adjustmentsLi)}
          {line(t('statements.closing'), s.closingLi, { strong: true, testId: 'statement-closing' })}
        </tbody>
      </table>
      {s.amountDueLi !== null && (
        <Alert
          type={BigInt(s.amountDueLi) > 0n ? 'warning' : 'success'}
          showIcon
          style={{ maxWidth: 640 }}
          title={
            BigInt(s.amountDueLi) > 0n
              ? `${t('statements.amountDue')}: ${formatMoney(s.amountDueLi)}`
              : t('statements.nothingDue')
          }
          description={t('statements.amountDueHint')}
        />
      )}
      {s.charges.length > 0 && (
        <div style={{ maxWidth: 800 }}>
          <Typography.Title level={5}>{t('statements.chargesByType')}</Typography.Title>
          <Table
            rowKey="businessTypeId"
            size="small"
            pagination={false}
            bordered
            dataSource={s.charges}
            columns={[
              { title: t('businessType'), dataIndex: 'businessTypeName' },
              {
                title: t('statements.segments'),
                dataIndex: 'segments',
                align: 'right',
                render: (v: string) => BigInt(v).toLocaleString('en-US'),
              },
              {
                title: t('statements.charges'),
                dataIndex: 'chargedLi',
                align: 'right',
                render: (v: string) => formatMoney(v),
              },
              {
                title: t('statements.refunds'),
                dataIndex: 'refundedLi',
                align: 'right',
                render: (v: string) => formatMoney(v),
              },
            ]}
          />
        </div>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('statements.printedAt', { time: formatBeijingTime(printedAt) })}
      </Typography.Text>
    </Space>
  );
}
