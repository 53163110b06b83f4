'use client';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Space, Statistic } from 'antd';
import { useTranslations } from 'next-intl';
import { useApiErrorText } from '../../../../src/console/api-error-text';
import { formatMoney } from '../../../../src/console/format';
import { useTRPC } from '../../../../src/trpc/client';
import type { BillingAbilities } from '../abilities';
import { useOrgTreeData } from '../billing-org-picker';
import { ManualBookingCard } from './manual-booking-card';
import { MessagePackCard } from './message-pack-card';
import { OnlineRechargeCard } from './online-recharge-card';
import { RechargeResult } from './recharge-result';
import { TransferCard } from './transfer-card';

/**
 * Money in: online through Stripe Checkout (and the page Checkout returns to), a transfer to an
 * org below, and for the platform a manual recharge against a receipt, adjustments and message packs.
 */
export function RechargeView({ can, orderId }: { readonly can: BillingAbilities; readonly orderId: string | null }) {
  const t = useTranslations('billing');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const own = useQuery(trpc.billing.getBillingOverview.queryOptions({}));
  const { hasChildren } = useOrgTreeData();

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('recharge.title')}>
        {own.isError ? (
          <Alert type="error" showIcon title={errorText(own.error)} />
        ) : (
          <Space size={48} wrap>
            <Statistic
              title={t('overview.balance')}
              value={own.data === undefined ? '…' : formatMoney(own.data.balanceLi)}
              data-testid="recharge-balance"
            />
            <Statistic
              title={t('overview.spendable')}
              value={own.data === undefined ? '…' : formatMoney(own.data.spendableLi)}
            />
          </Space>
        )}
      </Card>
      {orderId !== null && <RechargeResult orderId={orderId} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <OnlineRechargeCard />
        </Col>
        {hasChildren && (
          <Col xs={24} xl={12}>
            <TransferCard fromBalanceLi={own.data?.balanceLi ?? null} fromName={own.data?.orgName ?? ''} />
          </Col>
        )}
        {can.operate && (
          <Col xs={24} xl={12}>
            <ManualBookingCard kind="manual" />
          </Col>
        )}
        {can.operate && (
          <Col xs={24} xl={12}>
            <ManualBookingCard kind="adjust" />
          </Col>
        )}
        {can.operate && (
          <Col xs={24} xl={12}>
            <MessagePackCard />
          </Col>
        )}
      </Row>
    </Space>
  );
}
