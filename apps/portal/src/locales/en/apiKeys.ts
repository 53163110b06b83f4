import type { Mirror } from '../mirror';
import type zh from '../zh-CN/apiKeys';

export default {
  title: 'API keys',
  issue: 'New key',
  name: 'Name',
  prefix: 'Prefix',
  org: 'Org',
  scopes: 'Scopes',
  allowList: 'IP allow-list',
  allowListHint:
    'One address or network per line (e.g. 203.0.113.7, 10.0.0.0/8), within your org’s own list; empty means your org’s list applies',
  expiresAt: 'Expires',
  never: 'Never',
  rateLimit: 'Rate limit (requests/s)',
  rateLimitHint: 'Empty: only your org’s sending limits apply',
  lastUsedAt: 'Last used',
  neverUsed: 'Never used',
  revoke: 'Revoke',
  revokeConfirm:
    'Systems using this key stop being able to call the API at once (on other servers within 5 seconds). Revoke “{name}”?',
  revoked: 'Revoked',
  expired: 'Expired',
  active: 'Active',
  showRevoked: 'Show revoked keys',
  secretTitle: 'Save this key now',
  secretWarning:
    'The whole key is shown this once: the platform keeps only its hash and cannot show it again. If you lose it, revoke it and make a new one.',
  saved: 'I have saved it',
  empty: 'No API keys yet',
  scope: {
    'messages:send': 'Send messages',
    'messages:read': 'Read messages',
    'webhooks:manage': 'Manage webhooks',
    operations: 'Platform operations',
    'billing:read': 'Read balance and ledger',
  },
} as const satisfies Mirror<typeof zh>;
