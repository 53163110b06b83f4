import { ApiError } from '../api-error.js';
import { contract } from '../contract.js';
import { decodePositionCursor, encodePositionCursor } from '../http/cursor.js';
import { endpoint } from '../http/endpoint.js';
import { parseInput, queryObject } from '../http/parse-input.js';
import { jsonResponse } from '../http/responses.js';
import { ListDeliveriesQuery, type DeliveryList } from '../schemas.js';
import { deliveryResource } from './webhook-resource.js';

/**
 * GET /api/v1/webhooks/{id}/deliveries?status=&cursor=&limit=: the endpoint's delivery log,
 * newest first, keyset-paged on (created_at, id) along its (endpoint_id, created_at) index.
 */
export const listWebhookDeliveries = endpoint(
  contract.listWebhookDeliveries,
  async ({ request, deps, principal, params }) => {
    const id = params['id'] ?? '';
    const query = parseInput(ListDeliveriesQuery, queryObject(request), 'query');
    const visible = await deps.prisma.webhookEndpoint.findFirst({
      where: { id: BigInt(id), org: { path: { has: principal.orgId } } },
      select: { id: true },
    });
    if (visible === null) throw ApiError.notFound('webhook', id);

    const after = query.cursor === undefined ? undefined : decodePositionCursor(query.cursor);
    const rows = await deps.prisma.webhookDelivery.findMany({
      where: {
        endpointId: visible.id,
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(after === undefined
          ? {}
          : { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const body: DeliveryList = {
      data: page.map(deliveryResource),
      next_cursor: rows.length > query.limit && last !== undefined ? encodePositionCursor(last) : null,
    };
    return jsonResponse(200, body);
  },
);
