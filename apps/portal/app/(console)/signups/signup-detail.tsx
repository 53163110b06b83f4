'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Input, Modal, Space, Tag } from 'antd';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { formatBeijingTime } from '../../../src/console/format';
import { useTRPC } from '../../../src/trpc/client';

/** One application in full (the reviewer sees the identity fields whole), with approve and refuse. */
export function SignupDetail({ orgId, onClose }: { readonly orgId: string; readonly onClose: () => void }) {
  const t = useTranslations('signups');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const detail = useQuery(trpc.signups.get.queryOptions({ orgId }));
  const licence = useQuery({ ...trpc.signups.licence.queryOptions({ orgId }), enabled: false });
  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.signups.list.queryKey() });
    await detail.refetch();
  };
  const approve = useMutation(trpc.signups.approve.mutationOptions({ onSuccess: done }));
  const refuse = useMutation(trpc.signups.refuse.mutationOptions({ onSuccess: done }));
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const d = detail.data;

  async function download() {
    const { data } = await licence.refetch();
    if (data === undefined) return;
    const bytes = Uint8Array.from(atob(data.data), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: data.type }));
    const link = document.createElement('a');
    link.href = url;
    link.download = data.fileName;
    link.click();
    URL.revokeObjectURL(url);
  }

  async function decide(run: () => Promise<{ applicantNotified: boolean }>) {
    setError(null);
    try {
      const result = await run();
      void message.success(result.applicantNotified ? t('decidedNotified') : t('decidedNotNotified'));
      setRefusing(false);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <Drawer open width={640} title={d?.companyName ?? t('review')} onClose={onClose}>
      {detail.error !== null && <Alert type="error" showIcon title={errorText(detail.error)} />}
      {error !== null && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="signup-error" />
      )}
      {d !== undefined && (
        <>
          {d.barredHits.length > 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('barredHitTitle')}
              description={d.barredHits
                .map((hit) => `${t(`kind_${hit.kind}`)} ${hit.identifier} ${hit.name}: ${hit.reason}`)
                .join('；')}
            />
          )}
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('status')}>
              <Tag color={d.status === 'pending' ? 'gold' : d.status === 'active' ? 'green' : 'red'}>
                {t(`status_${d.status}`)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('companyName')}>{d.companyName}</Descriptions.Item>
            <Descriptions.Item label={t('creditCode')}>{d.creditCode}</Descriptions.Item>
            <Descriptions.Item label={t('contactName')}>{d.contactName}</Descriptions.Item>
            <Descriptions.Item label={t('identityNumber')}>{d.contactIdNumber}</Descriptions.Item>
            <Descriptions.Item label={t('contactPhone')}>{d.contactPhone}</Descriptions.Item>
            <Descriptions.Item label={t('email')}>{d.contactEmail ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('submittedAt')}>{formatBeijingTime(d.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('licence')}>
              <Space>
                <span>
                  {d.licence.type}, {Math.ceil(d.licence.bytes / 1024)} KB
                </span>
                <Button size="small" onClick={() => void download()} loading={licence.isFetching}>
                  {t('download')}
                </Button>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label="SHA-256">
              <code style={{ fontSize: 11 }}>{d.licence.sha256}</code>
            </Descriptions.Item>
            {d.reviewedAt !== null && (
              <Descriptions.Item label={t('reviewedAt')}>{formatBeijingTime(d.reviewedAt)}</Descriptions.Item>
            )}
            {d.refusalReason !== null && <Descriptions.Item label={t('reason')}>{d.refusalReason}</Descriptions.Item>}
          </Descriptions>
          {d.status === 'pending' && (
            <Space style={{ marginTop: 24 }}>
              <Button
                type="primary"
                loading={approve.isPending}
                onClick={() => void decide(() => approve.mutateAsync({ orgId }))}
                data-testid="signup-approve"
              >
                {t('approve')}
              </Button>
              <Button danger onClick={() => setRefusing(true)} data-testid="signup-refuse">
                {t('refuse')}
              </Button>
            </Space>
          )}
        </>
      )}
      <Modal
        open={refusing}
        title={t('refuseTitle')}
        okText={t('refuse')}
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: refuse.isPending }}
        onOk={() => void decide(() => refuse.mutateAsync({ orgId, reason }))}
        onCancel={() => setRefusing(false)}
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('reasonPlaceholder')}
        />
      </Modal>
    </Drawer>
  );
}
