'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useTranslations } from 'next-intl';
import type { UserRole } from '../users/user-types';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { formatBeijingTime } from '../../../src/console/format';
import { useTRPC } from '../../../src/trpc/client';

/** My account: who I am, my sessions, my password, my bindings. */
export function AccountView() {
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Profile />
      <Sessions />
      <ChangePassword />
      <Bindings />
    </Space>
  );
}

function Profile() {
  const t = useTranslations('account');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const me = useQuery(trpc.session.me.queryOptions());
  const d = me.data;
  return (
    <Card title={t('profile')}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('name')}>{d?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('email')}>{d?.email ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('org')}>{d?.orgName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('role')}>
          {d === undefined ? '—' : common(`role.${d.role as UserRole}`)}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Sessions() {
  const t = useTranslations('account');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.account.sessions.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() });
  const end = useMutation(trpc.account.endSession.mutationOptions({ onSuccess: refresh }));
  const endOthers = useMutation(trpc.account.endOtherSessions.mutationOptions({ onSuccess: refresh }));
  return (
    <Card
      title={t('sessions')}
      extra={
        <Button onClick={() => endOthers.mutate()} loading={endOthers.isPending} data-testid="end-other-sessions">
          {t('endOthers')}
        </Button>
      }
    >
      {sessions.error !== null && <Alert type="error" showIcon title={errorText(sessions.error)} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={sessions.isLoading}
        dataSource={sessions.data ?? []}
        columns={[
          {
            title: t('method'),
            dataIndex: 'method',
            render: (m: string) => t(`method_${m as 'password' | 'sms' | 'directory'}`),
          },
          { title: t('address'), dataIndex: 'address', render: (a: string | null) => a ?? '—' },
          { title: t('browser'), dataIndex: 'userAgent', ellipsis: true, render: (a: string | null) => a ?? '—' },
          { title: t('signedInAt'), dataIndex: 'createdAt', render: (at: string) => formatBeijingTime(at) },
          { title: t('lastSeenAt'), dataIndex: 'lastSeenAt', render: (at: string) => formatBeijingTime(at) },
          {
            title: '',
            key: 'end',
            render: (_: unknown, row: { id: string; current: boolean }) =>
              row.current ? (
                <Tag color="blue">{t('current')}</Tag>
              ) : (
                <Button type="link" danger onClick={() => end.mutate({ sessionId: row.id })}>
                  {t('end')}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}

function ChangePassword() {
  const t = useTranslations('account');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const change = useMutation(trpc.account.changePassword.mutationOptions());
  const [form] = Form.useForm<{ oldPassword: string; newPassword: string }>();
  const [error, setError] = useState<string | null>(null);
  async function submit(fields: { oldPassword: string; newPassword: string }) {
    setError(null);
    try {
      await change.mutateAsync(fields);
      form.resetFields();
      void message.success(t('passwordChanged'));
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <Card title={t('changePassword')}>
      {error !== null && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" style={{ maxWidth: 400 }} onFinish={(f) => void submit(f)}>
        <Form.Item name="oldPassword" label={t('oldPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('newPassword')}
          extra={t('passwordHelp')}
          rules={[{ required: true, min: 8, max: 128 }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('changePassword')}
        </Button>
      </Form>
    </Card>
  );
}

function Bindings() {
  const t = useTranslations('account');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const bindings = useQuery(trpc.account.bindings.queryOptions());
  const save = useMutation(trpc.account.setBindings.mutationOptions({ onSuccess: () => void bindings.refetch() }));
  const sendCode = useMutation(trpc.account.sendBindCode.mutationOptions());
  const [phones, setPhones] = useState<string[] | null>(null);
  const [addresses, setAddresses] = useState<string[] | null>(null);
  const [codes, setCodes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const currentPhones = phones ?? [...(bindings.data?.phones ?? [])];
  const currentAddresses = addresses ?? [...(bindings.data?.addresses ?? [])];
  const newPhones = currentPhones.filter((p) => !(bindings.data?.phones ?? []).includes(p));

  async function submit() {
    setError(null);
    try {
      await save.mutateAsync({ phones: currentPhones, addresses: currentAddresses, codes });
      setPhones(null);
      setAddresses(null);
      setCodes({});
      void message.success(t('bindingsSaved'));
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <Card title={t('bindings')}>
      <Alert type="info" showIcon title={t('bindingsHelp')} style={{ marginBottom: 16 }} />
      {error !== null && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form layout="vertical" style={{ maxWidth: 560 }}>
        <Form.Item label={t('boundPhones')}>
          <Select mode="tags" value={currentPhones} onChange={setPhones} tokenSeparators={[',', ' ']} />
        </Form.Item>
        {newPhones.map((phone) => (
          <Form.Item key={phone} label={t('codeFor', { phone })}>
            <Space.Compact style={{ width: '100%' }}>
              <Input
                maxLength={6}
                value={codes[phone] ?? ''}
                onChange={(e) => setCodes({ ...codes, [phone]: e.target.value })}
              />
              <Button
                onClick={() =>
                  sendCode.mutate(
                    { phone },
                    { onError: (e) => setError(errorText(e)), onSuccess: () => setError(null) },
                  )
                }
              >
                {t('sendCode')}
              </Button>
            </Space.Compact>
          </Form.Item>
        ))}
        <Form.Item label={t('boundAddresses')} extra={t('boundAddressesHelp')}>
          <Select mode="tags" value={currentAddresses} onChange={setAddresses} tokenSeparators={[',', ' ']} />
        </Form.Item>
        <Button type="primary" onClick={() => void submit()} loading={save.isPending}>
          {t('save')}
        </Button>
      </Form>
    </Card>
  );
}
