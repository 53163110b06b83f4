import { ApiError } from '../api-error.js';
import { contract } from '../contract.js';
import { endpoint } from '../http/endpoint.js';
import { emptyResponse } from '../http/responses.js';

/** DELETE /api/v1/webhooks/{id}: removes the endpoint and, with it, its delivery log. */
export const deleteWebhook = endpoint(contract.deleteWebhook, async ({ deps, principal, params, log }) => {
  const id = params['id'] ?? '';
  const deleted = await deps.prisma.webhookEndpoint.deleteMany({
    where: { id: BigInt(id), org: { path: { has: principal.orgId } } },
  });
  if (deleted.count === 0) throw ApiError.notFound('webhook', id);
  log.info({ webhook: id }, 'webhook endpoint deleted');
  return emptyResponse(204);
});
