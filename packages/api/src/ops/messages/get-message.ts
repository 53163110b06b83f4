import { z } from 'zod';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { requirePermission, type Principal } from '../principal.js';
import { visibleOrgsWhere } from '../visibility.js';
import { CONSOLE_MESSAGE_SELECT, consoleMessage, seesWholeNumbers, type ConsoleMessage } from './message-row.js';

export const GetMessageInput = z.strictObject({ id: z.string().regex(/^[1-9]\d{0,18}$/) });
export type GetMessageInput = z.input<typeof GetMessageInput>;

/** One message of the principal's subtree; any other id is the same 404 as a missing one. */
export async function getMessage(deps: ApiDeps, principal: Principal, input: GetMessageInput): Promise<ConsoleMessage> {
  requirePermission(principal, 'messages:read');
  const { id } = GetMessageInput.parse(input);
  const row = await deps.prisma.message.findFirst({
    where: { id: BigInt(id), twinOf: null, org: visibleOrgsWhere(principal) },
    select: CONSOLE_MESSAGE_SELECT,
  });
  if (row === null) throw ApiError.notFound('message', id);
  return consoleMessage(row, seesWholeNumbers(principal));
}
