import type { Permission } from '@smshub/api';

/**
 * The console's one route table: the sidebar menu and the access check both read it, so a page
 * cannot be shown to someone who may not use it, nor be allowed without being listed. A page
 * under app/(console) calls `requireRoute` with its own path (a test checks that every page file
 * does, and that every path here has a page).
 */
export interface ConsoleRoute {
  readonly path: string;
  /** The menu label's key in the `menu` locale area. */
  readonly key: MenuKey;
  /** An @ant-design/icons component name. */
  readonly icon: IconName;
  /** null: every signed-in user. */
  readonly permission: Permission | null;
  /** Listed in the sidebar (account pages are reached from the header instead). */
  readonly menu: boolean;
}

export type MenuKey =
  | 'home'
  | 'messages'
  | 'orgs'
  | 'users'
  | 'apiKeys'
  | 'developer'
  | 'billing'
  | 'billingRecharge'
  | 'billingLedger'
  | 'billingPrices'
  | 'billingStatements'
  | 'billingInvoices'
  | 'audit'
  | 'signups'
  | 'account';

export type IconName =
  | 'HomeOutlined'
  | 'MessageOutlined'
  | 'ApartmentOutlined'
  | 'TeamOutlined'
  | 'KeyOutlined'
  | 'CodeOutlined'
  | 'AuditOutlined'
  | 'SafetyCertificateOutlined'
  | 'UserOutlined'
  | 'AccountBookOutlined'
  | 'WalletOutlined'
  | 'UnorderedListOutlined'
  | 'TagsOutlined'
  | 'FileTextOutlined'
  | 'FileDoneOutlined';

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  { path: '/', key: 'home', icon: 'HomeOutlined', permission: null, menu: true },
  { path: '/messages', key: 'messages', icon: 'MessageOutlined', permission: 'messages:read', menu: true },
  { path: '/orgs', key: 'orgs', icon: 'ApartmentOutlined', permission: 'orgs:read', menu: true },
  { path: '/users', key: 'users', icon: 'TeamOutlined', permission: 'users:read', menu: true },
  { path: '/api-keys', key: 'apiKeys', icon: 'KeyOutlined', permission: 'api_keys:manage', menu: true },
  { path: '/developer', key: 'developer', icon: 'CodeOutlined', permission: 'api_keys:manage', menu: true },
  // Money (issue 12). The menu has no groups: the billing pages are entries of their own.
  { path: '/billing', key: 'billing', icon: 'AccountBookOutlined', permission: 'billing:read', menu: true },
  {
    path: '/billing/recharge',
    key: 'billingRecharge',
    icon: 'WalletOutlined',
    permission: 'billing:recharge',
    menu: true,
  },
  {
    path: '/billing/ledger',
    key: 'billingLedger',
    icon: 'UnorderedListOutlined',
    permission: 'billing:read',
    menu: true,
  },
  { path: '/billing/prices', key: 'billingPrices', icon: 'TagsOutlined', permission: 'billing:read', menu: true },
  {
    path: '/billing/statements',
    key: 'billingStatements',
    icon: 'FileTextOutlined',
    permission: 'billing:read',
    menu: true,
  },
  {
    path: '/billing/invoices',
    key: 'billingInvoices',
    icon: 'FileDoneOutlined',
    permission: 'billing:read',
    menu: true,
  },
  { path: '/audit', key: 'audit', icon: 'AuditOutlined', permission: 'audit:read', menu: true },
  { path: '/signups', key: 'signups', icon: 'SafetyCertificateOutlined', permission: 'signups:review', menu: true },
  { path: '/account', key: 'account', icon: 'UserOutlined', permission: null, menu: false },
];

export function routeOf(path: string): ConsoleRoute | undefined {
  return CONSOLE_ROUTES.find((route) => route.path === path);
}

/** May a principal with these permissions open the route? */
export function allows(route: ConsoleRoute, permissions: ReadonlySet<string>): boolean {
  return route.permission === null || permissions.has(route.permission);
}
