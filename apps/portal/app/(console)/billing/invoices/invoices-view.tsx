'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useApiErrorText } from '../../../../src/console/api-error-text';
import { formatBeijingTime, formatMoney } from '../../../../src/console/format';
import { useTRPC } from '../../../../src/trpc/client';
import type { BillingAbilities } from '../abilities';
import { BillingOrgPicker } from '../billing-org-picker';
import { INVOICE_STATUSES, type Invoice, type InvoiceStatus } from '../billing-types';
import { InvoiceActionModal } from './invoice-action-modal';
import { RequestInvoiceModal } from './request-invoice-modal';

const PAGE_SIZE = 20;

const STATUS_COLORS: Readonly<Record<InvoiceStatus, string>> = {
  requested: 'processing',
  issued: 'blue',
  sent: 'success',
  refused: 'error',
};

/** Invoice requests for money paid in advance: asked for by customers, issued and sent by the platform. */
export function InvoicesView({ can }: { readonly can: BillingAbilities }) {
  const t = useTranslations('billing');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const { message, modal } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [orgId, setOrgId] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<InvoiceStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [requesting, setRequesting] = useState(false);
  const [acting, setActing] = useState<{ invoice: Invoice; action: 'issue' | 'refuse' } | null>(null);
  const invoices = useQuery({
    ...trpc.billing.listInvoices.queryOptions({
      page,
      pageSize: PAGE_SIZE,
      ...(orgId === undefined ? {} : { orgId }),
      ...(status === undefined ? {} : { status }),
    }),
    placeholderData: keepPreviousData,
  });
  const markSent = useMutation(trpc.billing.markInvoiceSent.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.billing.listInvoices.queryKey() });

  const columns: TableColumnsType<Invoice> = [
    {
      title: t('invoices.requestedAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatBeijingTime(v)}</span>,
    },
    { title: t('org'), dataIndex: 'orgName', width: 120, ellipsis: { showTitle: true } },
    {
      title: t('amount'),
      dataIndex: 'amountLi',
      width: 110,
      align: 'right',
      render: (li: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatMoney(li)}</span>,
    },
    {
      title: t('invoices.invoiceTitle'),
      key: 'title',
      width: 200,
      render: (_value, invoice) => (
        <span>
          {invoice.title}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {invoice.taxNumber}
          </Typography.Text>
        </span>
      ),
    },
    { title: t('invoices.sendTo'), dataIndex: 'sendTo', ellipsis: { showTitle: true } },
    {
      title: t('invoices.status'),
      dataIndex: 'status',
      width: 160,
      render: (s: InvoiceStatus, invoice) => (
        <Space orientation="vertical" size={0}>
          <Tag color={STATUS_COLORS[s]}>{t(`invoices.statuses.${s}`)}</Tag>
          {invoice.invoiceNumber !== null && (
            <Typography.Text style={{ fontSize: 12 }}>
              {t('invoices.invoiceNumber')} {invoice.invoiceNumber}
            </Typography.Text>
          )}
          {invoice.refusalReason !== null && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {invoice.refusalReason}
            </Typography.Text>
          )}
          {(invoice.sentAt ?? invoice.issuedAt) !== null && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatBeijingTime(invoice.sentAt ?? invoice.issuedAt)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    ...(can.operate
      ? [
          {
            title: common('actions'),
            key: 'actions',
            width: 150,
            render: (_value: unknown, invoice: Invoice) => (
              <Space wrap size={4}>
                {invoice.status === 'requested' && (
                  <>
                    <Button size="small" type="primary" onClick={() => setActing({ invoice, action: 'issue' })}>
                      {t('invoices.issue')}
                    </Button>
                    <Button size="small" danger onClick={() => setActing({ invoice, action: 'refuse' })}>
                      {t('invoices.refuse')}
                    </Button>
                  </>
                )}
                {invoice.status === 'issued' && (
                  <Button
                    size="small"
                    onClick={() =>
                      void modal.confirm({
                        title: t('invoices.markSent'),
                        content: t('invoices.markSentConfirm', { number: invoice.invoiceNumber ?? '' }),
                        onOk: async () => {
                          try {
                            await markSent.mutateAsync({ id: invoice.id });
                            void message.success(t('invoices.sentDone'));
                            await refresh();
                          } catch (error) {
                            void message.error(errorText(error));
                          }
                        },
                      })
                    }
                  >
                    {t('invoices.markSent')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const invoiceable = invoices.data?.invoiceableLi;
  return (
    <Card
      title={t('invoices.title')}
      extra={
        <Space wrap>
          <BillingOrgPicker
            value={orgId}
            onChange={(value) => {
              setPage(1);
              setOrgId(value);
            }}
          />
          <Select
            allowClear
            placeholder={t('invoices.allStatuses')}
            value={status}
            onChange={(value: InvoiceStatus | undefined) => {
              setPage(1);
              setStatus(value);
            }}
            options={INVOICE_STATUSES.map((s) => ({ value: s, label: t(`invoices.statuses.${s}`) }))}
            style={{ width: 130 }}
          />
          {can.recharge && (
            <Button type="primary" onClick={() => setRequesting(true)} data-testid="invoice-request">
              {t('invoices.request')}
            </Button>
          )}
        </Space>
      }
    >
      {invoiceable !== undefined && (!can.operate || orgId !== undefined) && (
        <Typography.Paragraph type="secondary">
          {t('invoices.invoiceable', { amount: formatMoney(invoiceable) })}
        </Typography.Paragraph>
      )}
      {invoices.isError && (
        <Alert type="error" showIcon title={errorText(invoices.error)} style={{ marginBottom: 16 }} />
      )}
      <Table<Invoice>
        rowKey="id"
        columns={columns}
        dataSource={invoices.data?.items ?? []}
        loading={invoices.isFetching}
        locale={{ emptyText: t('invoices.empty') }}
        tableLayout="fixed"
        scroll={{ x: can.operate ? 1040 : 900 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: invoices.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('total', { total }),
          onChange: setPage,
        }}
      />
      {requesting && (
        <RequestInvoiceModal
          orgId={orgId}
          invoiceableLi={invoiceable ?? null}
          onClose={() => setRequesting(false)}
          onDone={async () => {
            setRequesting(false);
            await refresh();
          }}
        />
      )}
      {acting !== null && (
        <InvoiceActionModal
          invoice={acting.invoice}
          action={acting.action}
          onClose={() => setActing(null)}
          onDone={async () => {
            setActing(null);
            await refresh();
          }}
        />
      )}
    </Card>
  );
}
