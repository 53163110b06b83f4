import { normalizeNumber } from '@smshub/sms';
import { z } from 'zod';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { decodePositionCursor, encodePositionCursor } from '../../v1/http/cursor.js';
import { requirePermission, type Principal } from '../principal.js';
import { visibleOrgsWhere } from '../visibility.js';
import {
  CONSOLE_MESSAGE_SELECT,
  consoleMessage,
  MESSAGE_STATUSES,
  seesWholeNumbers,
  type ConsoleMessage,
} from './message-row.js';

const Id = z.string().regex(/^[1-9]\d{0,18}$/);

export const ListMessagesInput = z
  .strictObject({
    status: z.enum(MESSAGE_STATUSES).optional(),
    /** Any accepted spelling of one number: matched exactly, as stored. */
    recipient: z.string().trim().min(1).max(64).optional(),
    campaignId: Id.optional(),
    /** Created at or after `from`, before `to`. */
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    cursor: z.string().max(100).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .refine((input) => input.from === undefined || input.to === undefined || input.from < input.to, {
    message: 'from must be before to',
    path: ['to'],
  });
export type ListMessagesInput = z.input<typeof ListMessagesInput>;

export interface MessagePage {
  readonly items: readonly ConsoleMessage[];
  readonly nextCursor: string | null;
}

/**
 * Messages of the principal's org and of the orgs below it, newest first, keyset-paged on
 * (created_at, id) like GET /api/v1/messages — stable while new messages arrive, and served by
 * messages (org_id, created_at) whatever the page. Dual-send copies are the platform's, not listed.
 */
export async function listMessages(
  deps: ApiDeps,
  principal: Principal,
  input: ListMessagesInput = {},
): Promise<MessagePage> {
  requirePermission(principal, 'messages:read');
  const query = ListMessagesInput.parse(input);
  const after = query.cursor === undefined ? undefined : decodePositionCursor(query.cursor);
  const rows = await deps.prisma.message.findMany({
    where: {
      org: visibleOrgsWhere(principal),
      twinOf: null,
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.recipient === undefined ? {} : { recipient: storedNumber(query.recipient) }),
      ...(query.campaignId === undefined ? {} : { campaignId: BigInt(query.campaignId) }),
      AND: [
        query.from === undefined ? {} : { createdAt: { gte: query.from } },
        query.to === undefined ? {} : { createdAt: { lt: query.to } },
        after === undefined
          ? {}
          : { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] },
      ],
    },
    select: CONSOLE_MESSAGE_SELECT,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    // One row more than the page tells whether another page follows.
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const whole = seesWholeNumbers(principal);
  return {
    items: page.map((row) => consoleMessage(row, whole)),
    nextCursor: rows.length > query.limit && last !== undefined ? encodePositionCursor(last) : null,
  };
}

/** The stored form (national digits for Chinese mobiles, E.164 digits otherwise), or a clear 400. */
function storedNumber(given: string): string {
  const number = normalizeNumber(given);
  if (!number.ok) {
    throw new ApiError('validation_error', `recipient: ${number.message}`, {
      part: 'input',
      issues: [{ path: 'recipient', code: 'invalid_number', message: number.message }],
      issue_count: 1,
    });
  }
  return number.kind === 'cn-mobile' ? number.national : number.e164;
}
