'use client';
import { useQuery } from '@tanstack/react-query';
import { format } from 'echarts/core';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { formatBeijingTime, formatMoney } from '../../../src/console/format';
import { useTRPC } from '../../../src/trpc/client';
import type { BillingAbilities } from './abilities';
import { BillingChart, type ChartOption } from './billing-chart';
import { BillingOrgPicker } from './billing-org-picker';
import { LowBalanceCard } from './low-balance-card';
import { yuanNumber as yuanOf, type BillingOverview } from './billing-types';

/** Balance, what may be spent, credit, packs and status; this month's spend by type and the last six months. */
export function OverviewView({ can }: { readonly can: BillingAbilities }) {
  const t = useTranslations('billing');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const [orgId, setOrgId] = useState<string | undefined>(undefined);
  const overview = useQuery(trpc.billing.getBillingOverview.queryOptions(orgId === undefined ? {} : { orgId }));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('overview.title')}
        extra={
          <Space wrap>
            <BillingOrgPicker value={orgId} onChange={setOrgId} />
            {can.recharge && (
              <Link href="/billing/recharge">
                <Button type="primary">{t('overview.rechargeNow')}</Button>
              </Link>
            )}
          </Space>
        }
        styles={{ body: { padding: overview.data === undefined ? 24 : 0 } }}
      >
        {overview.isError && <Alert type="error" showIcon title={errorText(overview.error)} />}
        {overview.isPending && <Skeleton active />}
      </Card>
      {overview.data !== undefined && <OverviewBody data={overview.data} can={can} own={orgId === undefined} />}
    </Space>
  );
}

function OverviewBody({
  data,
  can,
  own,
}: {
  readonly data: BillingOverview;
  readonly can: BillingAbilities;
  readonly own: boolean;
}) {
  const t = useTranslations('billing');
  const common = useTranslations('common');
  const org = data;
  const postpaid = org.billingMode === 'postpaid';
  const low = org.lowBalanceThresholdLi !== null && BigInt(org.spendableLi) < BigInt(org.lowBalanceThresholdLi);
  const recharge = can.recharge ? (
    <Link href="/billing/recharge">
      <Button type="primary" danger={org.status === 'frozen'} data-testid="frozen-recharge">
        {t('overview.rechargeNow')}
      </Button>
    </Link>
  ) : undefined;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {org.status === 'frozen' && (
        <Alert
          type="error"
          showIcon
          data-testid="frozen-alert"
          title={t('overview.frozenTitle')}
          description={
            org.emptySince !== null && org.frozenAt !== null
              ? t('overview.frozenReason', {
                  since: formatBeijingTime(org.emptySince),
                  at: formatBeijingTime(org.frozenAt),
                })
              : t('overview.frozenReasonShort')
          }
          action={recharge}
        />
      )}
      {org.status !== 'frozen' && org.emptySince !== null && (
        <Alert
          type="warning"
          showIcon
          title={t('overview.emptyWarning', { since: formatBeijingTime(org.emptySince) })}
          action={recharge}
        />
      )}
      {org.status !== 'frozen' && org.emptySince === null && low && org.lowBalanceThresholdLi !== null && (
        <Alert
          type="warning"
          showIcon
          title={t('overview.lowBalance', { threshold: formatMoney(org.lowBalanceThresholdLi) })}
          action={recharge}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col flex="1 1 180px">
          <Card style={{ height: '100%' }}>
            <Statistic title={t('overview.balance')} value={formatMoney(org.balanceLi)} data-testid="balance" />
            <Typography.Text type="secondary">
              {t(`billingMode.${org.billingMode}`)} · {t('overview.reserved', { amount: formatMoney(org.reservedLi) })}
            </Typography.Text>
          </Card>
        </Col>
        <Col flex="1 1 180px">
          <Card style={{ height: '100%' }}>
            <Statistic
              title={t('overview.spendable')}
              value={formatMoney(org.spendableLi)}
              styles={{ content: { color: BigInt(org.spendableLi) > 0n ? undefined : '#cf1322' } }}
              data-testid="spendable"
            />
            <Typography.Text type="secondary">
              {t('overview.spendableHint', { credit: postpaid ? t('overview.spendableCredit') : '' })}
            </Typography.Text>
          </Card>
        </Col>
        <Col flex="1 1 180px">
          <Card style={{ height: '100%' }}>
            <Statistic title={t('overview.creditLimit')} value={postpaid ? formatMoney(org.creditLimitLi) : '—'} />
            <Typography.Text type="secondary">
              {postpaid ? t('overview.creditLimitHint') : t('overview.prepaidNoCredit')}
            </Typography.Text>
          </Card>
        </Col>
        <Col flex="1 1 180px">
          <Card style={{ height: '100%' }}>
            <Statistic title={t('overview.packs')} value={data.packSegmentsLeft} suffix={t('overview.packsUnit')} />
            <Typography.Text type="secondary">
              {data.packSegmentsLeft > 0 ? t('overview.packsHint') : t('overview.noPacks')}
            </Typography.Text>
          </Card>
        </Col>
        <Col flex="1 1 180px">
          <LowBalanceCard
            orgId={org.orgId}
            thresholdLi={org.lowBalanceThresholdLi}
            editable={own ? can.ownThreshold : can.manage}
          />
        </Col>
        <Col flex="1 1 180px">
          <Card style={{ height: '100%' }}>
            <Statistic
              title={t('overview.status')}
              value={common(`orgStatus.${org.status}`)}
              styles={{
                content: {
                  color: org.status === 'active' ? '#389e0d' : org.status === 'frozen' ? '#cf1322' : '#d46b08',
                },
              }}
              data-testid="account-status"
            />
            <Typography.Text type="secondary">
              {org.status === 'active'
                ? t('overview.statusActiveHint')
                : org.status === 'frozen'
                  ? t('overview.statusFrozenHint')
                  : t('overview.statusOtherHint')}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <MonthSpendCard data={data} />
        </Col>
        <Col xs={24} lg={12}>
          <TrendCard data={data} />
        </Col>
      </Row>
    </Space>
  );
}

function MonthSpendCard({ data }: { readonly data: BillingOverview }) {
  const t = useTranslations('billing');
  const rows = data.monthByBusinessType
    .map((row) => ({ ...row, spentLi: String(BigInt(row.amountLi) + BigInt(row.feeChargedLi)) }))
    .filter((row) => BigInt(row.spentLi) !== 0n || BigInt(row.segments) > 0n);
  const total = BigInt(data.monthSpentLi);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const p = params as { dataIndex: number };
          const row = rows[p.dataIndex];
          if (row === undefined) return '';
          return `${format.encodeHTML(row.businessTypeName)}<br/>${t('overview.spend')}: ${formatMoney(row.spentLi)}<br/>${t('overview.segments')}: ${t('overview.segmentsValue', { count: row.segments })}`;
        },
      },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '44%'],
          label: { formatter: '{b}: {d}%' },
          data: rows.map((row) => ({ name: row.businessTypeName, value: yuanOf(row.spentLi) })),
        },
      ],
    }),
    [rows, t],
  );
  return (
    <Card
      title={t('overview.monthSpend', { month: data.month })}
      extra={<Typography.Text strong>{t('overview.monthSpendTotal', { amount: formatMoney(total) })}</Typography.Text>}
      style={{ height: '100%' }}
    >
      {rows.length === 0 ? (
        <Empty description={t('overview.monthSpendEmpty')} style={{ padding: '48px 0' }} />
      ) : (
        <BillingChart option={option} testId="month-spend-chart" />
      )}
    </Card>
  );
}

function TrendCard({ data }: { readonly data: BillingOverview }) {
  const t = useTranslations('billing');
  const months = data.lastMonths;
  const empty = months.every((m) => BigInt(m.spentLi) === 0n);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: {
        trigger: 'axis',
        formatter: (params: unknown) => {
          const p = (params as { dataIndex: number }[])[0];
          const m = p === undefined ? undefined : months[p.dataIndex];
          return m === undefined ? '' : `${m.month}<br/>${t('overview.spend')}: ${formatMoney(m.spentLi)}`;
        },
      },
      grid: { left: 16, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: months.map((m) => m.month) },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => `¥${value.toLocaleString('en-US')}` } },
      series: [
        {
          type: 'bar',
          name: t('overview.spend'),
          barMaxWidth: 36,
          itemStyle: { color: '#1677ff' },
          data: months.map((m) => yuanOf(m.spentLi)),
        },
      ],
    }),
    [months, t],
  );
  return (
    <Card title={t('overview.trend')} style={{ height: '100%' }}>
      {empty ? (
        <Empty description={t('overview.trendEmpty')} style={{ padding: '48px 0' }} />
      ) : (
        <BillingChart option={option} testId="trend-chart" />
      )}
    </Card>
  );
}
