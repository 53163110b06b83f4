import type { Mirror } from '../mirror';
import type zh from '../zh-CN/menu';

export default {
  home: 'Home',
  messages: 'Messages',
  orgs: 'Organisations',
  users: 'Users',
  apiKeys: 'API keys',
  developer: 'Developer docs',
  billing: 'Billing overview',
  billingRecharge: 'Recharge',
  billingLedger: 'Ledger',
  billingPrices: 'Prices',
  billingStatements: 'Statements',
  billingInvoices: 'Invoices',
  audit: 'Audit log',
  signups: 'Sign-up review',
  account: 'My account',
} as const satisfies Mirror<typeof zh>;
