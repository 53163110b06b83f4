import type { Mirror } from '../mirror';
import type zh from '../zh-CN/messages';

export default {
  title: 'Messages',
  recipient: 'Number',
  recipientPlaceholder: 'Whole number',
  campaign: 'Campaign id',
  dateRange: 'Created',
  org: 'Org',
  businessType: 'Business type',
  text: 'Text',
  segments: 'Segments',
  price: 'Price',
  errorCode: 'Error code',
  sendAt: 'Send at',
  finalAt: 'Outcome at',
  nextPage: 'Next page',
  firstPage: 'First page',
  masked: 'Your role sees numbers partly hidden',
  empty: 'No messages match',
  status: {
    accepted: 'Accepted',
    queued: 'Queued',
    submitting: 'Submitting',
    submitted: 'Submitted',
    delivered: 'Delivered',
    undelivered: 'Undelivered',
    expired: 'Expired',
    failed: 'Failed',
    rejected: 'Rejected',
    canceled: 'Canceled',
  },
} as const satisfies Mirror<typeof zh>;
