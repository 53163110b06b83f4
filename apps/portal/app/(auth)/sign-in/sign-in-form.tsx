'use client';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { AuthFrame } from '../auth-frame';

interface Fields {
  readonly login: string;
  readonly password: string;
}

export function SignInForm({ callbackUrl }: { readonly callbackUrl: string }) {
  const t = useTranslations('auth');
  const errorText = useApiErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(fields: Fields) {
    setBusy(true);
    setError(null);
    const result = await signIn('password', { ...fields, redirect: false });
    setBusy(false);
    if (result?.ok === true && result.error == null) {
      router.replace(callbackUrl);
      router.refresh();
    } else {
      setError(errorText(result?.error ?? 'internal_error'));
    }
  }

  return (
    <AuthFrame>
      <Card style={{ width: 400 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('signInTitle')}
        </Typography.Title>
        {error !== null && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="sign-in-error" />
        )}
        <Form<Fields> layout="vertical" onFinish={(fields) => void submit(fields)} requiredMark={false}>
          <Form.Item name="login" label={t('login')} rules={[{ required: true, message: t('loginRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" placeholder={t('loginPlaceholder')} />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in-submit">
            {t('signIn')}
          </Button>
        </Form>
        <div style={{ marginTop: 16, display: 'flex', justifyContent: 'space-between' }}>
          <Link href="/sign-up">{t('toSignUp')}</Link>
          <Link href="/reset-password">{t('forgotPassword')}</Link>
        </div>
      </Card>
    </AuthFrame>
  );
}
