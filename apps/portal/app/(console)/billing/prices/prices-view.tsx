'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Skeleton, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useApiErrorText } from '../../../../src/console/api-error-text';
import { formatBeijingTime, formatYuan } from '../../../../src/console/format';
import { useTRPC } from '../../../../src/trpc/client';
import type { BillingAbilities } from '../abilities';
import { BillingOrgPicker } from '../billing-org-picker';
import type { EffectivePrice, PriceList } from '../billing-types';
import { useCarrierName } from './carrier-name';
import { PlansCard } from './plans-card';
import { PriceModal } from './price-modal';

const CARRIER_ORDER = ['CMCC', 'CUCC', 'CTCC', 'CBN', 'INTL'];

interface MatrixRow {
  readonly businessTypeId: string;
  readonly businessTypeName: string;
  readonly byCarrier: ReadonlyMap<string, EffectivePrice>;
}

/** The price per business type × carrier with where it comes from; prices and plans of orgs below for billing:manage. */
export function PricesView({ can }: { readonly can: BillingAbilities }) {
  const t = useTranslations('billing');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const [orgId, setOrgId] = useState<string | undefined>(undefined);
  const input = orgId === undefined ? {} : { orgId };
  const prices = useQuery(trpc.billing.listPrices.queryOptions(input));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('prices.title')} extra={<BillingOrgPicker value={orgId} onChange={setOrgId} />}>
        <Typography.Paragraph type="secondary">{t('prices.hint')}</Typography.Paragraph>
        {prices.isError && <Alert type="error" showIcon title={errorText(prices.error)} />}
        {prices.isPending && <Skeleton active />}
        {prices.data !== undefined && <PriceMatrix list={prices.data} can={can} />}
      </Card>
      {prices.data !== undefined && <PlansCard orgId={orgId} can={can} />}
    </Space>
  );
}

function PriceMatrix({ list, can }: { readonly list: PriceList; readonly can: BillingAbilities }) {
  const t = useTranslations('billing');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const carrierName = useCarrierName();
  const { message, modal } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const remove = useMutation(trpc.billing.removePrice.mutationOptions());
  const manageable = can.manage && list.manageable;

  const { rows, carriers } = useMemo(() => {
    const seen = new Set<string>();
    const byType = new Map<string, { name: string; byCarrier: Map<string, EffectivePrice> }>();
    for (const price of list.prices) {
      seen.add(price.carrierCode);
      let row = byType.get(price.businessTypeId);
      if (row === undefined) {
        row = { name: price.businessTypeName, byCarrier: new Map() };
        byType.set(price.businessTypeId, row);
      }
      row.byCarrier.set(price.carrierCode, price);
    }
    const order = (code: string) => {
      const index = CARRIER_ORDER.indexOf(code);
      return index === -1 ? CARRIER_ORDER.length : index;
    };
    return {
      rows: [...byType.entries()].map(([id, row]): MatrixRow => ({
        businessTypeId: id,
        businessTypeName: row.name,
        byCarrier: row.byCarrier,
      })),
      carriers: [...seen].sort((a, b) => order(a) - order(b) || a.localeCompare(b)),
    };
  }, [list.prices]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.billing.listPrices.queryKey() });

  const source = (price: EffectivePrice) =>
    price.source === 'own'
      ? t('prices.sourceOwn')
      : price.source === 'ancestor'
        ? t('prices.sourceInherited', { org: price.sourceOrgName ?? '—' })
        : t('prices.sourceList');

  const columns: TableColumnsType<MatrixRow> = [
    { title: t('businessType'), dataIndex: 'businessTypeName', width: 120, fixed: 'left' },
    ...carriers.map((carrier) => ({
      title: carrierName(carrier),
      key: carrier,
      width: 170,
      render: (_value: unknown, row: MatrixRow) => {
        const price = row.byCarrier.get(carrier);
        if (price === undefined) return '—';
        return (
          <div data-testid={`price-${row.businessTypeId}-${carrier}`}>
            <Typography.Text strong>{formatYuan(price.pricePerSegmentLi)}</Typography.Text>
            <br />
            <Tag
              color={price.source === 'own' ? 'blue' : price.source === 'ancestor' ? 'default' : undefined}
              bordered={price.source !== 'list'}
              style={{ marginTop: 4, maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis' }}
              title={source(price)}
            >
              {source(price)}
            </Tag>
          </div>
        );
      },
    })),
  ];

  const ownColumns: TableColumnsType<PriceList['own'][number]> = [
    {
      title: t('businessType'),
      dataIndex: 'businessTypeId',
      render: (id: string) => rows.find((row) => row.businessTypeId === id)?.businessTypeName ?? id,
    },
    { title: t('carrier'), dataIndex: 'carrierCode', render: (code: string) => carrierName(code) },
    {
      title: t('prices.price'),
      dataIndex: 'pricePerSegmentLi',
      align: 'right',
      render: (li: string) => t('prices.perSegment', { price: formatYuan(li) }),
    },
    { title: t('time'), dataIndex: 'updatedAt', render: (value: string) => formatBeijingTime(value) },
    {
      title: common('actions'),
      key: 'actions',
      render: (_value, own) => (
        <Button
          size="small"
          danger
          onClick={() =>
            void modal.confirm({
              title: t('prices.remove'),
              content: t('prices.removeConfirm', {
                org: list.orgName,
                type: rows.find((row) => row.businessTypeId === own.businessTypeId)?.businessTypeName ?? '',
                carrier: carrierName(own.carrierCode),
              }),
              okButtonProps: { danger: true },
              onOk: async () => {
                try {
                  await remove.mutateAsync({
                    orgId: list.orgId,
                    businessTypeId: own.businessTypeId,
                    carrierCode: own.carrierCode,
                  });
                  void message.success(t('prices.removed'));
                  await refresh();
                } catch (error) {
                  void message.error(errorText(error));
                }
              },
            })
          }
        >
          {t('prices.remove')}
        </Button>
      ),
    },
  ];

  if (rows.length === 0) return <Empty description={t('prices.empty')} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {!list.manageable && can.manage && <Alert type="info" showIcon title={t('prices.ownOrgNote')} />}
      <Table<MatrixRow>
        rowKey="businessTypeId"
        columns={columns}
        dataSource={rows}
        pagination={false}
        bordered
        size="middle"
        tableLayout="fixed"
        scroll={{ x: 120 + 170 * carriers.length }}
        data-testid="price-matrix"
      />
      {(manageable || list.own.length > 0) && (
        <Card
          size="small"
          title={t('prices.ownTitle', { org: list.orgName })}
          extra={
            manageable && (
              <Button type="primary" onClick={() => setEditing(true)} data-testid="price-edit">
                {t('prices.edit')}
              </Button>
            )
          }
        >
          <Table
            rowKey={(own) => `${own.businessTypeId}-${own.carrierCode}`}
            columns={manageable ? ownColumns : ownColumns.slice(0, -1)}
            dataSource={list.own}
            pagination={false}
            size="small"
            locale={{ emptyText: t('prices.ownEmpty') }}
          />
        </Card>
      )}
      {editing && (
        <PriceModal
          list={list}
          types={rows.map((row) => ({ id: row.businessTypeId, name: row.businessTypeName }))}
          carriers={carriers}
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
