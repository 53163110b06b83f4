'use client';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { useTRPC } from '../../../src/trpc/client';
import { AuthFrame } from '../auth-frame';
import { PhoneAndCode } from '../code-button';

/** A forgotten password: the account's mobile, the code sent to it, a new password. */
export function ResetPasswordForm() {
  const t = useTranslations('auth');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit(fields: { phone: string; code: string; newPassword: string }) {
    setError(null);
    try {
      await reset.mutateAsync(fields);
      setDone(true);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <AuthFrame>
      <Card style={{ width: 420 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('resetTitle')}
        </Typography.Title>
        {error !== null && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="reset-error" />
        )}
        {done ? (
          <Result status="success" title={t('resetDone')} extra={<Link href="/sign-in">{t('backToSignIn')}</Link>} />
        ) : (
          <Form form={form} layout="vertical" requiredMark={false} onFinish={(f) => void submit(f)}>
            <PhoneAndCode form={form} purpose="reset" onError={setError} />
            <Form.Item
              name="newPassword"
              label={t('newPassword')}
              extra={t('passwordHelp')}
              rules={[{ required: true, min: 8, max: 128, message: t('passwordHelp') }]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={reset.isPending} data-testid="reset-submit">
              {t('resetSubmit')}
            </Button>
          </Form>
        )}
        <div style={{ marginTop: 16 }}>
          <Link href="/sign-in">{t('backToSignIn')}</Link>
        </div>
      </Card>
    </AuthFrame>
  );
}
