'use client';
import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useTranslations } from 'next-intl';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { useTRPC } from '../../../src/trpc/client';
import type { OrgDetail } from './org-types';

interface Fields {
  readonly name: string;
  readonly dailyLimit: number | null;
  readonly monthlyLimit: number | null;
  readonly rateLimit: number | null;
  readonly ipAllowList: string;
}

/** Name, limits and IP allow-list of an org below the caller's. */
export function EditOrgModal(props: {
  readonly org: OrgDetail;
  readonly onClose: () => void;
  readonly onSaved: () => Promise<void>;
}) {
  const t = useTranslations('orgs');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const [form] = Form.useForm<Fields>();
  const update = useMutation(trpc.orgs.update.mutationOptions());

  const submit = async (fields: Fields) => {
    try {
      await update.mutateAsync({
        orgId: props.org.id,
        name: fields.name,
        dailyLimit: fields.dailyLimit ?? null,
        monthlyLimit: fields.monthlyLimit ?? null,
        rateLimit: fields.rateLimit ?? null,
        ipAllowList: fields.ipAllowList
          .split(/[\s,]+/)
          .map((entry) => entry.trim())
          .filter((entry) => entry !== ''),
      });
      void message.success(t('saved'));
      await props.onSaved();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <Modal
      open
      title={t('editLimits')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={common('save')}
      cancelText={common('cancel')}
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      <Form<Fields>
        form={form}
        layout="vertical"
        initialValues={{
          name: props.org.name,
          dailyLimit: props.org.dailyLimit,
          monthlyLimit: props.org.monthlyLimit,
          rateLimit: props.org.rateLimit,
          ipAllowList: props.org.ipAllowList.join('\n'),
        }}
        onFinish={(fields) => void submit(fields)}
      >
        <Form.Item
          name="name"
          label={t('name')}
          rules={[{ required: true, whitespace: true, message: t('nameRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="dailyLimit" label={t('dailyLimit')}>
          <InputNumber min={1} precision={0} placeholder={t('unlimited')} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="monthlyLimit" label={t('monthlyLimit')}>
          <InputNumber min={1} precision={0} placeholder={t('unlimited')} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="rateLimit" label={t('rateLimit')}>
          <InputNumber min={1} precision={0} placeholder={t('unlimited')} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="ipAllowList" label={t('ipAllowList')} extra={t('ipAllowListHint')}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
