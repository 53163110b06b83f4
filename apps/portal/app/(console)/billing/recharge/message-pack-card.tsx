'use client';
import { GiftOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, InputNumber, Select } from 'antd';
import { useTranslations } from 'next-intl';
import { formatMoney, yuanToLi } from '../../../../src/console/format';
import { useTRPC } from '../../../../src/trpc/client';
import { BelowOrgFormItem, orgNameIn, useOrgTreeData } from '../billing-org-picker';
import { useBusinessTypes } from '../use-business-types';
import { MoneyCard, useBooking } from './money-card';

/** What the expiry picker gives (antd's dayjs value), as far as this card uses it. */
interface Day {
  format(pattern: 'YYYY-MM-DD'): string;
  isBefore(other: Date, unit: 'day'): boolean;
}

interface Fields {
  readonly orgId: string;
  readonly businessTypeId?: string;
  readonly segments: number;
  readonly price: number;
  readonly expires?: Day | null;
}

/** The platform gives or sells an org a message pack; its price, if any, comes out of the org's balance. */
export function MessagePackCard() {
  const t = useTranslations('billing');
  const { modal } = App.useApp();
  const trpc = useTRPC();
  const booking = useBooking();
  const { data } = useOrgTreeData(true);
  const { types } = useBusinessTypes();
  const [form] = Form.useForm<Fields>();
  const grant = useMutation(trpc.billing.grantMessagePack.mutationOptions());

  const confirm = (fields: Fields) => {
    const org = orgNameIn(data, fields.orgId);
    const priceLi = yuanToLi(fields.price);
    const type = types.find((item) => item.id === fields.businessTypeId)?.name ?? t('recharge.packAnyType');
    const segments = fields.segments.toLocaleString('en-US');
    modal.confirm({
      title: t('recharge.pack'),
      content: t('recharge.packConfirm', { org, segments, type, price: formatMoney(priceLi) }),
      onOk: () =>
        booking(
          async () => {
            await grant.mutateAsync({
              orgId: fields.orgId,
              businessTypeId: fields.businessTypeId ?? null,
              segments: fields.segments,
              priceLi,
              // To the end of the chosen day in Beijing, the platform's time, wherever the browser is.
              expiresAt: fields.expires
                ? new Date(`${fields.expires.format('YYYY-MM-DD')}T23:59:59.999+08:00`).toISOString()
                : null,
            });
            return t('recharge.packDone', { org, segments });
          },
          () => form.resetFields(),
        ),
    });
  };

  return (
    <MoneyCard icon={<GiftOutlined />} title={t('recharge.pack')} hint={t('recharge.packHint')} testId="pack-card">
      <Form<Fields> form={form} layout="vertical" onFinish={confirm} name="pack" initialValues={{ price: 0 }}>
        <BelowOrgFormItem data={data} />
        <Form.Item name="businessTypeId" label={t('businessType')}>
          <Select
            allowClear
            placeholder={t('recharge.packAnyType')}
            options={types.map((type) => ({ value: type.id, label: type.name }))}
          />
        </Form.Item>
        <Form.Item
          name="segments"
          label={t('recharge.packSegments')}
          rules={[
            { required: true, message: t('recharge.packSegmentsRange') },
            { type: 'integer', min: 1, max: 10_000_000, message: t('recharge.packSegmentsRange') },
          ]}
        >
          <InputNumber<number> min={1} max={10_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="price"
          label={t('recharge.packPrice')}
          extra={t('recharge.packPriceHint')}
          rules={[{ required: true, message: t('amountRequired') }]}
        >
          <InputNumber<number> min={0} max={100_000_000} precision={3} style={{ width: '100%' }} prefix="¥" />
        </Form.Item>
        <Form.Item name="expires" label={t('recharge.packExpires')} extra={t('recharge.packExpiresHint')}>
          <DatePicker style={{ width: '100%' }} disabledDate={(day: Day) => day.isBefore(new Date(), 'day')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="pack-submit">
          {t('recharge.packSubmit')}
        </Button>
      </Form>
    </MoneyCard>
  );
}
