'use client';
import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useTranslations } from 'next-intl';
import { useApiErrorText } from '../../../../src/console/api-error-text';
import { formatMoney, yuanToLi } from '../../../../src/console/format';
import { useTRPC } from '../../../../src/trpc/client';

interface Fields {
  readonly amount: number;
  readonly title: string;
  readonly taxNumber: string;
  readonly sendTo: string;
}

/** Asks the platform for an invoice for money recharged and not invoiced yet. */
export function RequestInvoiceModal(props: {
  readonly orgId: string | undefined;
  readonly invoiceableLi: string | null;
  readonly onClose: () => void;
  readonly onDone: () => Promise<void>;
}) {
  const t = useTranslations('billing');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const [form] = Form.useForm<Fields>();
  const request = useMutation(trpc.billing.requestInvoice.mutationOptions());
  const max = props.invoiceableLi === null ? undefined : Number(BigInt(props.invoiceableLi)) / 1000;

  const submit = async (fields: Fields) => {
    try {
      await request.mutateAsync({
        ...(props.orgId === undefined ? {} : { orgId: props.orgId }),
        amountLi: yuanToLi(fields.amount),
        title: fields.title.trim(),
        taxNumber: fields.taxNumber.trim().toUpperCase(),
        sendTo: fields.sendTo.trim(),
      });
      void message.success(t('invoices.requested'));
      await props.onDone();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <Modal
      open
      title={t('invoices.requestTitle')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={common('confirm')}
      cancelText={common('cancel')}
      confirmLoading={request.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('invoices.requestHint')}</Typography.Paragraph>
      <Form<Fields> form={form} layout="vertical" name="invoice" onFinish={(fields) => void submit(fields)}>
        <Form.Item
          name="amount"
          label={t('amountYuan')}
          extra={
            props.invoiceableLi === null
              ? undefined
              : t('invoices.invoiceable', { amount: formatMoney(props.invoiceableLi) })
          }
          rules={[
            { required: true, message: t('amountRequired') },
            { type: 'number', min: 0.01, message: t('amountPositive') },
          ]}
        >
          <InputNumber<number> min={0.01} max={max} precision={2} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('invoices.invoiceTitle')}
          rules={[{ required: true, whitespace: true, message: t('invoices.invoiceTitleRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="taxNumber"
          label={t('invoices.taxNumber')}
          rules={[
            { required: true, whitespace: true, message: t('invoices.taxNumberRequired') },
            {
              validator: (_rule, value: string | undefined) =>
                value === undefined || value.trim() === '' || /^[0-9A-Z]{15,20}$/.test(value.trim().toUpperCase())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('invoices.taxNumberInvalid'))),
            },
          ]}
        >
          <Input maxLength={20} style={{ textTransform: 'uppercase' }} />
        </Form.Item>
        <Form.Item
          name="sendTo"
          label={t('invoices.sendTo')}
          rules={[{ required: true, whitespace: true, message: t('invoices.sendToRequired') }]}
        >
          <Input.TextArea maxLength={300} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
