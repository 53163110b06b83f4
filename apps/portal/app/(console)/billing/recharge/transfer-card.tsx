'use client';
import { SwapOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Descriptions, Form, Input, InputNumber, Space, TreeSelect, Typography } from 'antd';
import { useTranslations } from 'next-intl';
import { formatMoney, yuanToLi } from '../../../../src/console/format';
import { useTRPC } from '../../../../src/trpc/client';
import { flattenTree } from '../../orgs/org-types';
import { useOrgTreeData } from '../billing-org-picker';
import { MoneyCard, useBooking } from './money-card';

interface Fields {
  readonly toOrgId: string;
  readonly amount: number;
  readonly note?: string;
}

/** 上级为下级充值: from this org's balance to one below it, confirmed with both balances after. */
export function TransferCard(props: { readonly fromBalanceLi: string | null; readonly fromName: string }) {
  const t = useTranslations('billing');
  const { modal } = App.useApp();
  const trpc = useTRPC();
  const booking = useBooking();
  const tree = useQuery(trpc.orgs.tree.queryOptions());
  const { data } = useOrgTreeData(true);
  const [form] = Form.useForm<Fields>();
  const transfer = useMutation(trpc.billing.transferToOrg.mutationOptions());

  const confirm = (fields: Fields) => {
    const target =
      tree.data === undefined ? undefined : flattenTree(tree.data).find((org) => org.id === fields.toOrgId);
    if (target === undefined || props.fromBalanceLi === null) return;
    const amountLi = yuanToLi(fields.amount);
    const amount = BigInt(amountLi);
    const from = BigInt(props.fromBalanceLi);
    const to = BigInt(target.balanceLi);
    modal.confirm({
      title: t('recharge.transferConfirmTitle'),
      width: 520,
      content: (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="transfer-confirm">
          <Typography.Text>
            {t('recharge.transferConfirm', { from: props.fromName, to: target.name, amount: formatMoney(amount) })}
          </Typography.Text>
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={`${props.fromName} · ${t('recharge.balanceNow')}`}>
              {formatMoney(from)}
            </Descriptions.Item>
            <Descriptions.Item label={`${props.fromName} · ${t('recharge.balanceAfter')}`}>
              <Typography.Text type={from - amount < 0n ? 'danger' : undefined}>
                {formatMoney(from - amount)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={`${target.name} · ${t('recharge.balanceNow')}`}>
              {formatMoney(to)}
            </Descriptions.Item>
            <Descriptions.Item label={`${target.name} · ${t('recharge.balanceAfter')}`}>
              {formatMoney(to + amount)}
            </Descriptions.Item>
          </Descriptions>
        </Space>
      ),
      onOk: () =>
        booking(
          async () => {
            await transfer.mutateAsync({
              toOrgId: fields.toOrgId,
              amountLi,
              ...(fields.note?.trim() ? { note: fields.note.trim() } : {}),
            });
            return t('recharge.transferred', { amount: formatMoney(amount), to: target.name });
          },
          () => form.resetFields(),
        ),
    });
  };

  return (
    <MoneyCard icon={<SwapOutlined />} title={t('recharge.transfer')} hint={t('recharge.transferHint')}>
      <Form<Fields> form={form} layout="vertical" onFinish={confirm}>
        <Form.Item
          name="toOrgId"
          label={t('recharge.transferTo')}
          rules={[{ required: true, message: t('recharge.transferToRequired') }]}
        >
          <TreeSelect
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeDefaultExpandAll
            treeData={[...data]}
            placeholder={t('orgPlaceholder')}
            id="transfer-to"
          />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('amountYuan')}
          rules={[
            { required: true, message: t('amountRequired') },
            { type: 'number', min: 0.001, message: t('amountPositive') },
          ]}
        >
          <InputNumber<number>
            min={0.001}
            max={100_000_000}
            precision={3}
            style={{ width: '100%' }}
            prefix="¥"
            id="transfer-amount"
          />
        </Form.Item>
        <Form.Item name="note" label={t('note')}>
          <Input maxLength={500} placeholder={t('notePlaceholder')} id="transfer-note" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="transfer-submit" disabled={props.fromBalanceLi === null}>
          {t('recharge.transferSubmit')}
        </Button>
      </Form>
    </MoneyCard>
  );
}
