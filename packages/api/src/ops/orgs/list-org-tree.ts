import type { ApiDeps } from '../../v1/deps.js';
import { requirePermission, type Principal } from '../principal.js';
import { visibleOrgsWhere } from '../visibility.js';
import { ORG_VIEW_SELECT, toOrgView, type OrgView } from './org-view.js';

export interface OrgTreeNode extends OrgView {
  readonly children: readonly OrgTreeNode[];
}

/**
 * The principal's subtree as a tree rooted at its own org: one indexed query (GIN on orgs.path),
 * assembled here. Siblings in creation order.
 */
export async function listOrgTree(deps: ApiDeps, principal: Principal): Promise<OrgTreeNode> {
  requirePermission(principal, 'orgs:read');
  const rows = await deps.prisma.org.findMany({
    where: visibleOrgsWhere(principal),
    select: ORG_VIEW_SELECT,
    orderBy: { id: 'asc' },
  });
  const childrenOf = new Map<bigint, OrgTreeNode[]>();
  const nodes: OrgTreeNode[] = rows.map((row) => {
    const children: OrgTreeNode[] = [];
    childrenOf.set(row.id, children);
    return { ...toOrgView(principal, row), children };
  });
  let root: OrgTreeNode | null = null;
  for (const node of nodes) {
    if (node.id === principal.orgId) root = node;
    else if (node.parentId !== null) childrenOf.get(node.parentId)?.push(node);
  }
  if (root === null) throw new Error(`orgs: the principal's own org ${principal.orgId} is not in its subtree`);
  return root;
}
