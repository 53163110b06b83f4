'use client';
import { Layout, Space, Typography } from 'antd';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../src/console/shell/language-switch';

/** The signed-out pages' frame: the name, the language switch, the form in the middle. */
export function AuthFrame({ children }: { readonly children: ReactNode }) {
  const t = useTranslations('common');
  return (
    <Layout style={{ minHeight: '100vh', background: 'linear-gradient(160deg, #0f1f3d 0%, #1456c8 100%)' }}>
      <Layout.Header
        style={{ background: 'transparent', display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}
      >
        <Typography.Text style={{ color: '#fff', fontSize: 20, fontWeight: 600 }}>{t('appName')}</Typography.Text>
        <span style={{ filter: 'invert(1)' }}>
          <LanguageSwitch />
        </span>
      </Layout.Header>
      <Layout.Content
        style={{ display: 'flex', justifyContent: 'center', alignItems: 'flex-start', paddingTop: '8vh' }}
      >
        <Space direction="vertical" align="center">
          {children}
        </Space>
      </Layout.Content>
    </Layout>
  );
}
