'use client';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Table, Tag } from 'antd';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { formatBeijingTime, maskPhone } from '../../../src/console/format';
import { useTRPC } from '../../../src/trpc/client';
import { SignupDetail } from './signup-detail';

/** One status's applications, a page at a time from the server. */
export function SignupList({ status }: { readonly status: 'pending' | 'active' | 'refused' }) {
  const t = useTranslations('signups');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery(trpc.signups.list.queryOptions({ status, page, pageSize }));

  return (
    <>
      {list.error !== null && (
        <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 16 }} />
      )}
      <Table
        rowKey="orgId"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('empty') }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          onChange: (p, size) => {
            setPage(p);
            setPageSize(size);
          },
        }}
        columns={[
          { title: t('companyName'), dataIndex: 'companyName' },
          { title: t('creditCode'), dataIndex: 'creditCode' },
          { title: t('contactName'), dataIndex: 'contactName' },
          { title: t('contactPhone'), dataIndex: 'contactPhone', render: (phone: string) => maskPhone(phone) },
          { title: t('submittedAt'), dataIndex: 'submittedAt', render: (at: string) => formatBeijingTime(at) },
          {
            title: t('barred'),
            dataIndex: 'barredHits',
            render: (hits: readonly unknown[]) => (hits.length > 0 ? <Tag color="red">{t('barredHit')}</Tag> : '—'),
          },
          {
            title: '',
            key: 'open',
            render: (_: unknown, row: { orgId: string }) => (
              <Button type="link" onClick={() => setOpen(row.orgId)} data-testid={`signup-open-${row.orgId}`}>
                {t('review')}
              </Button>
            ),
          },
        ]}
      />
      {open !== null && <SignupDetail orgId={open} onClose={() => setOpen(null)} />}
    </>
  );
}
