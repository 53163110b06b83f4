import { formatLi } from '@smshub/core';
import { findVisibleCampaign, MessageStatus } from '@smshub/db';
import { ApiError } from '../api-error.js';
import { contract } from '../contract.js';
import { endpoint } from '../http/endpoint.js';
import { jsonResponse } from '../http/responses.js';
import type { Campaign } from '../schemas.js';

/** GET /api/v1/campaigns/{id}: the campaign with every message status counted (zeros included). */
export const getCampaign = endpoint(contract.getCampaign, async ({ deps, principal, params }) => {
  const id = params['id'] ?? '';
  const campaign = await findVisibleCampaign(deps.pool, principal.orgId, BigInt(id));
  if (campaign === null) throw ApiError.notFound('campaign', id);
  const counts = {} as Record<MessageStatus, number>;
  for (const status of Object.values(MessageStatus)) counts[status] = campaign.statusCounts[status] ?? 0;
  const body: Campaign = {
    id: String(campaign.id),
    org_id: String(campaign.orgId),
    kind: campaign.kind,
    name: campaign.name,
    business_type: campaign.businessTypeCode,
    client_ref: campaign.clientRef,
    status: campaign.status,
    send_at: campaign.sendAt?.toISOString() ?? null,
    recipients: campaign.recipientCount,
    rejected: campaign.rejectedCount,
    segments: campaign.segmentCount,
    amount: formatLi(campaign.amount),
    amount_li: Number(campaign.amount),
    counts,
    created_at: campaign.createdAt.toISOString(),
    completed_at: campaign.completedAt?.toISOString() ?? null,
  };
  return jsonResponse(200, body);
});
