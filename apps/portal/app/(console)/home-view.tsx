'use client';
import { Card, Typography } from 'antd';
import { useTranslations } from 'next-intl';

/** The home page's frame; its figures (balance, today's messages, campaigns, alarms) come with the home area. */
export function HomeView() {
  const t = useTranslations('common');
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('appName')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('tagline')}</Typography.Paragraph>
    </Card>
  );
}
