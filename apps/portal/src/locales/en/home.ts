import type { Mirror } from '../mirror';
import type zh from '../zh-CN/home';

export default {
  balance: 'Balance',
  reserved: 'Reserved {amount}',
  todayMessages: 'Messages today (Beijing time)',
  todayFinal: '{count} with an outcome',
  successRate: 'Success rate today',
  successRateHint: 'Delivered ÷ with an outcome',
  recentCampaigns: 'Recent sends',
  noCampaigns: 'Nothing sent yet',
  campaignSummary: '{recipients} numbers · {delivered} delivered · {failed} failed',
  alarms: 'Channel alarms (last 24 hours, not recovered)',
  noAlarms: 'No open alarms',
  alarmKind: {
    channel_down: 'Channel down',
    channel_up: 'Channel up',
    carrier_unreachable: 'Carrier unreachable',
    carrier_reachable: 'Carrier reachable',
  },
  campaignStatus: {
    draft: 'Draft',
    scheduled: 'Scheduled',
    sending: 'Sending',
    completed: 'Completed',
    canceled: 'Canceled',
    pending_review: 'Pending review',
  },
} as const satisfies Mirror<typeof zh>;
