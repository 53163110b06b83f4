'use client';
import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useApiErrorText } from '../../../../src/console/api-error-text';
import { formatBeijingTime, formatMoney, formatSignedMoney } from '../../../../src/console/format';
import { useTRPC, useTRPCClient } from '../../../../src/trpc/client';
import type { BillingAbilities } from '../abilities';
import { BillingOrgPicker } from '../billing-org-picker';
import { LEDGER_KINDS, type LedgerEntry, type LedgerKind } from '../billing-types';
import { useBusinessTypes } from '../use-business-types';
import { saveXlsx } from '../xlsx-download';

const PAGE_SIZE = 20;

export const KIND_COLORS: Readonly<Record<LedgerKind, string>> = {
  charge: 'volcano',
  refund: 'cyan',
  recharge: 'green',
  adjustment: 'gold',
  transfer_out: 'purple',
  transfer_in: 'blue',
  pack_purchase: 'magenta',
  monthly_fee: 'orange',
};

/** What the range picker gives (antd's dayjs values), as far as this page uses it. */
interface Day {
  format(pattern: 'YYYY-MM-DD'): string;
  add(amount: number, unit: 'day'): Day;
}

interface FilterForm {
  readonly kinds?: LedgerKind[];
  readonly businessTypeId?: string;
  readonly range?: [Day | null, Day | null] | null;
}

interface Filters {
  readonly kinds?: LedgerKind[];
  readonly businessTypeId?: string;
  /** ISO times: Beijing midnight of the first day, and of the day after the last (exclusive). */
  readonly from?: string;
  readonly to?: string;
}

/** A picked calendar day's Beijing midnight, whatever the browser's zone. */
function beijingMidnight(day: Day): string {
  return `${day.format('YYYY-MM-DD')}T00:00:00+08:00`;
}

/** An org's ledger: filters and paging on the server, amounts signed and coloured, XLSX of the same filter. */
export function LedgerView(_props: { readonly can: BillingAbilities }) {
  const t = useTranslations('billing');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { types, nameOf } = useBusinessTypes();
  const [orgId, setOrgId] = useState<string | undefined>(undefined);
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [exporting, setExporting] = useState(false);
  const scope = { ...filters, ...(orgId === undefined ? {} : { orgId }) };
  const ledger = useQuery({
    ...trpc.billing.listLedger.queryOptions({ ...scope, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  const search = (values: FilterForm) => {
    const [from, to] = values.range ?? [null, null];
    setPage(1);
    setFilters({
      ...(values.kinds !== undefined && values.kinds.length > 0 ? { kinds: values.kinds } : {}),
      ...(values.businessTypeId ? { businessTypeId: values.businessTypeId } : {}),
      ...(from ? { from: beijingMidnight(from) } : {}),
      ...(to ? { to: beijingMidnight(to.add(1, 'day')) } : {}),
    });
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      saveXlsx(await client.billing.exportLedgerXlsx.query(scope));
    } catch (error) {
      void message.error(t('downloadFailed', { reason: errorText(error) }));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<LedgerEntry> = [
    { title: t('time'), dataIndex: 'createdAt', width: 170, render: (value: string) => formatBeijingTime(value) },
    {
      title: t('ledger.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (kind: LedgerKind) => <Tag color={KIND_COLORS[kind]}>{t(`kinds.${kind}`)}</Tag>,
    },
    {
      title: t('businessType'),
      dataIndex: 'businessTypeCode',
      width: 110,
      render: (code: string | null) => nameOf(code),
    },
    {
      title: t('ledger.amount'),
      dataIndex: 'amountLi',
      width: 140,
      align: 'right',
      render: (li: string) => {
        const value = BigInt(li);
        return (
          <Typography.Text
            strong
            style={{ color: value > 0n ? '#389e0d' : value < 0n ? '#cf1322' : undefined, whiteSpace: 'nowrap' }}
          >
            {formatSignedMoney(value)}
          </Typography.Text>
        );
      },
    },
    {
      title: t('ledger.balanceAfter'),
      dataIndex: 'balanceAfterLi',
      width: 150,
      align: 'right',
      render: (li: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatMoney(li)}</span>,
    },
    {
      title: t('ledger.detail'),
      key: 'detail',
      render: (_value, entry) => {
        const parts = [
          entry.counterpartyOrgName === null ? null : t('ledger.counterparty', { name: entry.counterpartyOrgName }),
          entry.receiptNumber === null ? null : t('ledger.receipt', { number: entry.receiptNumber }),
          entry.campaignId === null ? null : t('ledger.campaign', { id: entry.campaignId }),
          entry.messageId === null ? null : t('ledger.message', { id: entry.messageId }),
          entry.note,
        ].filter((part): part is string => part !== null && part !== '');
        return parts.length === 0 ? (
          '—'
        ) : (
          <Typography.Text ellipsis={{ tooltip: parts.join(' · ') }}>{parts.join(' · ')}</Typography.Text>
        );
      },
    },
  ];

  const totals = ledger.data?.totals;
  return (
    <Card
      title={t('ledger.title')}
      extra={
        <Space wrap>
          <BillingOrgPicker
            value={orgId}
            onChange={(value) => {
              setPage(1);
              setOrgId(value);
            }}
          />
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            onClick={() => void exportXlsx()}
            data-testid="ledger-export"
          >
            {t('downloadXlsx')}
          </Button>
        </Space>
      }
    >
      <Form<FilterForm>
        layout="inline"
        onFinish={search}
        onReset={() => search({})}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="kinds" label={t('ledger.kind')}>
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('ledger.allKinds')}
            style={{ width: 220 }}
            options={LEDGER_KINDS.map((kind) => ({ value: kind, label: t(`kinds.${kind}`) }))}
          />
        </Form.Item>
        <Form.Item name="businessTypeId" label={t('businessType')}>
          <Select
            allowClear
            placeholder={t('allBusinessTypes')}
            style={{ width: 150 }}
            options={types.map((type) => ({ value: type.id, label: type.name }))}
          />
        </Form.Item>
        <Form.Item name="range" label={t('ledger.range')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {common('search')}
          </Button>
          <Button htmlType="reset">{common('reset')}</Button>
        </Space>
      </Form>
      {ledger.isError && <Alert type="error" showIcon title={errorText(ledger.error)} style={{ marginBottom: 16 }} />}
      {totals !== undefined && totals.count > 0 && (
        <Space size="large" style={{ marginBottom: 12 }} data-testid="ledger-totals">
          <Typography.Text style={{ color: '#389e0d' }}>
            {t('ledger.totalIn', { amount: formatMoney(totals.creditsLi) })}
          </Typography.Text>
          <Typography.Text style={{ color: '#cf1322' }}>
            {t('ledger.totalOut', { amount: formatMoney(String(-BigInt(totals.debitsLi))) })}
          </Typography.Text>
        </Space>
      )}
      <Table<LedgerEntry>
        rowKey="id"
        columns={columns}
        dataSource={ledger.data?.items ?? []}
        loading={ledger.isFetching}
        locale={{ emptyText: t('ledger.empty') }}
        tableLayout="fixed"
        scroll={{ x: 960 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: ledger.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('total', { total }),
          onChange: setPage,
        }}
      />
    </Card>
  );
}
