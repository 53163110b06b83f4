'use client';
import { BellOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Modal, Statistic, Typography } from 'antd';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { formatMoney, yuanToLi } from '../../../src/console/format';
import { useTRPC } from '../../../src/trpc/client';
import { yuanNumber } from './billing-types';

interface Fields {
  readonly threshold: number | null;
}

/**
 * The low-balance alert's threshold of the org shown, and for who may change it (billing:manage
 * for an org below, an administrator for the own org: the operation's rule) a modal to set or clear it.
 */
export function LowBalanceCard(props: {
  readonly orgId: string;
  readonly thresholdLi: string | null;
  readonly editable: boolean;
}) {
  const t = useTranslations('billing');
  const errorText = useApiErrorText();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Fields>();
  const save = useMutation(trpc.billing.setLowBalanceThreshold.mutationOptions());

  const submit = async (thresholdLi: string | null) => {
    try {
      await save.mutateAsync({ orgId: props.orgId, thresholdLi });
      void message.success(
        thresholdLi === null
          ? t('overview.thresholdCleared')
          : t('overview.thresholdSaved', { amount: formatMoney(thresholdLi) }),
      );
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: trpc.billing.getBillingOverview.queryKey() });
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <Card style={{ height: '100%' }} data-testid="low-balance-card">
      <Statistic
        title={
          <span>
            <BellOutlined /> {t('overview.threshold')}
          </span>
        }
        value={props.thresholdLi === null ? t('overview.thresholdNotSet') : formatMoney(props.thresholdLi)}
        data-testid="low-balance-threshold"
      />
      <Typography.Text type="secondary">{t('overview.thresholdHint')}</Typography.Text>
      {props.editable && (
        <div>
          <Button
            type="link"
            icon={<EditOutlined />}
            style={{ paddingInline: 0 }}
            onClick={() => {
              form.setFieldsValue({ threshold: props.thresholdLi === null ? null : yuanNumber(props.thresholdLi) });
              setOpen(true);
            }}
            data-testid="low-balance-edit"
          >
            {t('overview.thresholdEdit')}
          </Button>
        </div>
      )}
      <Modal
        open={open}
        title={t('overview.threshold')}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        footer={[
          props.thresholdLi !== null && (
            <Button key="clear" danger loading={save.isPending} onClick={() => void submit(null)}>
              {t('overview.thresholdClear')}
            </Button>
          ),
          <Button key="cancel" onClick={() => setOpen(false)}>
            {t('overview.thresholdCancel')}
          </Button>,
          <Button key="ok" type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('overview.thresholdSave')}
          </Button>,
        ]}
      >
        <Typography.Paragraph type="secondary">{t('overview.thresholdExplain')}</Typography.Paragraph>
        <Form<Fields>
          form={form}
          layout="vertical"
          name="low-balance"
          onFinish={(fields) => void submit(fields.threshold === null ? null : yuanToLi(fields.threshold))}
        >
          <Form.Item
            name="threshold"
            label={t('overview.thresholdYuan')}
            rules={[{ required: true, message: t('amountRequired') }]}
          >
            <InputNumber<number> min={0} max={100_000_000} precision={2} style={{ width: '100%' }} prefix="¥" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
