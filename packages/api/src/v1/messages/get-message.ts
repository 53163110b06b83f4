import { findVisibleMessage } from '@smshub/db';
import { ApiError } from '../api-error.js';
import { contract } from '../contract.js';
import { endpoint } from '../http/endpoint.js';
import { jsonResponse } from '../http/responses.js';
import { messageResource } from './message-resource.js';

/** GET /api/v1/messages/{id}: a message of the caller's org or an org below it; anything else is 404. */
export const getMessage = endpoint(contract.getMessage, async ({ deps, principal, params }) => {
  const id = params['id'] ?? '';
  const message = await findVisibleMessage(deps.pool, principal.orgId, BigInt(id));
  if (message === null) throw ApiError.notFound('message', id);
  return jsonResponse(200, messageResource(message));
});
