'use client';
import { BankOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Space, TreeSelect, Typography } from 'antd';
import { useTranslations } from 'next-intl';
import { useApiErrorText } from '../../../../src/console/api-error-text';
import { formatMoney, formatSignedMoney, yuanToLi } from '../../../../src/console/format';
import { useTRPC } from '../../../../src/trpc/client';
import { useOrgTreeData } from '../billing-org-picker';

interface Fields {
  readonly orgId: string;
  readonly amount: number;
  readonly note?: string;
  readonly receiptNumber?: string;
}

/** Find an org's name in TreeSelect data. */
function nameIn(nodes: readonly { value: string; title: string; children: unknown[] }[], id: string): string {
  for (const node of nodes) {
    if (node.value === id) return node.title;
    const inner = nameIn(node.children as typeof nodes, id);
    if (inner !== '') return inner;
  }
  return '';
}

/**
 * The platform's own bookkeeping: a manual recharge against a bank receipt (booked once per org
 * and receipt), or a signed adjustment with its reason.
 */
export function ManualBookingCard({ kind }: { readonly kind: 'manual' | 'adjust' }) {
  const t = useTranslations('billing');
  const errorText = useApiErrorText();
  const { message, modal } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useOrgTreeData(true);
  const [form] = Form.useForm<Fields>();
  const manual = useMutation(trpc.billing.manualRecharge.mutationOptions());
  const adjust = useMutation(trpc.billing.adjustBalance.mutationOptions());
  const prefix = kind === 'manual' ? 'manual' : 'adjust';

  const confirm = (fields: Fields) => {
    const org = nameIn(data, fields.orgId);
    const amountLi = yuanToLi(fields.amount);
    const shown = kind === 'manual' ? formatMoney(amountLi) : formatSignedMoney(amountLi);
    modal.confirm({
      title: kind === 'manual' ? t('recharge.manual') : t('recharge.adjust'),
      content:
        kind === 'manual'
          ? t('recharge.manualConfirm', { org, amount: shown, receipt: fields.receiptNumber?.trim() ?? '' })
          : t('recharge.adjustConfirm', { org, amount: shown }),
      onOk: async () => {
        try {
          if (kind === 'manual') {
            const booked = await manual.mutateAsync({
              orgId: fields.orgId,
              amountLi,
              receiptNumber: fields.receiptNumber?.trim() ?? '',
              ...(fields.note?.trim() ? { note: fields.note.trim() } : {}),
            });
            void message.success(
              booked.duplicate ? t('recharge.manualDuplicate') : t('recharge.manualDone', { org, amount: shown }),
            );
          } else {
            await adjust.mutateAsync({ orgId: fields.orgId, amountLi, note: fields.note?.trim() ?? '' });
            void message.success(t('recharge.adjustDone', { org, amount: shown }));
          }
          form.resetFields();
          await Promise.all([
            queryClient.invalidateQueries({ queryKey: trpc.orgs.tree.queryKey() }),
            queryClient.invalidateQueries({ queryKey: trpc.billing.getBillingOverview.queryKey() }),
          ]);
        } catch (error) {
          void message.error(errorText(error));
        }
      },
    });
  };

  return (
    <Card
      title={
        <Space>
          {kind === 'manual' ? <BankOutlined /> : <EditOutlined />}
          {kind === 'manual' ? t('recharge.manual') : t('recharge.adjust')}
        </Space>
      }
      style={{ height: '100%' }}
      data-testid={`${prefix}-card`}
    >
      <Typography.Paragraph type="secondary">
        {kind === 'manual' ? t('recharge.manualHint') : t('recharge.adjustHint')}
      </Typography.Paragraph>
      <Form<Fields> form={form} layout="vertical" onFinish={confirm} name={prefix}>
        <Form.Item name="orgId" label={t('org')} rules={[{ required: true, message: t('orgPlaceholder') }]}>
          <TreeSelect
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeDefaultExpandAll
            treeData={[...data]}
            placeholder={t('orgPlaceholder')}
          />
        </Form.Item>
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
    </Card>
  );
}
