'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, InputNumber, Modal, Select } from 'antd';
import { useTranslations } from 'next-intl';
import { useApiErrorText } from '../../../../src/console/api-error-text';
import { yuanToLi } from '../../../../src/console/format';
import { useTRPC } from '../../../../src/trpc/client';
import { PLAN_MODES, type BillingPlan, type PlanMode } from '../billing-types';

interface Fields {
  readonly mode: PlanMode;
  readonly monthlyFee?: number | null;
  readonly includedSegments?: number | null;
  readonly overagePrice?: number | null;
  readonly monthlyCap?: number | null;
}

const yuan = (li: string | null) => (li === null ? null : Number(BigInt(li)) / 1000);

/** One org's plan for one business type: the mode, and the amounts that mode needs (each explained). */
export function PlanModal(props: {
  readonly orgId: string;
  readonly orgName: string;
  readonly plan: BillingPlan;
  readonly onClose: () => void;
}) {
  const t = useTranslations('billing');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const mode = Form.useWatch('mode', form) ?? props.plan.mode;
  const save = useMutation(trpc.billing.setBillingPlan.mutationOptions());

  const submit = async (fields: Fields) => {
    try {
      await save.mutateAsync({
        orgId: props.orgId,
        businessTypeId: props.plan.businessTypeId,
        mode: fields.mode,
        ...(fields.mode === 'monthly_package'
          ? {
              monthlyFeeLi: yuanToLi(fields.monthlyFee ?? 0),
              includedSegments: fields.includedSegments ?? 0,
              overagePriceLi:
                fields.overagePrice === null || fields.overagePrice === undefined
                  ? null
                  : yuanToLi(fields.overagePrice),
            }
          : {}),
        ...(fields.mode === 'monthly_cap' ? { monthlyCapLi: yuanToLi(fields.monthlyCap ?? 0) } : {}),
      });
      void message.success(t('prices.planSaved'));
      await queryClient.invalidateQueries({ queryKey: trpc.billing.getBillingPlans.queryKey() });
      props.onClose();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <Modal
      open
      title={t('prices.editPlanTitle', { org: props.orgName, type: props.plan.businessTypeName })}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={common('save')}
      cancelText={common('cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Fields>
        form={form}
        layout="vertical"
        name="plan"
        initialValues={{
          mode: props.plan.mode,
          monthlyFee: yuan(props.plan.monthlyFeeLi),
          includedSegments: props.plan.includedSegments,
          overagePrice: yuan(props.plan.overagePriceLi),
          monthlyCap: yuan(props.plan.monthlyCapLi),
        }}
        onFinish={(fields) => void submit(fields)}
      >
        <Form.Item name="mode" label={t('prices.mode')} rules={[{ required: true }]}>
          <Select options={PLAN_MODES.map((m) => ({ value: m, label: t(`prices.modes.${m}`) }))} />
        </Form.Item>
        <Alert type="info" showIcon title={t(`prices.modeHelp.${mode}`)} style={{ marginBottom: 16 }} />
        {mode === 'monthly_package' && (
          <>
            <Form.Item
              name="monthlyFee"
              label={t('prices.monthlyFee')}
              rules={[{ required: true, message: t('amountRequired') }]}
            >
              <InputNumber<number> min={0} max={100_000_000} precision={2} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="includedSegments"
              label={t('prices.includedSegments')}
              rules={[{ required: true, message: t('amountRequired') }]}
            >
              <InputNumber<number> min={0} max={2_147_483_647} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="overagePrice" label={t('prices.overagePrice')} extra={t('prices.overageDefault')}>
              <InputNumber<number> min={0} max={1000} step={0.001} precision={3} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        {mode === 'monthly_cap' && (
          <Form.Item
            name="monthlyCap"
            label={t('prices.monthlyCap')}
            rules={[{ required: true, message: t('amountRequired') }]}
          >
            <InputNumber<number> min={0.01} max={100_000_000} precision={2} prefix="¥" style={{ width: '100%' }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
