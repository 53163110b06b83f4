'use client';
import { BankOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber } from 'antd';
import { useTranslations } from 'next-intl';
import { formatMoney, formatSignedMoney, yuanToLi } from '../../../../src/console/format';
import { useTRPC } from '../../../../src/trpc/client';
import { BelowOrgFormItem, orgNameIn, useOrgTreeData } from '../billing-org-picker';
import { MoneyCard, useBooking } from './money-card';

interface Fields {
  readonly orgId: string;
  readonly amount: number;
  readonly note?: string;
  readonly receiptNumber?: string;
}

/**
 * The platform's own bookkeeping: a manual recharge against a bank receipt (booked once per org
 * and receipt), or a signed adjustment with its reason.
 */
export function ManualBookingCard({ kind }: { readonly kind: 'manual' | 'adjust' }) {
  const t = useTranslations('billing');
  const { modal } = App.useApp();
  const trpc = useTRPC();
  const booking = useBooking();
  const { data } = useOrgTreeData(true);
  const [form] = Form.useForm<Fields>();
  const manual = useMutation(trpc.billing.manualRecharge.mutationOptions());
  const adjust = useMutation(trpc.billing.adjustBalance.mutationOptions());
  const prefix = kind === 'manual' ? 'manual' : 'adjust';

  const confirm = (fields: Fields) => {
    const org = orgNameIn(data, fields.orgId);
    const amountLi = yuanToLi(fields.amount);
    const shown = kind === 'manual' ? formatMoney(amountLi) : formatSignedMoney(amountLi);
    modal.confirm({
      title: kind === 'manual' ? t('recharge.manual') : t('recharge.adjust'),
      content:
        kind === 'manual'
          ? t('recharge.manualConfirm', { org, amount: shown, receipt: fields.receiptNumber?.trim() ?? '' })
          : t('recharge.adjustConfirm', { org, amount: shown }),
      onOk: () =>
        booking(
          async () => {
            if (kind === 'manual') {
              const booked = await manual.mutateAsync({
                orgId: fields.orgId,
                amountLi,
                receiptNumber: fields.receiptNumber?.trim() ?? '',
                ...(fields.note?.trim() ? { note: fields.note.trim() } : {}),
              });
              return booked.duplicate
                ? t('recharge.manualDuplicate')
                : t('recharge.manualDone', { org, amount: shown });
            }
            await adjust.mutateAsync({ orgId: fields.orgId, amountLi, note: fields.note?.trim() ?? '' });
            return t('recharge.adjustDone', { org, amount: shown });
          },
          () => form.resetFields(),
        ),
    });
  };

  return (
    <MoneyCard
      icon={kind === 'manual' ? <BankOutlined /> : <EditOutlined />}
      title={kind === 'manual' ? t('recharge.manual') : t('recharge.adjust')}
      hint={kind === 'manual' ? t('recharge.manualHint') : t('recharge.adjustHint')}
      testId={`${prefix}-card`}
    >
      <Form<Fields> form={form} layout="vertical" onFinish={confirm} name={prefix}>
        <BelowOrgFormItem data={data} />
        <Form.Item
          name="amount"
          label={kind === 'manual' ? t('amountYuan') : t('recharge.adjustAmount')}
          rules={[
            { required: true, message: t('amountRequired') },
            kind === 'manual'
              ? { type: 'number', min: 0.001, message: t('amountPositive') }
              : {
                  validator: (_rule, value: number | null) =>
                    value === 0 ? Promise.reject(new Error(t('recharge.adjustNonZero'))) : Promise.resolve(),
                },
          ]}
        >
          <InputNumber<number>
            min={kind === 'manual' ? 0.001 : -100_000_000}
            max={100_000_000}
            precision={3}
            style={{ width: '100%' }}
            prefix="¥"
          />
        </Form.Item>
        {kind === 'manual' && (
          <Form.Item
            name="receiptNumber"
            label={t('recharge.receiptNumber')}
            rules={[{ required: true, whitespace: true, message: t('recharge.receiptNumberRequired') }]}
          >
            <Input maxLength={64} />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={t('note')}
          rules={kind === 'adjust' ? [{ required: true, whitespace: true, message: t('recharge.reasonRequired') }] : []}
        >
          <Input.TextArea maxLength={500} rows={2} placeholder={kind === 'manual' ? t('notePlaceholder') : undefined} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid={`${prefix}-submit`}>
          {kind === 'manual' ? t('recharge.manualSubmit') : t('recharge.adjustSubmit')}
        </Button>
      </Form>
    </MoneyCard>
  );
}
