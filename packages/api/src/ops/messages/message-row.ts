import { MessageStatus, type Prisma } from '@smshub/db';
import type { Principal } from '../principal.js';

/** A message as the console shows it; ids and money as strings (they cross tRPC). */
export interface ConsoleMessage {
  readonly id: string;
  readonly orgId: string;
  readonly orgName: string;
  readonly campaignId: string | null;
  readonly businessType: string;
  /** The business type's name as the platform set it (e.g. 通知). */
  readonly businessTypeName: string;
  /** Masked (138****8000) for principals that may not send: see `maskRecipient`. */
  readonly recipient: string;
  readonly carrier: string | null;
  /** The platform's own codes are never shown whole: see `maskPlatformCodes`. */
  readonly text: string;
  readonly segments: number;
  /** li */
  readonly price: string;
  readonly status: MessageStatus;
  readonly errorCode: string | null;
  readonly statusDetail: string | null;
  readonly attempts: number;
  readonly sendAt: Date;
  readonly createdAt: Date;
  readonly submittedAt: Date | null;
  readonly finalAt: Date | null;
}

export const MESSAGE_STATUSES = Object.values(MessageStatus) as [MessageStatus, ...MessageStatus[]];

/** A message has its outcome: nothing will change it any more. */
export const FINAL_STATUSES: readonly MessageStatus[] = [
  'delivered',
  'undelivered',
  'expired',
  'failed',
  'rejected',
  'canceled',
];

export const CONSOLE_MESSAGE_SELECT = {
  id: true,
  orgId: true,
  org: { select: { name: true, kind: true } },
  campaignId: true,
  businessType: { select: { code: true, name: true } },
  recipient: true,
  carrierCode: true,
  text: true,
  segmentCount: true,
  price: true,
  status: true,
  errorCode: true,
  statusDetail: true,
  attempts: true,
  sendAt: true,
  createdAt: true,
  submittedAt: true,
  finalAt: true,
} satisfies Prisma.MessageSelect;

type MessageRow = Prisma.MessageGetPayload<{ select: typeof CONSOLE_MESSAGE_SELECT }>;

/**
 * Whole numbers are for those who send (operators, admins, owners): they work with them. Viewers,
 * finance and reviewers read outcomes and bills, and see 138****8000 — enough to recognise a
 * number they already know, not enough to collect numbers from the console. They may still
 * filter by an exact number they know.
 */
export function seesWholeNumbers(principal: Principal): boolean {
  return principal.permissions.has('messages:send');
}

/** Keeps the first 3 and last 4 digits (fewer of both for short numbers); the rest become '*'. */
export function maskRecipient(recipient: string): string {
  if (recipient.length <= 4) return '*'.repeat(recipient.length);
  const head = recipient.length >= 11 ? 3 : Math.max(1, recipient.length - 6);
  const tail = recipient.length >= 11 ? 4 : 2;
  return `${recipient.slice(0, head)}${'*'.repeat(recipient.length - head - tail)}${recipient.slice(-tail)}`;
}

/**
 * The sign-up, sign-in and reset codes smshub sends as the platform org are keys to accounts:
 * whoever reads the platform's message list must not be able to use one, so their digits are
 * hidden (the delivery outcome is what support staff need).
 */
export function maskPlatformCodes(
  row: { org: { kind: string }; businessType: { code: string } },
  text: string,
): string {
  if (row.org.kind !== 'platform' || row.businessType.code !== 'verification') return text;
  return text.replace(/[0-9]{4,8}/g, (digits) => '*'.repeat(digits.length));
}

export function consoleMessage(row: MessageRow, wholeNumbers: boolean): ConsoleMessage {
  return {
    id: String(row.id),
    orgId: String(row.orgId),
    orgName: row.org.name,
    campaignId: row.campaignId === null ? null : String(row.campaignId),
    businessType: row.businessType.code,
    businessTypeName: row.businessType.name,
    recipient: wholeNumbers ? row.recipient : maskRecipient(row.recipient),
    carrier: row.carrierCode,
    text: maskPlatformCodes(row, row.text),
    segments: row.segmentCount,
    price: String(row.price),
    status: row.status,
    errorCode: row.errorCode,
    statusDetail: row.statusDetail,
    attempts: row.attempts,
    sendAt: row.sendAt,
    createdAt: row.createdAt,
    submittedAt: row.submittedAt,
    finalAt: row.finalAt,
  };
}
