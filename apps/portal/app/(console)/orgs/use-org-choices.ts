'use client';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '../../../src/trpc/client';
import { flattenTree, type OrgTree } from './org-types';

/**
 * The orgs a person may pick in a form or a filter: their own and every one below it, in tree
 * order (the first is their own), with whether the list is still loading.
 */
export function useOrgChoices(): { readonly orgs: readonly OrgTree[]; readonly loading: boolean } {
  const trpc = useTRPC();
  const tree = useQuery(trpc.orgs.tree.queryOptions());
  const orgs = useMemo(() => (tree.data === undefined ? [] : flattenTree(tree.data)), [tree.data]);
  return { orgs, loading: tree.isPending };
}
