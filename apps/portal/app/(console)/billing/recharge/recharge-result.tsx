'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Result, Spin } from 'antd';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useApiErrorText } from '../../../../src/console/api-error-text';
import { formatMoney } from '../../../../src/console/format';
import { useTRPC } from '../../../../src/trpc/client';

/** How long the page waits for the verified payment event before saying it has not come yet. */
const PATIENCE_MS = 90_000;

/**
 * The page Checkout returns to: the order is pending until the provider's signed event credits
 * it, so the page asks again every second until it is paid (or expired, failed, or the wait is
 * long), then shows the new balance.
 */
export function RechargeResult({ orderId }: { readonly orderId: string }) {
  const t = useTranslations('billing');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [startedAt] = useState(() => Date.now());
  const [patient, setPatient] = useState(true);
  useEffect(() => {
    const timer = setTimeout(() => setPatient(false), PATIENCE_MS);
    return () => clearTimeout(timer);
  }, []);

  const order = useQuery({
    ...trpc.billing.getRechargeOrder.queryOptions({ orderId }),
    refetchInterval: (query) =>
      query.state.data?.status === 'pending' && Date.now() - startedAt < PATIENCE_MS ? 1_000 : false,
  });
  const paid = order.data?.status === 'paid';
  const balance = useQuery({
    ...trpc.billing.getBillingOverview.queryOptions({ orgId: order.data?.orgId ?? '0' }),
    enabled: paid,
  });
  useEffect(() => {
    if (paid) void queryClient.invalidateQueries({ queryKey: trpc.billing.getBillingOverview.queryKey() });
  }, [paid, queryClient, trpc]);

  const again = (
    <Link href="/billing/recharge" key="again">
      <Button>{t('recharge.again')}</Button>
    </Link>
  );
  const ledger = (
    <Link href="/billing/ledger" key="ledger">
      <Button type="primary">{t('ledger.title')}</Button>
    </Link>
  );

  let body;
  if (order.isError) body = <Alert type="error" showIcon title={errorText(order.error)} />;
  else if (order.data === undefined || (order.data.status === 'pending' && patient))
    body = (
      <Result
        icon={<Spin size="large" />}
        title={t('recharge.waiting')}
        subTitle={t('recharge.waitingHint')}
        data-testid="recharge-waiting"
      />
    );
  else if (order.data.status === 'pending')
    body = <Result status="warning" title={t('recharge.pendingLong')} extra={[again, ledger]} />;
  else if (order.data.status === 'paid')
    body = (
      <Result
        status="success"
        title={t('recharge.paid')}
        subTitle={
          <span data-testid="recharge-paid">
            {t('recharge.paidText', {
              amount: formatMoney(order.data.amountLi),
              balance: balance.data === undefined ? '…' : formatMoney(balance.data.balanceLi),
            })}
          </span>
        }
        extra={[again, ledger]}
      />
    );
  else
    body = (
      <Result
        status="error"
        title={order.data.status === 'expired' ? t('recharge.expired') : t('recharge.failed')}
        extra={[again]}
      />
    );

  return (
    <Card title={t('recharge.orderNumber', { id: orderId })} data-testid="recharge-result">
      {body}
    </Card>
  );
}
