import type { Mirror } from '../mirror';
import type zh from '../zh-CN/audit';

export default {
  title: 'Audit log',
  time: 'Time',
  org: 'Organisation',
  actor: 'By',
  apiKey: 'API key #{id}',
  userId: 'User #{id}',
  action: 'Action',
  target: 'Target',
  address: 'IP address',
  details: 'Details',
  actionPlaceholder: 'Action, e.g. org.create or user.',
  allOrgs: 'All organisations',
  userIdPlaceholder: 'User id of the actor',
  range: 'Time range',
  empty: 'No entries yet',
  total: '{total, plural, one {# entry} other {# entries}}',
  actions: {
    org_create: 'Organisation created',
    org_update: 'Organisation changed',
    org_disable: 'Organisation disabled',
    org_enable: 'Organisation enabled',
    org_close: 'Organisation closed',
    org_set_business_types: 'Organisation business types set',
    user_create: 'User created',
    user_set_role: 'Role changed',
    user_disable: 'User disabled',
    user_enable: 'User enabled',
    user_set_business_types: 'User business types set',
  },
} as const satisfies Mirror<typeof zh>;
