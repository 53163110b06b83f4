'use client';
import {
  AccountBookOutlined,
  ApartmentOutlined,
  AuditOutlined,
  CodeOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  MessageOutlined,
  SafetyCertificateOutlined,
  TagsOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { WhoAmI } from '@smshub/api';
import { Avatar, Dropdown, Layout, Menu, Space, Tag, Typography } from 'antd';
import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import type { ConsoleRoute, IconName } from '../routes';
import { LanguageSwitch } from './language-switch';

const ICONS: Readonly<Record<IconName, ReactNode>> = {
  HomeOutlined: <HomeOutlined />,
  MessageOutlined: <MessageOutlined />,
  ApartmentOutlined: <ApartmentOutlined />,
  TeamOutlined: <TeamOutlined />,
  KeyOutlined: <KeyOutlined />,
  CodeOutlined: <CodeOutlined />,
  AuditOutlined: <AuditOutlined />,
  SafetyCertificateOutlined: <SafetyCertificateOutlined />,
  UserOutlined: <UserOutlined />,
  AccountBookOutlined: <AccountBookOutlined />,
  WalletOutlined: <WalletOutlined />,
  UnorderedListOutlined: <UnorderedListOutlined />,
  TagsOutlined: <TagsOutlined />,
  FileTextOutlined: <FileTextOutlined />,
  FileDoneOutlined: <FileDoneOutlined />,
};

export type MenuEntry = Pick<ConsoleRoute, 'path' | 'key' | 'icon'>;

/** The sidebar (route table, filtered), the header (org, language, the person) and the page. */
export function ConsoleShell({
  me,
  menu,
  children,
}: {
  readonly me: WhoAmI;
  readonly menu: readonly MenuEntry[];
  readonly children: ReactNode;
}) {
  const t = useTranslations();
  const pathname = usePathname();
  const router = useRouter();
  // The entry of this page: the longest path the page's path starts with (/billing/ledger is the
  // ledger's entry, not also the billing overview's).
  const selected = menu
    .filter((entry) =>
      entry.path === '/' ? pathname === '/' : pathname === entry.path || pathname.startsWith(`${entry.path}/`),
    )
    .map((entry) => entry.path)
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={220} breakpoint="lg" collapsible>
        <div
          style={{
            color: '#fff',
            fontSize: 18,
            fontWeight: 600,
            padding: '18px 20px',
            whiteSpace: 'nowrap',
            overflow: 'hidden',
          }}
        >
          {t('common.appName')}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected}
          items={menu.map((entry) => ({
            key: entry.path,
            icon: ICONS[entry.icon],
            label: <Link href={entry.path}>{t(`menu.${entry.key}`)}</Link>,
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #eef0f3',
          }}
        >
          <Space>
            <Typography.Text strong data-testid="org-name">
              {me.orgName}
            </Typography.Text>
            <Tag color="blue">{t(`common.orgKind.${me.orgKind}`)}</Tag>
            {me.orgStatus !== 'active' && (
              <Tag color="orange">{t(`common.orgStatus.${me.orgStatus as 'suspended'}`)}</Tag>
            )}
          </Space>
          <Space size="large">
            <LanguageSwitch />
            <Dropdown
              menu={{
                items: [
                  {
                    key: 'account',
                    icon: <UserOutlined />,
                    label: t('common.account'),
                    onClick: () => router.push('/account'),
                  },
                  {
                    key: 'sign-out',
                    icon: <LogoutOutlined />,
                    label: t('common.signOut'),
                    onClick: () => void signOut({ callbackUrl: '/sign-in' }),
                  },
                ],
              }}
            >
              <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} />
                <span>{me.name}</span>
                {me.role !== null && <Tag>{t(`common.role.${me.role as 'admin'}`)}</Tag>}
              </Space>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, background: '#f5f7fa' }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
