import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { requirePermission, type Principal } from '../principal.js';
import { visibleOrgsWhere } from '../visibility.js';
import { CHILD_KINDS } from './org-kinds.js';
import { ORG_VIEW_SELECT, toOrgView, type OrgView } from './org-view.js';
import type { OrgKind } from '@smshub/db';

export interface OrgDetail extends OrgView {
  /** Kinds a child of this org may be (CHILD_KINDS). */
  readonly childKinds: readonly OrgKind[];
}

/** One org of the principal's subtree; anything else is 404, decided by the query. */
export async function getOrg(deps: ApiDeps, principal: Principal, input: { orgId: bigint }): Promise<OrgDetail> {
  requirePermission(principal, 'orgs:read');
  const row = await deps.prisma.org.findFirst({
    where: { id: input.orgId, ...visibleOrgsWhere(principal) },
    select: ORG_VIEW_SELECT,
  });
  if (row === null) throw ApiError.notFound('org', String(input.orgId));
  return { ...toOrgView(principal, row), childKinds: CHILD_KINDS[row.kind] };
}
