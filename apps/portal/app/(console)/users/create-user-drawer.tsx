'use client';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, Select, Space, Typography } from 'antd';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { useTRPC } from '../../../src/trpc/client';
import type { UserRole } from './user-types';

interface Fields {
  readonly orgId: string;
  readonly email: string;
  readonly name: string;
  readonly phone?: string;
  readonly role: UserRole;
  readonly password?: string;
}

/** A new user; a generated password is shown here once, never again. */
export function CreateUserDrawer(props: {
  readonly orgs: readonly { id: string; name: string }[];
  readonly roles: readonly UserRole[];
  readonly onClose: () => void;
  readonly onCreated: () => Promise<void>;
}) {
  const t = useTranslations('users');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const [form] = Form.useForm<Fields>();
  const create = useMutation(trpc.users.create.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<{ email: string; password: string } | null>(null);

  const submit = async (fields: Fields) => {
    setError(null);
    try {
      const created = await create.mutateAsync({
        orgId: fields.orgId,
        email: fields.email,
        name: fields.name,
        role: fields.role,
        ...(fields.phone?.trim() ? { phone: fields.phone.trim() } : {}),
        ...(fields.password ? { password: fields.password } : {}),
      });
      void message.success(t('created', { email: created.user.email }));
      await props.onCreated();
      if (created.generatedPassword === null) props.onClose();
      else setShown({ email: created.user.email, password: created.generatedPassword });
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Drawer
      open
      size={440}
      title={t('createTitle')}
      onClose={props.onClose}
      extra={
        shown === null && (
          <Space>
            <Button onClick={props.onClose}>{common('cancel')}</Button>
            <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
              {common('create')}
            </Button>
          </Space>
        )
      }
    >
      {shown !== null ? (
        <Alert
          type="success"
          showIcon
          title={t('generatedPasswordTitle')}
          description={
            <>
              <Typography.Paragraph>{t('generatedPasswordText', { email: shown.email })}</Typography.Paragraph>
              <Typography.Text code copyable data-testid="generated-password">
                {shown.password}
              </Typography.Text>
            </>
          }
        />
      ) : (
        <>
          {error !== null && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Form<Fields>
            form={form}
            layout="vertical"
            initialValues={{
              orgId: props.orgs[0]?.id,
              role: props.roles.includes('operator') ? 'operator' : props.roles[0],
            }}
            onFinish={(fields) => void submit(fields)}
          >
            <Form.Item name="orgId" label={t('org')} rules={[{ required: true, message: t('orgRequired') }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={props.orgs.map((org) => ({ value: org.id, label: org.name }))}
              />
            </Form.Item>
            <Form.Item
              name="email"
              label={t('email')}
              rules={[{ required: true, type: 'email', message: t('emailInvalid') }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="name"
              label={t('name')}
              rules={[{ required: true, whitespace: true, message: t('nameRequired') }]}
            >
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item
              name="phone"
              label={t('phone')}
              rules={[{ pattern: /^1[3-9][0-9]{9}$/, message: t('phoneInvalid') }]}
            >
              <Input maxLength={11} inputMode="numeric" />
            </Form.Item>
            <Form.Item name="role" label={t('role')} rules={[{ required: true, message: t('roleRequired') }]}>
              <Select options={props.roles.map((role) => ({ value: role, label: common(`role.${role}`) }))} />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('password')}
              extra={t('passwordHint')}
              rules={[{ min: 10, message: t('passwordTooShort') }]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Form>
        </>
      )}
    </Drawer>
  );
}
