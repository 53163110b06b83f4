import { sendMessages as send } from '../../ops/messages/send-messages.js';
import { contract } from '../contract.js';
import { endpoint } from '../http/endpoint.js';
import { parseInput } from '../http/parse-input.js';
import { readJsonBody } from '../http/read-json-body.js';
import { jsonResponse } from '../http/responses.js';
import { SendPairsRequest, SendTextRequest } from '../schemas.js';

/**
 * POST /api/v1/messages: read and validate the body, send it (ops/messages/send-messages.ts),
 * answer 201, or 200 with Idempotent-Replayed for a repeat. The key's rate is counted by the
 * operation, with the org's intake limits, in one Redis call.
 */
export const sendMessages = endpoint(
  contract.sendMessages,
  async ({ request, deps, principal, log }) => {
    const body = await readJsonBody(request);
    const input =
      typeof body === 'object' && body !== null && 'messages' in body
        ? parseInput(SendPairsRequest, body, 'body')
        : parseInput(SendTextRequest, body, 'body');
    const { replayed, result } = await send(deps, principal, input, log);
    return replayed ? jsonResponse(200, result, { 'idempotent-replayed': 'true' }) : jsonResponse(201, result);
  },
  { keyRateInOperation: true },
);
