import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { recordAudit } from '../audit.js';
import { requirePermission, type Principal } from '../principal.js';
import { nextOrgStatus, ORG_STATUS_TRANSITIONS, type OrgStatusAction } from './org-kinds.js';
import { ORG_VIEW_SELECT, orgsBelowWhere, toOrgView, type OrgView } from './org-view.js';
import { ownOrgRefused } from './update-org.js';

/**
 * Disables (suspends), enables or closes an org strictly below the principal's. Its API keys stop
 * working at their next check (the key cache's TTL at most); the orgs below keep their own status.
 */
export async function setOrgStatus(
  deps: ApiDeps,
  principal: Principal,
  input: { orgId: bigint; action: OrgStatusAction },
): Promise<OrgView> {
  requirePermission(principal, 'orgs:manage');
  if (input.orgId === principal.orgId) throw ownOrgRefused();
  return deps.prisma.$transaction(async (tx) => {
    const current = await tx.org.findFirst({
      where: { id: input.orgId, ...orgsBelowWhere(principal) },
      select: { id: true, status: true },
    });
    if (current === null) throw ApiError.notFound('org', String(input.orgId));
    const next = nextOrgStatus(current.status, input.action);
    if (next === null) {
      throw new ApiError(
        'invalid_status_change',
        `org ${current.id} is ${current.status}; ${input.action} applies to ${ORG_STATUS_TRANSITIONS[input.action].from.join(' or ')} orgs`,
        { status: current.status, action: input.action },
      );
    }
    // Guarded on the status read, so two admins acting at once cannot both succeed.
    const { count } = await tx.org.updateMany({
      where: { id: current.id, status: current.status },
      data: { status: next },
    });
    if (count === 0) {
      throw new ApiError('invalid_status_change', `org ${current.id} changed meanwhile; reload and try again`, {
        action: input.action,
      });
    }
    const row = await tx.org.findUniqueOrThrow({ where: { id: current.id }, select: ORG_VIEW_SELECT });
    await recordAudit(tx, principal, {
      orgId: row.id,
      action: `org.${input.action}`,
      targetType: 'org',
      targetId: row.id,
      details: { from: current.status, to: next },
    });
    return toOrgView(principal, row);
  });
}
