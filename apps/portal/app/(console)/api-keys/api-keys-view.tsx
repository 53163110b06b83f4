'use client';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { formatBeijingTime } from '../../../src/console/format';
import { useTRPC } from '../../../src/trpc/client';
import { useOrgChoices } from '../orgs/use-org-choices';

const SCOPES = ['messages:send', 'messages:read', 'webhooks:manage', 'operations'] as const;
type Scope = (typeof SCOPES)[number];

interface KeyRow {
  id: string;
  name: string;
  revokedAt: string | null;
  expiresAt: string | null;
}

interface IssueForm {
  /** My org or one below it. */
  orgId: string;
  name: string;
  scopes: Scope[];
  allowList?: string;
  expiresAt?: { toISOString(): string } | null;
  rateLimit?: number | null;
}

/** My org's keys (and those of the orgs below it): issue for any of them, show the secret once, revoke. */
export function ApiKeysView({ platform }: { platform: boolean }) {
  const t = useTranslations('apiKeys');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<IssueForm>();
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ includeRevoked }));
  const { orgs, loading: orgsLoading } = useOrgChoices();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const issue = useMutation(
    trpc.apiKeys.issue.mutationOptions({
      onSuccess: async (issued) => {
        setIssuing(false);
        form.resetFields();
        setSecret(issued.secret);
        await refresh();
      },
    }),
  );
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        await refresh();
      },
      onError: (error) => void message.error(errorText(error)),
    }),
  );
  const now = Date.now();

  const submit = (values: IssueForm) => {
    issue.mutate({
      orgId: values.orgId,
      name: values.name,
      scopes: values.scopes,
      ipAllowList: (values.allowList ?? '')
        .split(/[\s,]+/)
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
      expiresAt: values.expiresAt ? values.expiresAt.toISOString() : null,
      rateLimit: values.rateLimit ?? null,
    });
  };

  return (
    <Card
      title={t('title')}
      extra={
        <Space>
          <Switch checked={includeRevoked} onChange={setIncludeRevoked} /> {t('showRevoked')}
          <Button type="primary" onClick={() => setIssuing(true)} data-testid="issue-key">
            {t('issue')}
          </Button>
        </Space>
      }
    >
      {keys.error ? <Alert type="error" showIcon title={errorText(keys.error)} style={{ marginBottom: 16 }} /> : null}
      <Table
        rowKey="id"
        loading={keys.isFetching}
        dataSource={keys.data ?? []}
        pagination={false}
        locale={{ emptyText: t('empty') }}
        scroll={{ x: true }}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          {
            title: t('prefix'),
            dataIndex: 'prefix',
            render: (p: string) => (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{`sk_${p}_…`}</Typography.Text>
            ),
          },
          { title: t('org'), dataIndex: 'orgName' },
          {
            title: t('scopes'),
            dataIndex: 'scopes',
            render: (scopes: string[]) => scopes.map((s) => <Tag key={s}>{t(`scope.${s as Scope}`)}</Tag>),
          },
          {
            title: t('allowList'),
            dataIndex: 'ipAllowList',
            render: (list: string[]) => (list.length === 0 ? '—' : list.join(', ')),
          },
          { title: t('rateLimit'), dataIndex: 'rateLimit', render: (r: number | null) => r ?? '—' },
          {
            title: t('expiresAt'),
            dataIndex: 'expiresAt',
            render: (v: string | null) => (v === null ? t('never') : formatBeijingTime(v)),
          },
          {
            title: t('lastUsedAt'),
            dataIndex: 'lastUsedAt',
            render: (v: string | null) => (v === null ? t('neverUsed') : formatBeijingTime(v)),
          },
          {
            title: common('status'),
            key: 'state',
            render: (_: unknown, key: KeyRow) =>
              key.revokedAt !== null ? (
                <Tag color="red">{t('revoked')}</Tag>
              ) : key.expiresAt !== null && new Date(key.expiresAt).getTime() <= now ? (
                <Tag color="orange">{t('expired')}</Tag>
              ) : (
                <Tag color="green">{t('active')}</Tag>
              ),
          },
          {
            title: common('actions'),
            key: 'actions',
            render: (_: unknown, key: KeyRow) =>
              key.revokedAt === null ? (
                <Popconfirm
                  title={t('revoke')}
                  description={t('revokeConfirm', { name: key.name })}
                  okText={common('confirm')}
                  cancelText={common('cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => revoke.mutate({ id: key.id })}
                >
                  <Button danger size="small">
                    {t('revoke')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />

      <Modal
        open={issuing}
        title={t('issue')}
        okText={common('create')}
        cancelText={common('cancel')}
        confirmLoading={issue.isPending}
        onOk={() => form.submit()}
        onCancel={() => setIssuing(false)}
        destroyOnHidden
      >
        {issue.error ? (
          <Alert
            type="error"
            showIcon
            title={errorText(issue.error)}
            description={issue.error.message}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Form<IssueForm>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ scopes: ['messages:send'], orgId: orgs[0]?.id }}
        >
          <Form.Item name="orgId" label={t('org')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={orgsLoading}
              options={orgs.map((org) => ({ value: org.id, label: org.name }))}
            />
          </Form.Item>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="scopes" label={t('scopes')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Checkbox.Group
              options={SCOPES.filter((s) => platform || s !== 'operations').map((s) => ({
                value: s,
                label: t(`scope.${s}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="allowList" label={t('allowList')} extra={t('allowListHint')}>
            <Input.TextArea
              rows={3}
              placeholder="203.0.113.7&#10;10.0.0.0/8"
            />
          </Form.Item>
          <Form.Item name="expiresAt" label={t('expiresAt')}>
            <DatePicker showTime style={{ width: '100%' }} placeholder={t('never')} />
          </Form.Item>
          <Form.Item name="rateLimit" label={t('rateLimit')} extra={t('rateLimitHint')}>
            <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={secret !== null}
        title={t('secretTitle')}
        closable={false}
        maskClosable={false}
        footer={
          <Button type="primary" onClick={() => setSecret(null)}>
            {t('saved')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('secretWarning')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph
          code
          data-testid="issued-secret"
          copyable={{ text: secret ?? '', tooltips: [common('copy'), common('copied')] }}
        >
          {secret}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
