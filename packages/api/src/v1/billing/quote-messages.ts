import { quoteMessages } from '../../ops/messages/quote-messages.js';
import { contract } from '../contract.js';
import { endpoint } from '../http/endpoint.js';
import { parseInput } from '../http/parse-input.js';
import { readJsonBody } from '../http/read-json-body.js';
import { jsonResponse } from '../http/responses.js';
import { SendPairsRequest, SendTextRequest } from '../schemas.js';

/**
 * POST /api/v1/messages/quote: the body of a send, priced as sending it now would be (packs and
 * the org's plan applied) by the quote operation; nothing is stored, charged or counted.
 */
export const quoteMessagesEndpoint = endpoint(contract.quoteMessages, async ({ request, deps, principal }) => {
  const body = await readJsonBody(request);
  const input =
    typeof body === 'object' && body !== null && 'messages' in body
      ? parseInput(SendPairsRequest, body, 'body')
      : parseInput(SendTextRequest, body, 'body');
  return jsonResponse(200, await quoteMessages(deps, principal, input));
});
