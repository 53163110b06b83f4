'use client';
import { MobileOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space, type FormInstance } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useApiErrorText } from '../../src/console/api-error-text';
import { useTRPC } from '../../src/trpc/client';

/**
 * "Send code" beside a mobile field: asks auth.sendCode for `purpose`, then counts down the 60 s
 * before another may be asked for. Refusals show through `onError`, translated by code.
 */
export function CodeButton({
  form,
  field = 'phone',
  purpose,
  onError,
}: {
  readonly form: FormInstance;
  readonly field?: string;
  readonly purpose: 'signup' | 'signin' | 'reset';
  readonly onError: (text: string | null) => void;
}) {
  const t = useTranslations('auth');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const send = useMutation(trpc.auth.sendCode.mutationOptions());
  const [wait, setWait] = useState(0);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  async function click() {
    onError(null);
    const phone = (await form.validateFields([field]))[field] as string;
    try {
      const sent = await send.mutateAsync({ purpose, phone });
      setWait(sent.resendAfterSeconds);
    } catch (error) {
      onError(errorText(error));
    }
  }

  return (
    <Button
      onClick={() => void click()}
      disabled={wait > 0}
      loading={send.isPending}
      data-testid={`send-code-${purpose}`}
    >
      {wait > 0 ? t('resendIn', { seconds: wait }) : t('sendCode')}
    </Button>
  );
}

/**
 * The mobile number and the SMS code sent to it, with the button that sends one: the same pair
 * on sign-up, SMS sign-in and password reset.
 */
export function PhoneAndCode({
  form,
  purpose,
  onError,
}: {
  readonly form: FormInstance;
  readonly purpose: 'signup' | 'signin' | 'reset';
  readonly onError: (text: string | null) => void;
}) {
  const t = useTranslations('auth');
  return (
    <>
      <Form.Item name="phone" label={t('mobile')} rules={[{ required: true, message: t('mobileRequired') }]}>
        <Input prefix={<MobileOutlined />} autoComplete="tel" placeholder="13800138000" />
      </Form.Item>
      <Form.Item label={t('code')} required>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="code" noStyle rules={[{ required: true, message: t('codeRequired') }]}>
            <Input maxLength={6} autoComplete="one-time-code" />
          </Form.Item>
          <CodeButton form={form} purpose={purpose} onError={onError} />
        </Space.Compact>
      </Form.Item>
    </>
  );
}
