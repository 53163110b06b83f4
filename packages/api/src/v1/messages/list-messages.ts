import { listVisibleMessages } from '@smshub/db';
import { normalizeNumber } from '@smshub/sms';
import { ApiError } from '../api-error.js';
import { contract } from '../contract.js';
import { decodePositionCursor, encodePositionCursor } from '../http/cursor.js';
import { endpoint } from '../http/endpoint.js';
import { parseInput, queryObject } from '../http/parse-input.js';
import { jsonResponse } from '../http/responses.js';
import { ListMessagesQuery, type MessageList } from '../schemas.js';
import { messageResource } from './message-resource.js';

/**
 * GET /api/v1/messages?campaign=&status=&to=&cursor=&limit=: newest first, keyset-paged on
 * (created_at, id), so pages stay stable while new messages arrive.
 */
export const listMessages = endpoint(contract.listMessages, async ({ request, deps, principal }) => {
  const query = parseInput(ListMessagesQuery, queryObject(request), 'query');
  let recipient: string | undefined;
  if (query.to !== undefined) {
    const number = normalizeNumber(query.to);
    if (!number.ok) {
      throw new ApiError('validation_error', `invalid query: to: ${number.message}`, {
        part: 'query',
        issues: [{ path: 'to', code: 'invalid_number', message: number.message }],
        issue_count: 1,
      });
    }
    recipient = number.kind === 'cn-mobile' ? number.national : number.e164;
  }
  const limit = query.limit;
  // One row more than the page tells whether another page follows.
  const rows = await listVisibleMessages(deps.pool, principal.orgId, {
    limit: limit + 1,
    ...(query.campaign === undefined ? {} : { campaignId: BigInt(query.campaign) }),
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(recipient === undefined ? {} : { recipient }),
    ...(query.cursor === undefined ? {} : { after: decodePositionCursor(query.cursor) }),
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const body: MessageList = {
    data: page.map(messageResource),
    next_cursor: rows.length > limit && last !== undefined ? encodePositionCursor(last) : null,
  };
  return jsonResponse(200, body);
});
