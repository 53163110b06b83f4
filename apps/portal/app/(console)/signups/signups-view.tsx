'use client';
import { Card, Tabs } from 'antd';
import { useTranslations } from 'next-intl';
import { BarredList } from './barred-list';
import { SignupList } from './signup-list';

/** The operator's review of sign-ups: pending, approved and refused applications, and the barred list. */
export function SignupsView() {
  const t = useTranslations('signups');
  return (
    <Card title={t('title')}>
      <Tabs
        items={[
          { key: 'pending', label: t('tabPending'), children: <SignupList status="pending" /> },
          { key: 'active', label: t('tabApproved'), children: <SignupList status="active" /> },
          { key: 'refused', label: t('tabRefused'), children: <SignupList status="refused" /> },
          { key: 'barred', label: t('tabBarred'), children: <BarredList /> },
        ]}
      />
    </Card>
  );
}
