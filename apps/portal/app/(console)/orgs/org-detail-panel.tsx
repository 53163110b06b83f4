'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Space, Spin, Tag, Typography } from 'antd';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { formatBeijingTime, formatYuan } from '../../../src/console/format';
import { useTRPC } from '../../../src/trpc/client';
import { CreateChildModal } from './create-child-modal';
import { EditOrgModal } from './edit-org-modal';
import { OrgEntitlementsCard } from './org-entitlements-card';

type StatusAction = 'disable' | 'enable' | 'close';

/** One org: kind, status, code, balance, limits; and for orgs below the caller's, what may be done. */
export function OrgDetailPanel(props: {
  readonly orgId: string;
  /** The viewer is the platform (it alone extends credit). */
  readonly grantsCredit: boolean;
  readonly canManage: boolean;
  readonly onCreated: (id: string) => void;
}) {
  const t = useTranslations('orgs');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const { message, modal } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const org = useQuery(trpc.orgs.get.queryOptions({ orgId: props.orgId }));
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState(false);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.orgs.tree.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.orgs.get.queryKey({ orgId: props.orgId }) }),
    ]);
  const disable = useMutation(trpc.orgs.disable.mutationOptions());
  const enable = useMutation(trpc.orgs.enable.mutationOptions());
  const close = useMutation(trpc.orgs.close.mutationOptions());

  if (org.isPending) return <Spin />;
  if (org.isError) return <Alert type="error" showIcon title={errorText(org.error)} />;
  const o = org.data;

  const changeStatus = (action: StatusAction) => {
    const mutation = { disable, enable, close }[action];
    modal.confirm({
      title: t(action),
      content: t(`${action}Confirm`, { name: o.name }),
      okButtonProps: { danger: action !== 'enable' },
      onOk: async () => {
        try {
          await mutation.mutateAsync({ orgId: o.id });
          void message.success(t('statusChanged'));
          await refresh();
        } catch (error) {
          void message.error(errorText(error));
        }
      },
    });
  };

  const limit = (value: number | null) => (value === null ? t('unlimited') : value.toLocaleString());
  const manage = props.canManage && o.manageable;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <span data-testid="org-detail-title">
            {o.name} <Tag>{common(`orgKind.${o.kind}`)}</Tag>
            <Tag color={o.status === 'active' ? 'green' : 'red'}>{common(`orgStatus.${o.status}`)}</Tag>
          </span>
        }
        extra={
          props.canManage && (
            <Space wrap>
              <Button
                type="primary"
                onClick={() => setCreating(true)}
                disabled={o.childKinds.length === 0 || o.status !== 'active'}
              >
                {t('createChild')}
              </Button>
              {manage && <Button onClick={() => setEditing(true)}>{t('editLimits')}</Button>}
              {manage && o.status === 'active' && (
                <Button danger onClick={() => changeStatus('disable')}>
                  {t('disable')}
                </Button>
              )}
              {manage && o.status === 'suspended' && (
                <Button onClick={() => changeStatus('enable')}>{t('enable')}</Button>
              )}
              {manage && (o.status === 'active' || o.status === 'suspended') && (
                <Button danger type="dashed" onClick={() => changeStatus('close')}>
                  {t('close')}
                </Button>
              )}
            </Space>
          )
        }
      >
        {!o.manageable && <Alert type="info" showIcon title={t('ownOrgNote')} style={{ marginBottom: 16 }} />}
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t('kind')}>{common(`orgKind.${o.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('status')}>{common(`orgStatus.${o.status}`)}</Descriptions.Item>
          <Descriptions.Item label={t('extensionCode')}>
            <Typography.Text code>{o.extensionCode ?? '—'}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('billingMode')}>{t(`billing.${o.billingMode}`)}</Descriptions.Item>
          <Descriptions.Item label={t('balance')}>{formatYuan(o.balanceLi)}</Descriptions.Item>
          <Descriptions.Item label={t('creditLimit')}>{formatYuan(o.creditLimitLi)}</Descriptions.Item>
          <Descriptions.Item label={t('dailyLimit')}>{limit(o.dailyLimit)}</Descriptions.Item>
          <Descriptions.Item label={t('monthlyLimit')}>{limit(o.monthlyLimit)}</Descriptions.Item>
          <Descriptions.Item label={t('rateLimit')}>{limit(o.rateLimit)}</Descriptions.Item>
          <Descriptions.Item label={t('childCount')}>{o.childCount}</Descriptions.Item>
          <Descriptions.Item label={t('ipAllowList')} span={2}>
            {o.ipAllowList.length === 0
              ? t('anyAddress')
              : o.ipAllowList.map((entry) => <Tag key={entry}>{entry}</Tag>)}
          </Descriptions.Item>
          <Descriptions.Item label={t('createdAt')} span={2}>
            {formatBeijingTime(o.createdAt)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <OrgEntitlementsCard orgId={o.id} editable={manage} />
      {creating && (
        <CreateChildModal
          parent={o}
          grantsCredit={props.grantsCredit}
          onClose={() => setCreating(false)}
          onCreated={async (id) => {
            setCreating(false);
            await refresh();
            props.onCreated(id);
          }}
        />
      )}
      {editing && (
        <EditOrgModal
          org={o}
          onClose={() => setEditing(false)}
          onSaved={async () => {
            setEditing(false);
            await refresh();
          }}
        />
      )}
    </Space>
  );
}
