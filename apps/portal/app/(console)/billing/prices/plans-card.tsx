'use client';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useApiErrorText } from '../../../../src/console/api-error-text';
import { formatMoney, formatYuan } from '../../../../src/console/format';
import { useTRPC } from '../../../../src/trpc/client';
import type { BillingAbilities } from '../abilities';
import type { BillingPlan, PlanMode } from '../billing-types';
import { PlanModal } from './plan-modal';

const MODE_COLORS: Readonly<Record<PlanMode, string>> = {
  per_segment: 'default',
  monthly_package: 'blue',
  monthly_cap: 'purple',
  free: 'green',
};

/** The org's plan per business type; orgs below may be given another by billing:manage. */
export function PlansCard({ orgId, can }: { readonly orgId: string | undefined; readonly can: BillingAbilities }) {
  const t = useTranslations('billing');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const plans = useQuery(trpc.billing.getBillingPlans.queryOptions(orgId === undefined ? {} : { orgId }));
  const [editing, setEditing] = useState<BillingPlan | null>(null);
  const manageable = can.manage && plans.data?.manageable === true;

  const terms = (plan: BillingPlan) => {
    if (!plan.planned) return t('prices.planNone');
    switch (plan.mode) {
      case 'monthly_package':
        return plan.overagePriceLi === null
          ? t('prices.planPackageDefaultOverage', {
              fee: formatMoney(plan.monthlyFeeLi),
              segments: plan.includedSegments.toLocaleString('en-US'),
            })
          : t('prices.planPackage', {
              fee: formatMoney(plan.monthlyFeeLi),
              segments: plan.includedSegments.toLocaleString('en-US'),
              overage: formatYuan(plan.overagePriceLi),
            });
      case 'monthly_cap':
        return t('prices.planCap', { cap: formatMoney(plan.monthlyCapLi ?? '0') });
      case 'free':
        return t('prices.planFree');
      default:
        return t('prices.modeHelp.per_segment');
    }
  };

  const columns: TableColumnsType<BillingPlan> = [
    { title: t('businessType'), dataIndex: 'businessTypeName', width: 140 },
    {
      title: t('prices.mode'),
      dataIndex: 'mode',
      width: 150,
      render: (mode: PlanMode) => <Tag color={MODE_COLORS[mode]}>{t(`prices.modes.${mode}`)}</Tag>,
    },
    { title: t('prices.modeDetail'), key: 'terms', render: (_value, plan) => terms(plan) },
    ...(manageable
      ? [
          {
            title: common('actions'),
            key: 'actions',
            width: 140,
            render: (_value: unknown, plan: BillingPlan) => (
              <Button size="small" onClick={() => setEditing(plan)} data-testid={`plan-edit-${plan.businessTypeCode}`}>
                {t('prices.editPlan')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card title={t('prices.plans')}>
      <Typography.Paragraph type="secondary">{t('prices.plansHint')}</Typography.Paragraph>
      {plans.isError && <Alert type="error" showIcon title={errorText(plans.error)} />}
      <Table<BillingPlan>
        rowKey="businessTypeId"
        columns={columns}
        dataSource={plans.data?.plans ?? []}
        loading={plans.isFetching}
        pagination={false}
        size="middle"
      />
      {editing !== null && plans.data !== undefined && (
        <PlanModal
          orgId={plans.data.orgId}
          orgName={plans.data.orgName}
          plan={editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}
