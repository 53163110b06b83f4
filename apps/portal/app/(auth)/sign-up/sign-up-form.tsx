'use client';
import { InboxOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Result, Space, Steps, Typography, Upload } from 'antd';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { useTRPC } from '../../../src/trpc/client';
import { AuthFrame } from '../auth-frame';
import { PhoneAndCode } from '../code-button';

const MAX_BYTES = 5 * 1024 * 1024;
const ACCEPT = 'image/png,image/jpeg,application/pdf';

interface Licence {
  readonly name: string;
  readonly type: string;
  readonly data: string;
}

async function readBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Sign-up in steps: company → contact and mobile code → licence → waiting for approval. */
export function SignUpForm() {
  const t = useTranslations('auth');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const [step, setStep] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [licence, setLicence] = useState<Licence | null>(null);
  const [form] = Form.useForm();

  const stepFields = [
    ['companyName', 'creditCode'],
    ['contactName', 'identityNumber', 'phone', 'code', 'email', 'password', 'confirm'],
  ];

  async function next() {
    await form.validateFields(stepFields[step]);
    setStep(step + 1);
  }

  async function submit() {
    setError(null);
    if (licence === null) {
      setError(t('licenceRequired'));
      return;
    }
    const fields = form.getFieldsValue(true) as Record<string, string>;
    try {
      await signUp.mutateAsync({
        companyName: fields['companyName'] ?? '',
        creditCode: fields['creditCode'] ?? '',
        contactName: fields['contactName'] ?? '',
        identityNumber: fields['identityNumber'] ?? '',
        phone: fields['phone'] ?? '',
        code: fields['code'] ?? '',
        ...(fields['email'] ? { email: fields['email'] } : {}),
        password: fields['password'] ?? '',
        licence: { type: licence.type, data: licence.data },
      });
      setStep(3);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <AuthFrame>
      <Card style={{ width: 560 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('signUpTitle')}
        </Typography.Title>
        <Steps
          size="small"
          current={step}
          style={{ marginBottom: 24 }}
          items={[
            { title: t('stepCompany') },
            { title: t('stepContact') },
            { title: t('stepLicence') },
            { title: t('stepDone') },
          ]}
        />
        {error !== null && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="sign-up-error" />
        )}
        {step === 3 ? (
          <Result
            status="success"
            title={t('submittedTitle')}
            subTitle={t('submittedText')}
            extra={<Link href="/sign-in">{t('backToSignIn')}</Link>}
          />
        ) : (
          <Form form={form} layout="vertical" requiredMark={false} preserve>
            <div style={{ display: step === 0 ? 'block' : 'none' }}>
              <Form.Item
                name="companyName"
                label={t('companyName')}
                rules={[{ required: true, min: 2, max: 200, message: t('companyNameRequired') }]}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name="creditCode"
                label={t('creditCode')}
                extra={t('creditCodeHelp')}
                rules={[{ required: true, len: 18, message: t('creditCodeRequired') }]}
              >
                <Input maxLength={18} style={{ textTransform: 'uppercase' }} />
              </Form.Item>
            </div>
            <div style={{ display: step === 1 ? 'block' : 'none' }}>
              <Form.Item
                name="contactName"
                label={t('contactName')}
                rules={[{ required: true, min: 2, max: 100, message: t('contactNameRequired') }]}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name="identityNumber"
                label={t('identityNumber')}
                rules={[{ required: true, len: 18, message: t('identityNumberRequired') }]}
              >
                <Input maxLength={18} />
              </Form.Item>
              <PhoneAndCode form={form} purpose="signup" onError={setError} />
              <Form.Item
                name="email"
                label={t('emailOptional')}
                rules={[{ type: 'email', message: t('emailInvalid') }]}
              >
                <Input autoComplete="email" />
              </Form.Item>
              <Form.Item
                name="password"
                label={t('password')}
                extra={t('passwordHelp')}
                rules={[{ required: true, min: 8, max: 128, message: t('passwordHelp') }]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={t('confirmPassword')}
                dependencies={['password']}
                rules={[
                  { required: true, message: t('confirmPassword') },
                  ({ getFieldValue }) => ({
                    validator: (_rule, value) =>
                      value === getFieldValue('password')
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('passwordsDiffer'))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </div>
            {step === 2 && (
              <Upload.Dragger
                accept={ACCEPT}
                maxCount={1}
                showUploadList={false}
                beforeUpload={(file) => {
                  setError(null);
                  if (!ACCEPT.split(',').includes(file.type)) setError(t('licenceType'));
                  else if (file.size > MAX_BYTES) setError(t('licenceTooLarge'));
                  else void readBase64(file).then((data) => setLicence({ name: file.name, type: file.type, data }));
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p>{licence === null ? t('licenceDrop') : licence.name}</p>
                <p style={{ color: '#888' }}>{t('licenceHint')}</p>
              </Upload.Dragger>
            )}
            <Space style={{ marginTop: 24, width: '100%', justifyContent: 'space-between' }}>
              <Button disabled={step === 0} onClick={() => setStep(step - 1)}>
                {t('previous')}
              </Button>
              {step < 2 ? (
                <Button type="primary" onClick={() => void next()} data-testid="sign-up-next">
                  {t('next')}
                </Button>
              ) : (
                <Button
                  type="primary"
                  loading={signUp.isPending}
                  onClick={() => void submit()}
                  data-testid="sign-up-submit"
                >
                  {t('submit')}
                </Button>
              )}
            </Space>
          </Form>
        )}
        <div style={{ marginTop: 16 }}>
          <Link href="/sign-in">{t('backToSignIn')}</Link>
        </div>
      </Card>
    </AuthFrame>
  );
}
