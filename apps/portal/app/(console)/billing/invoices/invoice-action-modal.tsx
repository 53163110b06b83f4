'use client';
import { useMutation } from '@tanstack/react-query';
import { App, Descriptions, Form, Input, Modal } from 'antd';
import { useTranslations } from 'next-intl';
import { useApiErrorText } from '../../../../src/console/api-error-text';
import { formatMoney } from '../../../../src/console/format';
import { useTRPC } from '../../../../src/trpc/client';
import type { Invoice } from '../billing-types';

interface Fields {
  readonly value: string;
}

/** The platform issues a requested invoice (with its number) or refuses it (with the reason). */
export function InvoiceActionModal(props: {
  readonly invoice: Invoice;
  readonly action: 'issue' | 'refuse';
  readonly onClose: () => void;
  readonly onDone: () => Promise<void>;
}) {
  const t = useTranslations('billing');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const [form] = Form.useForm<Fields>();
  const issue = useMutation(trpc.billing.issueInvoice.mutationOptions());
  const refuse = useMutation(trpc.billing.refuseInvoice.mutationOptions());
  const issuing = props.action === 'issue';

  const submit = async ({ value }: Fields) => {
    try {
      if (issuing) {
        await issue.mutateAsync({ id: props.invoice.id, invoiceNumber: value.trim() });
        void message.success(t('invoices.issued'));
      } else {
        await refuse.mutateAsync({ id: props.invoice.id, reason: value.trim() });
        void message.success(t('invoices.refusedDone'));
      }
      await props.onDone();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <Modal
      open
      title={issuing ? t('invoices.issueTitle') : t('invoices.refuseTitle')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={issuing ? t('invoices.issue') : t('invoices.refuse')}
      okButtonProps={{ danger: !issuing }}
      cancelText={common('cancel')}
      confirmLoading={issue.isPending || refuse.isPending}
      destroyOnHidden
    >
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('org')}>{props.invoice.orgName}</Descriptions.Item>
        <Descriptions.Item label={t('amount')}>{formatMoney(props.invoice.amountLi)}</Descriptions.Item>
        <Descriptions.Item label={t('invoices.invoiceTitle')}>{props.invoice.title}</Descriptions.Item>
        <Descriptions.Item label={t('invoices.taxNumber')}>{props.invoice.taxNumber}</Descriptions.Item>
        <Descriptions.Item label={t('invoices.sendTo')}>{props.invoice.sendTo}</Descriptions.Item>
      </Descriptions>
      <Form<Fields> form={form} layout="vertical" name="invoice-action" onFinish={(fields) => void submit(fields)}>
        <Form.Item
          name="value"
          label={issuing ? t('invoices.invoiceNumber') : t('invoices.refusalReason')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: issuing ? t('invoices.invoiceNumberRequired') : t('invoices.refusalReasonRequired'),
            },
          ]}
        >
          {issuing ? <Input maxLength={64} /> : <Input.TextArea maxLength={500} rows={3} />}
        </Form.Item>
      </Form>
    </Modal>
  );
}
