import { randomBytes } from 'node:crypto';
import { checkWebhookUrl } from '@smshub/webhook-guard';
import { ApiError } from '../api-error.js';
import { contract } from '../contract.js';
import { endpoint } from '../http/endpoint.js';
import { parseInput } from '../http/parse-input.js';
import { readJsonBody } from '../http/read-json-body.js';
import { jsonResponse } from '../http/responses.js';
import { CreateWebhookRequest, type CreatedWebhook } from '../schemas.js';
import { webhookResource } from './webhook-resource.js';

/** A webhook registration is a URL, a list of events and a delivery mode; nothing near 64 KiB. */
const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

/**
 * POST /api/v1/webhooks: the endpoint belongs to the caller's org; its secret is shown this once.
 * The URL is held to the check every delivery makes (@smshub/webhook-guard), so an endpoint is
 * never accepted that would then never be delivered to.
 */
export const createWebhook = endpoint(contract.createWebhook, async ({ request, deps, principal, log }) => {
  const input = parseInput(CreateWebhookRequest, await readJsonBody(request, MAX_WEBHOOK_BODY_BYTES), 'body');
  const target = checkWebhookUrl(input.url, { allowPrivate: deps.allowPrivateWebhooks });
  if (!target.ok) {
    throw new ApiError('validation_error', `invalid body: url: ${target.reason}`, {
      part: 'body',
      issues: [{ path: 'url', code: 'custom', message: target.reason }],
      issue_count: 1,
    });
  }
  const secret = randomBytes(32).toString('hex');
  const created = await deps.prisma.webhookEndpoint.create({
    data: {
      orgId: principal.orgId,
      url: input.url,
      secret,
      events: input.events,
      batchMaxEvents: input.delivery.mode === 'batch' ? input.delivery.max_events : null,
    },
  });
  log.info({ webhook: String(created.id) }, 'webhook endpoint created');
  const body: CreatedWebhook = { ...webhookResource(created), secret };
  return jsonResponse(201, body);
});
