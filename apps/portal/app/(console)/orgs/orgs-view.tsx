'use client';
import { ApartmentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Input, Row, Spin, Tag, Tree, type TreeDataNode } from 'antd';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { useTRPC } from '../../../src/trpc/client';
import { OrgDetailPanel } from './org-detail-panel';
import { flattenTree, type OrgTree } from './org-types';

/** The org tree of the caller's subtree beside the chosen org's details and actions. */
export function OrgsView() {
  const t = useTranslations('orgs');
  const common = useTranslations('common');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const tree = useQuery(trpc.orgs.tree.queryOptions());
  const me = useQuery(trpc.session.me.queryOptions());
  const [selected, setSelected] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  /** The nodes the person folded; everything else is open, new children included. */
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());

  const treeData = useMemo(() => {
    if (tree.data === undefined) return [];
    const needle = filter.trim().toLowerCase();
    const keep = (node: OrgTree): boolean =>
      needle === '' || node.name.toLowerCase().includes(needle) || node.children.some(keep);
    const toNode = (node: OrgTree): TreeDataNode => ({
      key: node.id,
      title: (
        <span data-testid={`org-node-${node.id}`}>
          {node.name} <Tag>{common(`orgKind.${node.kind}`)}</Tag>
          {node.status !== 'active' && <Tag color="red">{common(`orgStatus.${node.status}`)}</Tag>}
        </span>
      ),
      children: node.children.filter(keep).map(toNode),
    });
    return [toNode(tree.data)];
  }, [tree.data, filter, common]);

  if (tree.isPending) return <Spin />;
  if (tree.isError) return <Alert type="error" showIcon title={errorText(tree.error)} />;
  const all = flattenTree(tree.data);
  const current = selected ?? tree.data.id;
  const permissions = new Set(me.data?.permissions ?? []);

  return (
    <Row gutter={16}>
      <Col xs={24} md={9}>
        <Card title={t('treeTitle')} extra={<ApartmentOutlined />}>
          <Input.Search
            allowClear
            placeholder={t('searchPlaceholder')}
            onChange={(event) => setFilter(event.target.value)}
            style={{ marginBottom: 12 }}
          />
          <Tree
            treeData={treeData}
            expandedKeys={all.map((org) => org.id).filter((id) => !collapsed.has(id))}
            onExpand={(keys) => {
              const open = new Set(keys.map(String));
              setCollapsed(new Set(all.map((org) => org.id).filter((id) => !open.has(id))));
            }}
            selectedKeys={[current]}
            onSelect={(keys) => {
              const key = keys[0];
              if (key !== undefined) setSelected(String(key));
            }}
          />
          {all.length === 1 && <Empty description={t('emptyTree')} style={{ marginTop: 16 }} />}
        </Card>
      </Col>
      <Col xs={24} md={15}>
        <OrgDetailPanel
          orgId={current}
          canManage={permissions.has('orgs:manage')}
          grantsCredit={tree.data.kind === 'platform'}
          onCreated={(id) => {
            // The new org shows where it was made: its parent (the org that was open) unfolds.
            setCollapsed((folded) => new Set([...folded].filter((key) => key !== current)));
            setSelected(id);
          }}
        />
      </Col>
    </Row>
  );
}
