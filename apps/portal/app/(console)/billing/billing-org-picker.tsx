'use client';
import { useQuery } from '@tanstack/react-query';
import { Form, TreeSelect } from 'antd';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useTRPC } from '../../../src/trpc/client';
import type { OrgTree } from '../orgs/org-types';

interface OrgNode {
  readonly value: string;
  readonly title: string;
  readonly children: OrgNode[];
}

function toNodes(node: OrgTree, exclude: string | null): OrgNode {
  return {
    value: node.id,
    title: node.name,
    children: node.children.filter((child) => child.id !== exclude).map((child) => toNodes(child, exclude)),
  };
}

/** The caller's org tree as TreeSelect data; `below`: only the orgs under the caller's own. */
export function useOrgTreeData(below = false): {
  readonly data: readonly OrgNode[];
  readonly root: OrgTree | undefined;
  readonly hasChildren: boolean;
} {
  const trpc = useTRPC();
  const tree = useQuery(trpc.orgs.tree.queryOptions());
  return useMemo(() => {
    const root = tree.data;
    if (root === undefined) return { data: [], root, hasChildren: false };
    const data = below ? root.children.map((child) => toNodes(child, null)) : [toNodes(root, null)];
    return { data, root, hasChildren: root.children.length > 0 };
  }, [tree.data, below]);
}

/** Find an org's name in TreeSelect data ('' when it is not there). */
export function orgNameIn(nodes: readonly OrgNode[], id: string): string {
  for (const node of nodes) {
    if (node.value === id) return node.title;
    const inner = orgNameIn(node.children, id);
    if (inner !== '') return inner;
  }
  return '';
}

/** The platform's bookkeeping cards' org field: a required pick among the orgs below the caller's. */
export function BelowOrgFormItem({ data }: { readonly data: readonly OrgNode[] }) {
  const t = useTranslations('billing');
  return (
    <Form.Item name="orgId" label={t('org')} rules={[{ required: true, message: t('orgPlaceholder') }]}>
      <TreeSelect
        showSearch={{ treeNodeFilterProp: 'title' }}
        treeDefaultExpandAll
        treeData={[...data]}
        placeholder={t('orgPlaceholder')}
      />
    </Form.Item>
  );
}

/**
 * Which org of the caller's subtree a billing page shows: shown only to those with orgs below
 * them; `undefined` is the caller's own org.
 */
export function BillingOrgPicker(props: {
  readonly value: string | undefined;
  readonly onChange: (orgId: string | undefined) => void;
  readonly width?: number;
}) {
  const t = useTranslations('billing');
  const { data, root, hasChildren } = useOrgTreeData();
  if (!hasChildren || root === undefined) return null;
  return (
    <TreeSelect
      id="billing-org-picker"
      data-testid="billing-org-picker"
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      value={props.value ?? root.id}
      onChange={(value: string) => props.onChange(value === root.id ? undefined : value)}
      treeData={[...data]}
      placeholder={t('orgPlaceholder')}
      style={{ width: props.width ?? 260 }}
      aria-label={t('org')}
    />
  );
}
