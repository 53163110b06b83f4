'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Modal, Space, Spin, Tag, Typography } from 'antd';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { useTRPC } from '../../../src/trpc/client';
import type { UserRow } from './user-types';

/** The business types a user may send: its own list within its org's, or all its org's. */
export function UserEntitlementsModal(props: {
  readonly user: UserRow;
  readonly editable: boolean;
  readonly onClose: () => void;
}) {
  const t = useTranslations('users');
  const orgs = useTranslations('orgs');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const entitlements = useQuery(trpc.users.entitlements.queryOptions({ userId: props.user.id }));
  const save = useMutation(trpc.users.setEntitlements.mutationOptions());
  const [chosen, setChosen] = useState<string[]>([]);
  useEffect(() => {
    if (entitlements.data !== undefined) setChosen([...entitlements.data.own]);
  }, [entitlements.data]);

  const submit = async () => {
    try {
      await save.mutateAsync({ userId: props.user.id, businessTypes: chosen });
      void message.success(t('saved'));
      await queryClient.invalidateQueries({ queryKey: trpc.users.entitlements.queryKey() });
      props.onClose();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <Modal
      open
      title={t('entitlementsTitle', { email: props.user.email })}
      onCancel={props.onClose}
      onOk={() => (props.editable ? void submit() : props.onClose())}
      okText={props.editable ? common('save') : common('confirm')}
      cancelText={common('cancel')}
      confirmLoading={save.isPending}
    >
      {entitlements.isPending ? (
        <Spin />
      ) : entitlements.isError ? (
        <Alert type="error" showIcon title={errorText(entitlements.error)} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <div>
            <Typography.Text type="secondary">{orgs('entitlementsEffective')}：</Typography.Text>
            {entitlements.data.effective.length === 0
              ? orgs('entitlementsNone')
              : entitlements.data.effective.map((code) => (
                  <Tag key={code}>
                    {entitlements.data.businessTypes.find((type) => type.code === code)?.name ?? code}
                  </Tag>
                ))}
          </div>
          {props.editable && (
            <>
              <Checkbox.Group
                value={chosen}
                onChange={(values) => setChosen(values.map(String))}
                options={entitlements.data.businessTypes.map((type) => ({
                  value: type.code,
                  label: type.name,
                  disabled: !entitlements.data.orgEffective.includes(type.code),
                }))}
              />
              <Typography.Text type="secondary">{t('entitlementsHint')}</Typography.Text>
            </>
          )}
        </Space>
      )}
    </Modal>
  );
}
