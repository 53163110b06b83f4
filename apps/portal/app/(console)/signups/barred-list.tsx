'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Popconfirm, Select, Space, Table } from 'antd';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { formatBeijingTime } from '../../../src/console/format';
import { useTRPC } from '../../../src/trpc/client';

interface NewEntry {
  kind: 'person' | 'company';
  identifier: string;
  name: string;
  reason: string;
}

/** The barred list: persons by identity number, companies by credit code. */
export function BarredList() {
  const t = useTranslations('signups');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<NewEntry>();
  const list = useQuery(trpc.signups.barredList.queryOptions({ page, pageSize: 20, ...(search ? { search } : {}) }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.signups.barredList.queryKey() });
  const add = useMutation(trpc.signups.barredAdd.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.signups.barredRemove.mutationOptions({ onSuccess: refresh }));

  async function submit() {
    setError(null);
    const entry = await form.validateFields();
    try {
      await add.mutateAsync(entry);
      setAdding(false);
      form.resetFields();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('barredSearch')}
          onSearch={(value) => {
            setSearch(value);
            setPage(1);
          }}
        />
        <Button type="primary" onClick={() => setAdding(true)} data-testid="barred-add">
          {t('barredAdd')}
        </Button>
      </Space>
      {list.error !== null && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Table
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('barredEmpty') }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('kind'), dataIndex: 'kind', render: (kind: string) => t(`kind_${kind as 'person' | 'company'}`) },
          { title: t('identifier'), dataIndex: 'identifier' },
          { title: t('name'), dataIndex: 'name' },
          { title: t('reason'), dataIndex: 'reason' },
          { title: t('addedAt'), dataIndex: 'createdAt', render: (at: string) => formatBeijingTime(at) },
          {
            title: '',
            key: 'remove',
            render: (_: unknown, row: { id: string }) => (
              <Popconfirm title={t('barredRemoveConfirm')} onConfirm={() => remove.mutate({ id: row.id })}>
                <Button type="link" danger>
                  {t('barredRemove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal
        open={adding}
        title={t('barredAdd')}
        onOk={() => void submit()}
        okButtonProps={{ loading: add.isPending }}
        onCancel={() => setAdding(false)}
      >
        {error !== null && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" initialValues={{ kind: 'company' }}>
          <Form.Item name="kind" label={t('kind')}>
            <Select
              options={[
                { value: 'company', label: t('kind_company') },
                { value: 'person', label: t('kind_person') },
              ]}
            />
          </Form.Item>
          <Form.Item name="identifier" label={t('identifier')} rules={[{ required: true, len: 18 }]}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="name" label={t('name')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true }]}>
            <Input.TextArea maxLength={300} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
