import type { AppRouter } from '@smshub/trpc';
import type { inferRouterOutputs } from '@trpc/server';

type Outputs = inferRouterOutputs<AppRouter>;
export type OrgTree = Outputs['orgs']['tree'];
export type OrgDetail = Outputs['orgs']['get'];
export type OrgKind = OrgDetail['kind'];
export type ChildKind = Exclude<OrgKind, 'platform'>;

/** Every org of a tree, depth first (for pickers and lookups). */
export function flattenTree(node: OrgTree): OrgTree[] {
  return [node, ...node.children.flatMap(flattenTree)];
}
