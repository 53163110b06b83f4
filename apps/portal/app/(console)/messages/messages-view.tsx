'use client';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { formatBeijingTime, formatYuan } from '../../../src/console/format';
import { useTRPC } from '../../../src/trpc/client';

const STATUSES = [
  'accepted',
  'queued',
  'submitting',
  'submitted',
  'delivered',
  'undelivered',
  'expired',
  'failed',
  'rejected',
  'canceled',
] as const;
type Status = (typeof STATUSES)[number];

const STATUS_COLORS: Record<Status, string> = {
  accepted: 'default',
  queued: 'default',
  submitting: 'processing',
  submitted: 'processing',
  delivered: 'success',
  undelivered: 'error',
  expired: 'warning',
  failed: 'error',
  rejected: 'error',
  canceled: 'default',
};

interface Filters {
  status?: Status;
  recipient?: string;
  campaignId?: string;
  from?: string;
  to?: string;
}

/** What the range picker gives (antd's dayjs values), as far as this page uses it. */
interface Day {
  startOf(unit: 'day'): { toISOString(): string };
  endOf(unit: 'day'): { toISOString(): string };
}

interface FilterForm {
  status?: Status;
  recipient?: string;
  campaignId?: string;
  range?: [Day | null, Day | null] | null;
}

/** Messages of my subtree: filters and cursor paging run on the server. */
export function MessagesView({ masked }: { masked: boolean }) {
  const t = useTranslations('messages');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>({});
  // Cursors of the pages seen so far: back is the previous one, next the answer's.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useQuery({
    ...trpc.messages.list.queryOptions({ ...filters, limit: 20, ...(cursor === undefined ? {} : { cursor }) }),
    placeholderData: keepPreviousData,
  });

  const search = (values: FilterForm) => {
    const [from, to] = values.range ?? [null, null];
    setFilters({
      ...(values.status === undefined ? {} : { status: values.status }),
      ...(values.recipient ? { recipient: values.recipient } : {}),
      ...(values.campaignId ? { campaignId: values.campaignId } : {}),
      ...(from ? { from: from.startOf('day').toISOString() } : {}),
      ...(to ? { to: to.endOf('day').toISOString() } : {}),
    });
    setCursors([undefined]);
  };

  return (
    <Card title={t('title')}>
      <Form<FilterForm>
        layout="inline"
        onFinish={search}
        onReset={() => search({})}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="status" label={common('status')}>
          <Select
            allowClear
            style={{ width: 140 }}
            options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="recipient" label={t('recipient')}>
          <Input allowClear placeholder={t('recipientPlaceholder')} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="campaignId" label={t('campaign')}>
          <Input allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="range" label={t('dateRange')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {common('search')}
          </Button>
          <Button htmlType="reset">{common('reset')}</Button>
        </Space>
      </Form>
      {masked ? <Typography.Paragraph type="secondary">{t('masked')}</Typography.Paragraph> : null}
      {page.error ? <Alert type="error" showIcon title={errorText(page.error)} style={{ marginBottom: 16 }} /> : null}
      <Table
        rowKey="id"
        loading={page.isFetching}
        dataSource={page.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('empty') }}
        scroll={{ x: 1500 }}
        tableLayout="fixed"
        columns={[
          {
            title: common('createdAt'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string) => formatBeijingTime(v),
          },
          { title: t('recipient'), dataIndex: 'recipient', width: 140 },
          {
            title: common('status'),
            dataIndex: 'status',
            width: 100,
            render: (s: Status) => <Tag color={STATUS_COLORS[s]}>{t(`status.${s}`)}</Tag>,
          },
          { title: t('text'), dataIndex: 'text', ellipsis: { showTitle: true } },
          { title: t('businessType'), dataIndex: 'businessTypeName', width: 120 },
          { title: t('org'), dataIndex: 'orgName', width: 180, ellipsis: { showTitle: true } },
          { title: t('segments'), dataIndex: 'segments', width: 70, align: 'right' },
          { title: t('price'), dataIndex: 'price', width: 100, align: 'right', render: (v: string) => formatYuan(v) },
          { title: t('errorCode'), dataIndex: 'errorCode', width: 110, render: (v: string | null) => v ?? '—' },
          {
            title: t('finalAt'),
            dataIndex: 'finalAt',
            width: 170,
            render: (v: string | null) => formatBeijingTime(v),
          },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length === 1} onClick={() => setCursors([undefined])}>
          {t('firstPage')}
        </Button>
        <Button
          disabled={!page.data?.nextCursor}
          onClick={() => {
            const next = page.data?.nextCursor;
            if (next) setCursors([...cursors, next]);
          }}
        >
          {t('nextPage')}
        </Button>
      </Space>
    </Card>
  );
}
