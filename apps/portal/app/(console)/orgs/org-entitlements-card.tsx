'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Space, Spin, Tag, Typography } from 'antd';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { useTRPC } from '../../../src/trpc/client';

/** Which business types an org may use: its own list within its parent's, or its parent's whole set. */
export function OrgEntitlementsCard(props: { readonly orgId: string; readonly editable: boolean }) {
  const t = useTranslations('orgs');
  const errorText = useApiErrorText();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const entitlements = useQuery(trpc.orgs.entitlements.queryOptions({ orgId: props.orgId }));
  const save = useMutation(trpc.orgs.setEntitlements.mutationOptions());
  const [chosen, setChosen] = useState<string[]>([]);
  useEffect(() => {
    if (entitlements.data !== undefined) setChosen([...entitlements.data.own]);
  }, [entitlements.data]);

  if (entitlements.isPending) return <Spin />;
  if (entitlements.isError) return <Alert type="error" showIcon title={errorText(entitlements.error)} />;
  const e = entitlements.data;
  const nameOf = new Map(e.businessTypes.map((type) => [type.code, type.name]));
  const names = (codes: readonly string[]) =>
    codes.length === 0 ? t('entitlementsNone') : codes.map((code) => nameOf.get(code) ?? code).join('、');

  const submit = async () => {
    try {
      await save.mutateAsync({ orgId: props.orgId, businessTypes: chosen });
      void message.success(t('saved'));
      await queryClient.invalidateQueries({ queryKey: trpc.orgs.entitlements.queryKey() });
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <Card title={t('entitlements')} data-testid="org-entitlements">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <div>
          <Typography.Text type="secondary">{t('entitlementsEffective')}：</Typography.Text>
          {e.effective.length === 0
            ? t('entitlementsNone')
            : e.effective.map((code) => <Tag key={code}>{nameOf.get(code) ?? code}</Tag>)}
        </div>
        {e.own.length === 0 && (
          <Typography.Text type="secondary">
            {t('entitlementsInherit', { types: names(e.parentEffective) })}
          </Typography.Text>
        )}
        {props.editable && (
          <>
            <Checkbox.Group
              value={chosen}
              onChange={(values) => setChosen(values.map(String))}
              options={e.businessTypes.map((type) => ({
                value: type.code,
                label: type.name,
                disabled: !e.parentEffective.includes(type.code),
              }))}
            />
            <Typography.Text type="secondary">{t('entitlementsHint')}</Typography.Text>
            <Button
              type="primary"
              onClick={() => void submit()}
              loading={save.isPending}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('saveEntitlements')}
            </Button>
          </>
        )}
      </Space>
    </Card>
  );
}
