'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { formatBeijingTime, maskPhone } from '../../../src/console/format';
import { useTRPC } from '../../../src/trpc/client';
import { useOrgChoices } from '../orgs/use-org-choices';
import { CreateUserDrawer } from './create-user-drawer';
import { UserEntitlementsModal } from './user-entitlements-modal';
import { ROLES, STATUSES, type UserFilters, type UserRole, type UserRow } from './user-types';

const PAGE_SIZE = 20;

/** Users of the caller's subtree: filters, server-side paging, create, role, disable, business types. */
export function UsersView() {
  const t = useTranslations('users');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const { message, modal } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<UserFilters>({});
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [entitlementsOf, setEntitlementsOf] = useState<UserRow | null>(null);

  const me = useQuery(trpc.session.me.queryOptions());
  const users = useQuery({
    ...trpc.users.list.queryOptions({ ...filters, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const setRole = useMutation(trpc.users.setRole.mutationOptions());
  const disable = useMutation(trpc.users.disable.mutationOptions());
  const enable = useMutation(trpc.users.enable.mutationOptions());
  const canManage = (me.data?.permissions ?? []).includes('users:manage');
  const assignable = new Set(users.data?.assignableRoles ?? []);
  const { orgs } = useOrgChoices();

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      void message.success(done);
      await refresh();
    } catch (error) {
      void message.error(errorText(error));
    }
  };
  const changeStatus = (user: UserRow, action: 'disable' | 'enable'): void => {
    modal.confirm({
      title: t(action),
      content: t(`${action}Confirm`, { email: user.email }),
      okButtonProps: { danger: action === 'disable' },
      onOk: () =>
        act(() => (action === 'disable' ? disable : enable).mutateAsync({ userId: user.id }), t('statusChanged')),
    });
  };

  const columns: TableColumnsType<UserRow> = [
    {
      title: t('email'),
      dataIndex: 'email',
      render: (email: string, user) => (
        <span>
          {email} {user.self && t('self')}
        </span>
      ),
    },
    { title: t('name'), dataIndex: 'name' },
    {
      title: t('phone'),
      dataIndex: 'phone',
      render: (phone: string | null) => (phone === null ? '—' : maskPhone(phone)),
    },
    { title: t('org'), dataIndex: 'orgName' },
    {
      title: t('role'),
      dataIndex: 'role',
      render: (role: UserRole, user) =>
        canManage && !user.self && assignable.has(role) ? (
          <Select<UserRole>
            size="small"
            value={role}
            style={{ width: 120 }}
            aria-label={t('changeRole')}
            options={ROLES.filter((r) => assignable.has(r)).map((r) => ({ value: r, label: common(`role.${r}`) }))}
            onChange={(next) => void act(() => setRole.mutateAsync({ userId: user.id, role: next }), t('roleChanged'))}
          />
        ) : (
          common(`role.${role}`)
        ),
    },
    {
      title: t('status'),
      dataIndex: 'status',
      render: (status: UserRow['status']) => (
        <Tag color={status === 'active' ? 'green' : status === 'disabled' ? 'red' : 'blue'}>
          {t(`statuses.${status}`)}
        </Tag>
      ),
    },
    { title: t('lastLogin'), dataIndex: 'lastLoginAt', render: (value: string | null) => formatBeijingTime(value) },
    {
      title: common('actions'),
      key: 'actions',
      render: (_value, user) =>
        canManage && (
          <Space>
            {!user.self && assignable.has(user.role) && user.status !== 'disabled' && (
              <Button size="small" danger onClick={() => changeStatus(user, 'disable')}>
                {t('disable')}
              </Button>
            )}
            {!user.self && assignable.has(user.role) && user.status === 'disabled' && (
              <Button size="small" onClick={() => changeStatus(user, 'enable')}>
                {t('enable')}
              </Button>
            )}
            <Button size="small" onClick={() => setEntitlementsOf(user)}>
              {t('entitlements')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Card
      title={t('title')}
      extra={
        canManage && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="create-user">
            {t('create')}
          </Button>
        )
      }
    >
      <Form<{ orgId?: string; role?: UserRole; status?: UserRow['status']; search?: string }>
        name="filter"
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => {
          setPage(1);
          setFilters({
            ...(values.orgId ? { orgId: values.orgId } : {}),
            ...(values.role ? { role: values.role } : {}),
            ...(values.status ? { status: values.status } : {}),
            ...(values.search?.trim() ? { search: values.search.trim() } : {}),
          });
        }}
        onReset={() => {
          setPage(1);
          setFilters({});
        }}
      >
        <Form.Item name="search">
          <Input allowClear placeholder={t('searchPlaceholder')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="orgId">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('allOrgs')}
            style={{ width: 180 }}
            options={orgs.map((org) => ({ value: org.id, label: org.name }))}
          />
        </Form.Item>
        <Form.Item name="role">
          <Select
            allowClear
            placeholder={t('allRoles')}
            style={{ width: 130 }}
            options={ROLES.map((role) => ({ value: role, label: common(`role.${role}`) }))}
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={t('allStatuses')}
            style={{ width: 120 }}
            options={STATUSES.map((status) => ({ value: status, label: t(`statuses.${status}`) }))}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {common('search')}
            </Button>
            <Button htmlType="reset">{common('reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      {users.isError && <Alert type="error" showIcon title={errorText(users.error)} style={{ marginBottom: 16 }} />}
      <Table<UserRow>
        rowKey="id"
        columns={columns}
        dataSource={users.data?.items ?? []}
        loading={users.isFetching}
        locale={{ emptyText: t('empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: users.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('total', { total }),
          onChange: setPage,
        }}
      />
      {creating && (
        <CreateUserDrawer
          orgs={orgs.map((org) => ({ id: org.id, name: org.name }))}
          roles={ROLES.filter((role) => assignable.has(role))}
          onClose={() => setCreating(false)}
          onCreated={refresh}
        />
      )}
      {entitlementsOf !== null && (
        <UserEntitlementsModal
          user={entitlementsOf}
          editable={canManage && assignable.has(entitlementsOf.role)}
          onClose={() => setEntitlementsOf(null)}
        />
      )}
    </Card>
  );
}
