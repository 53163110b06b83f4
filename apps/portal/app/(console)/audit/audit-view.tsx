'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AppRouter } from '@smshub/trpc';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { formatBeijingTime } from '../../../src/console/format';
import { useTRPC } from '../../../src/trpc/client';
import { useOrgChoices } from '../orgs/use-org-choices';

type Entry = inferRouterOutputs<AppRouter>['audit']['list']['items'][number];
type Filters = Omit<inferRouterInputs<AppRouter>['audit']['list'], 'page' | 'pageSize'>;

const PAGE_SIZE = 20;

/** The change history of the caller's subtree, newest first, filtered and paged on the server. */
export function AuditView() {
  const t = useTranslations('audit');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const entries = useQuery({
    ...trpc.audit.list.queryOptions({ ...filters, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const { orgs } = useOrgChoices();

  const actionText = (action: string) => {
    const key = `actions.${action.replace('.', '_')}`;
    return t.has(key as 'actions.org_create') ? t(key as 'actions.org_create') : action;
  };

  const columns: TableColumnsType<Entry> = [
    { title: t('time'), dataIndex: 'createdAt', width: 180, render: (value: string) => formatBeijingTime(value) },
    { title: t('org'), dataIndex: 'orgName' },
    {
      title: t('actor'),
      key: 'actor',
      render: (_value, entry) =>
        entry.userId !== null
          ? (entry.userEmail ?? t('userId', { id: entry.userId }))
          : entry.apiKeyId !== null
            ? t('apiKey', { id: entry.apiKeyId })
            : '—',
    },
    {
      title: t('action'),
      dataIndex: 'action',
      render: (action: string) => (
        <span title={action}>
          {actionText(action)} <Typography.Text type="secondary">{action}</Typography.Text>
        </span>
      ),
    },
    { title: t('target'), key: 'target', render: (_value, entry) => `${entry.targetType} #${entry.targetId}` },
    { title: t('address'), dataIndex: 'address', render: (value: string | null) => value ?? '—' },
    {
      title: t('details'),
      dataIndex: 'details',
      render: (details: Record<string, unknown>) => (
        <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>
          {JSON.stringify(details)}
        </Typography.Text>
      ),
    },
  ];

  return (
    <Card title={t('title')}>
      <Form<{
        action?: string;
        orgId?: string;
        userId?: string;
        range?: [{ toISOString(): string } | null, { toISOString(): string } | null] | null;
      }>
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => {
          setPage(1);
          const [from, to] = values.range ?? [null, null];
          setFilters({
            ...(values.action?.trim() ? { action: values.action.trim() } : {}),
            ...(values.orgId ? { orgId: values.orgId } : {}),
            ...(values.userId?.trim() ? { userId: values.userId.trim() } : {}),
            ...(from ? { from: from.toISOString() } : {}),
            ...(to ? { to: to.toISOString() } : {}),
          });
        }}
        onReset={() => {
          setPage(1);
          setFilters({});
        }}
      >
        <Form.Item name="action">
          <Input allowClear placeholder={t('actionPlaceholder')} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="orgId">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('allOrgs')}
            style={{ width: 180 }}
            options={orgs.map((org) => ({ value: org.id, label: org.name }))}
          />
        </Form.Item>
        <Form.Item name="userId" rules={[{ pattern: /^[1-9][0-9]*$/, message: t('userIdPlaceholder') }]}>
          <Input allowClear placeholder={t('userIdPlaceholder')} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker showTime aria-label={t('range')} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {common('search')}
            </Button>
            <Button htmlType="reset">{common('reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      {entries.isError && <Alert type="error" showIcon title={errorText(entries.error)} style={{ marginBottom: 16 }} />}
      <Table<Entry>
        rowKey="id"
        columns={columns}
        dataSource={entries.data?.items ?? []}
        loading={entries.isFetching}
        locale={{ emptyText: t('empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: entries.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('total', { total }),
          onChange: setPage,
        }}
      />
    </Card>
  );
}
