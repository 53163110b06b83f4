'use client';
import { ApartmentOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Tabs, Typography } from 'antd';
import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { AuthFrame } from '../auth-frame';
import { PhoneAndCode } from '../code-button';

type Method = 'password' | 'sms' | 'directory';

/** Sign-in by password, by SMS code or through the org's directory (one next-auth provider each). */
export function SignInForm({ callbackUrl }: { readonly callbackUrl: string }) {
  const t = useTranslations('auth');
  const errorText = useApiErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [smsForm] = Form.useForm();

  async function submit(method: Method, fields: Record<string, string>) {
    setBusy(true);
    setError(null);
    const result = await signIn(method, { ...fields, redirect: false });
    setBusy(false);
    if (result?.ok === true && result.error == null) {
      router.replace(callbackUrl);
      router.refresh();
    } else {
      setError(errorText(result?.error ?? 'internal_error'));
    }
  }

  const submitButton = (
    <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in-submit">
      {t('signIn')}
    </Button>
  );

  return (
    <AuthFrame>
      <Card style={{ width: 420 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('signInTitle')}
        </Typography.Title>
        {error !== null && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="sign-in-error" />
        )}
        <Tabs
          onChange={() => setError(null)}
          items={[
            {
              key: 'password',
              label: t('tabPassword'),
              children: (
                <Form
                  layout="vertical"
                  onFinish={(f: Record<string, string>) => void submit('password', f)}
                  requiredMark={false}
                >
                  <Form.Item name="login" label={t('login')} rules={[{ required: true, message: t('loginRequired') }]}>
                    <Input prefix={<UserOutlined />} autoComplete="username" placeholder={t('loginPlaceholder')} />
                  </Form.Item>
                  <Form.Item
                    name="password"
                    label={t('password')}
                    rules={[{ required: true, message: t('passwordRequired') }]}
                  >
                    <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
                  </Form.Item>
                  {submitButton}
                </Form>
              ),
            },
            {
              key: 'sms',
              label: t('tabSms'),
              children: (
                <Form
                  name="sms"
                  form={smsForm}
                  layout="vertical"
                  onFinish={(f: Record<string, string>) => void submit('sms', f)}
                  requiredMark={false}
                >
                  <PhoneAndCode form={smsForm} purpose="signin" onError={setError} />
                  {submitButton}
                </Form>
              ),
            },
            {
              key: 'directory',
              label: t('tabDirectory'),
              children: (
                <Form
                  name="directory"
                  layout="vertical"
                  onFinish={(f: Record<string, string>) => void submit('directory', f)}
                  requiredMark={false}
                >
                  <Form.Item
                    name="org"
                    label={t('orgCode')}
                    rules={[{ required: true, message: t('orgCodeRequired') }]}
                    extra={t('orgCodeHelp')}
                  >
                    <Input prefix={<ApartmentOutlined />} />
                  </Form.Item>
                  <Form.Item
                    name="login"
                    label={t('directoryLogin')}
                    rules={[{ required: true, message: t('loginRequired') }]}
                  >
                    <Input prefix={<UserOutlined />} autoComplete="username" />
                  </Form.Item>
                  <Form.Item
                    name="password"
                    label={t('password')}
                    rules={[{ required: true, message: t('passwordRequired') }]}
                  >
                    <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
                  </Form.Item>
                  {submitButton}
                </Form>
              ),
            },
          ]}
        />
        <div style={{ marginTop: 16, display: 'flex', justifyContent: 'space-between' }}>
          <Link href="/sign-up">{t('toSignUp')}</Link>
          <Link href="/reset-password">{t('forgotPassword')}</Link>
        </div>
      </Card>
    </AuthFrame>
  );
}
