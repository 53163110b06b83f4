'use client';
import { useMutation } from '@tanstack/react-query';
import { App, Form, InputNumber, Modal, Select } from 'antd';
import { useTranslations } from 'next-intl';
import { useApiErrorText } from '../../../../src/console/api-error-text';
import { yuanToLi } from '../../../../src/console/format';
import { useTRPC } from '../../../../src/trpc/client';
import type { PriceList } from '../billing-types';
import { useCarrierName } from './carrier-name';

interface Fields {
  readonly businessTypeId: string;
  readonly carrierCode: string;
  /** Yuan per segment, to the li. */
  readonly price: number;
}

/** Sets one price row (business type × carrier or every carrier) of the org shown. */
export function PriceModal(props: {
  readonly list: PriceList;
  readonly types: readonly { readonly id: string; readonly name: string }[];
  readonly carriers: readonly string[];
  readonly onClose: () => void;
  readonly onSaved: () => Promise<void>;
}) {
  const t = useTranslations('billing');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const carrierName = useCarrierName();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const [form] = Form.useForm<Fields>();
  const save = useMutation(trpc.billing.setPrice.mutationOptions());

  const submit = async (fields: Fields) => {
    try {
      await save.mutateAsync({
        orgId: props.list.orgId,
        businessTypeId: fields.businessTypeId,
        carrierCode: fields.carrierCode,
        pricePerSegmentLi: yuanToLi(fields.price),
      });
      void message.success(t('prices.saved'));
      await props.onSaved();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <Modal
      open
      title={t('prices.editTitle', { org: props.list.orgName })}
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
        initialValues={{ businessTypeId: props.types[0]?.id, carrierCode: '*' }}
        onFinish={(fields) => void submit(fields)}
        name="price"
      >
        <Form.Item name="businessTypeId" label={t('businessType')} rules={[{ required: true }]}>
          <Select options={props.types.map((type) => ({ value: type.id, label: type.name }))} />
        </Form.Item>
        <Form.Item name="carrierCode" label={t('carrier')} rules={[{ required: true }]}>
          <Select options={['*', ...props.carriers].map((code) => ({ value: code, label: carrierName(code) }))} />
        </Form.Item>
        <Form.Item
          name="price"
          label={t('prices.priceYuan')}
          extra={t('prices.priceHint')}
          rules={[{ required: true, message: t('prices.priceRequired') }]}
        >
          <InputNumber<number> min={0} max={1000} step={0.001} precision={3} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
