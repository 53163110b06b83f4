'use client';
import { CreditCardOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Space, Typography } from 'antd';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useApiErrorText } from '../../../../src/console/api-error-text';
import { yuanToLi } from '../../../../src/console/format';
import { useTRPC } from '../../../../src/trpc/client';
import { BillingOrgPicker } from '../billing-org-picker';

const PRESETS = [100, 500, 1000, 5000] as const;

interface Fields {
  readonly amount: number | null;
}

/** An amount in yuan (presets or typed), then off to Stripe Checkout; it comes back with ?order=. */
export function OnlineRechargeCard() {
  const t = useTranslations('billing');
  const errorText = useApiErrorText();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const checkout = useMutation(trpc.billing.createRechargeCheckout.mutationOptions());
  const [form] = Form.useForm<Fields>();
  const [orgId, setOrgId] = useState<string | undefined>(undefined);
  const [opening, setOpening] = useState(false);

  const pay = async ({ amount }: Fields) => {
    if (amount === null || amount <= 0) return;
    setOpening(true);
    try {
      const opened = await checkout.mutateAsync({
        amountLi: yuanToLi(amount),
        ...(orgId === undefined ? {} : { orgId }),
      });
      window.location.assign(opened.url);
    } catch (error) {
      setOpening(false);
      void message.error(errorText(error));
    }
  };

  return (
    <Card
      title={
        <Space>
          <CreditCardOutlined />
          {t('recharge.online')}
        </Space>
      }
      extra={<BillingOrgPicker value={orgId} onChange={setOrgId} width={200} />}
      style={{ height: '100%' }}
    >
      <Typography.Paragraph type="secondary">{t('recharge.onlineHint')}</Typography.Paragraph>
      <Form<Fields>
        form={form}
        layout="vertical"
        initialValues={{ amount: 500 }}
        onFinish={(fields) => void pay(fields)}
      >
        <Form.Item label={t('recharge.presets')}>
          <Space wrap>
            {PRESETS.map((preset) => (
              <Button
                key={preset}
                onClick={() => form.setFieldValue('amount', preset)}
                data-testid={`preset-${preset}`}
              >
                {t('recharge.yuan', { amount: preset.toLocaleString('en-US') })}
              </Button>
            ))}
          </Space>
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('amountYuan')}
          rules={[
            { required: true, message: t('amountRequired') },
            { type: 'number', min: 1, max: 1_000_000, message: t('recharge.onlineRange') },
          ]}
        >
          <InputNumber<number>
            min={1}
            max={1_000_000}
            precision={2}
            style={{ width: '100%' }}
            prefix="¥"
            id="online-amount"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={opening} data-testid="online-pay" size="large">
          {opening ? t('recharge.opening') : t('recharge.pay')}
        </Button>
      </Form>
    </Card>
  );
}
