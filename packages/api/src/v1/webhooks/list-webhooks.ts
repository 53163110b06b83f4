import { contract } from '../contract.js';
import { endpoint } from '../http/endpoint.js';
import { jsonResponse } from '../http/responses.js';
import type { WebhookList } from '../schemas.js';
import { webhookResource } from './webhook-resource.js';

/** GET /api/v1/webhooks: endpoints of the caller's org and every org below it (a handful per org). */
export const listWebhooks = endpoint(contract.listWebhooks, async ({ deps, principal }) => {
  const endpoints = await deps.prisma.webhookEndpoint.findMany({
    where: { org: { path: { has: principal.orgId } } },
    orderBy: { id: 'asc' },
  });
  const body: WebhookList = { data: endpoints.map(webhookResource) };
  return jsonResponse(200, body);
});
