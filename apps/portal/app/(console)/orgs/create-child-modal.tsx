'use client';
import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslations } from 'next-intl';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { yuanToLi } from '../../../src/console/format';
import { useTRPC } from '../../../src/trpc/client';
import type { ChildKind, OrgDetail } from './org-types';

interface Fields {
  readonly name: string;
  readonly kind: ChildKind;
  readonly extensionCode?: string;
  readonly dailyLimit?: number | null;
  readonly monthlyLimit?: number | null;
  readonly rateLimit?: number | null;
  readonly billingMode: 'prepaid' | 'postpaid';
  /** Yuan, to li precision (three decimals). */
  readonly creditLimitYuan?: number | null;
}

/**
 * A child org below `parent`, of a kind allowed there (the server's table, sent with the org).
 * The platform also chooses how it pays: prepaid, or postpaid with a credit line.
 */
export function CreateChildModal(props: {
  readonly parent: OrgDetail;
  /** The viewer is the platform: it may make the org postpaid with a credit line. */
  readonly grantsCredit: boolean;
  readonly onClose: () => void;
  readonly onCreated: (id: string) => Promise<void>;
}) {
  const t = useTranslations('orgs');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const [form] = Form.useForm<Fields>();
  const create = useMutation(trpc.orgs.create.mutationOptions());
  const billingMode = Form.useWatch('billingMode', form);
  const kinds = props.parent.childKinds.filter((kind): kind is ChildKind => kind !== 'platform');

  const submit = async (fields: Fields) => {
    try {
      const created = await create.mutateAsync({
        parentId: props.parent.id,
        name: fields.name,
        kind: fields.kind,
        extensionCode: fields.extensionCode?.trim() ? fields.extensionCode.trim() : null,
        dailyLimit: fields.dailyLimit ?? null,
        monthlyLimit: fields.monthlyLimit ?? null,
        rateLimit: fields.rateLimit ?? null,
        billingMode: fields.billingMode,
        ...(fields.billingMode === 'postpaid' && fields.creditLimitYuan
          ? { creditLimitLi: yuanToLi(fields.creditLimitYuan) }
          : {}),
      });
      void message.success(t('created', { name: created.name, code: created.extensionCode ?? '—' }));
      await props.onCreated(created.id);
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <Modal
      open
      title={t('createChildTitle', { parent: props.parent.name })}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={common('create')}
      cancelText={common('cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form<Fields>
        form={form}
        layout="vertical"
        initialValues={{ kind: kinds[0], billingMode: 'prepaid' }}
        onFinish={(fields) => void submit(fields)}
      >
        <Form.Item
          name="name"
          label={t('name')}
          rules={[{ required: true, whitespace: true, message: t('nameRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="kind" label={t('kind')} rules={[{ required: true, message: t('kindRequired') }]}>
          <Select options={kinds.map((kind) => ({ value: kind, label: common(`orgKind.${kind}`) }))} />
        </Form.Item>
        <Form.Item
          name="extensionCode"
          label={t('extensionCode')}
          extra={
            props.parent.extensionCode === null
              ? t('extensionCodeHintRoot')
              : t('extensionCodeHint', { code: props.parent.extensionCode })
          }
          rules={[{ pattern: /^[0-9]{1,12}$/, message: t('extensionCodeInvalid') }]}
        >
          <Input maxLength={12} inputMode="numeric" />
        </Form.Item>
        {props.grantsCredit && (
          <Form.Item name="billingMode" label={t('billingMode')}>
            <Select
              options={(['prepaid', 'postpaid'] as const).map((mode) => ({ value: mode, label: t(`billing.${mode}`) }))}
            />
          </Form.Item>
        )}
        {props.grantsCredit && billingMode === 'postpaid' && (
          <Form.Item name="creditLimitYuan" label={t('creditLimitYuan')} extra={t('creditLimitHint')}>
            <InputNumber min={0} max={1_000_000_000} precision={3} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="dailyLimit" label={t('dailyLimit')}>
          <InputNumber min={1} precision={0} placeholder={t('unlimited')} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="monthlyLimit" label={t('monthlyLimit')}>
          <InputNumber min={1} precision={0} placeholder={t('unlimited')} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="rateLimit" label={t('rateLimit')}>
          <InputNumber min={1} precision={0} placeholder={t('unlimited')} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
