'use client';
import { Button, type FormInstance } from 'antd';
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
