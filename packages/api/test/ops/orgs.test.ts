import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createChildOrg,
  getOrg,
  listOrgTree,
  sendMessages,
  setOrgStatus,
  updateOrg,
  type OrgTreeNode,
  type Principal,
} from '../../src/index.js';
import { createConsoleTree, snapshot, type ConsoleTree } from './orgs-fixture.js';
import { refusal } from './refusal.js';

function flatten(node: OrgTreeNode): OrgTreeNode[] {
  return [node, ...node.children.flatMap(flatten)];
}

describe('org tree operations', () => {
  let t: ConsoleTree;
  let cityAdmin: Principal;
  beforeAll(async () => {
    t = await createConsoleTree();
    cityAdmin = await t.as(t.users.cityAdmin);
  });
  afterAll(() => t?.close());

  describe('listOrgTree', () => {
    it('is the subtree rooted at my org, with codes, balances and child counts', async () => {
      const tree = await listOrgTree(t.fx.deps, cityAdmin);
      expect(tree).toMatchObject({ id: t.city.id, kind: 'city', depth: 0, manageable: false, childCount: 1 });
      expect(tree.children.map((c) => c.id)).toEqual([t.county.id]);
      expect(tree.children[0]).toMatchObject({ depth: 1, manageable: true, childCount: 1, balance: 500_000n });
      expect(tree.children[0]?.children.map((c) => c.id)).toEqual([t.department.id]);
      const ids = flatten(tree).map((node) => node.id);
      expect(ids).not.toContain(t.sibling.id);
      expect(ids).not.toContain(t.province.id);
      expect(ids).not.toContain(t.other.id);
      expect(tree.extensionCode).toMatch(/^[0-9]{6}$/);
    });

    it('shows the platform everything', async () => {
      const platformAdmin = await t.as(await t.user(t.fx.platform, 'admin'));
      const ids = flatten(await listOrgTree(t.fx.deps, platformAdmin)).map((node) => node.id);
      for (const org of [t.province, t.city, t.county, t.sibling, t.other]) expect(ids).toContain(org.id);
    });

    it('needs orgs:read, which an API key does not have', async () => {
      expect((await refusal(listOrgTree(t.fx.deps, t.asKey(t.city)))).code).toBe('insufficient_scope');
    });
  });

  describe('getOrg', () => {
    it('gives an org of my subtree with the kinds its children may be', async () => {
      const county = await getOrg(t.fx.deps, cityAdmin, { orgId: t.county.id });
      expect(county).toMatchObject({
        id: t.county.id,
        kind: 'county',
        childKinds: ['department', 'enterprise', 'partner'],
      });
      expect((await getOrg(t.fx.deps, cityAdmin, { orgId: t.city.id })).manageable).toBe(false);
    });

    it.each(['sibling', 'province', 'other'] as const)('is 404 for the %s org', async (which) => {
      const error = await refusal(getOrg(t.fx.deps, cityAdmin, { orgId: t[which].id }));
      expect(error).toMatchObject({ code: 'not_found', status: 404 });
    });
  });

  describe('createChildOrg', () => {
    it('creates a child with a code the database allocates below the parent, and audits it', async () => {
      const county = await t.fx.prisma.org.findUniqueOrThrow({ where: { id: t.county.id } });
      const created = await createChildOrg(t.fx.deps, cityAdmin, {
        parentId: county.id,
        name: ' 应急管理局 ',
        kind: 'department',
        dailyLimit: 1000,
      });
      expect(created).toMatchObject({ name: '应急管理局', kind: 'department', status: 'active', dailyLimit: 1000 });
      expect(created.extensionCode?.startsWith(county.extensionCode ?? '-')).toBe(true);
      expect(created.extensionCode?.length).toBe((county.extensionCode?.length ?? 0) + 2);
      const audit = await t.fx.prisma.auditEntry.findFirstOrThrow({
        where: { action: 'org.create', targetId: String(created.id) },
      });
      expect(audit).toMatchObject({ orgId: created.id, actorOrgId: t.city.id, userId: t.users.cityAdmin.id });
    });

    it('creates a child of my own org with a code I give, extending my code', async () => {
      const city = await t.fx.prisma.org.findUniqueOrThrow({ where: { id: t.city.id } });
      const code = `${city.extensionCode}77`;
      const created = await createChildOrg(t.fx.deps, cityAdmin, {
        parentId: city.id,
        name: '某企业',
        kind: 'enterprise',
        extensionCode: code,
      });
      expect(created.extensionCode).toBe(code);
    });

    it('lets the platform give a postpaid child a credit line, audited', async () => {
      const platformAdmin = await t.as(await t.user(t.fx.platform, 'admin'));
      const created = await createChildOrg(t.fx.deps, platformAdmin, {
        parentId: t.fx.platform.id,
        name: '某省邮政',
        kind: 'province',
        billingMode: 'postpaid',
        creditLimit: 5_000_000n,
      });
      expect(created).toMatchObject({ billingMode: 'postpaid', creditLimit: 5_000_000n, balance: 0n });
      const audit = await t.fx.prisma.auditEntry.findFirstOrThrow({
        where: { action: 'org.create', targetId: String(created.id) },
      });
      expect(audit.details).toMatchObject({ billing_mode: 'postpaid', credit_limit_li: '5000000' });
    });

    it('refuses a credit line from an admin below the platform, and on a prepaid org, storing nothing', async () => {
      const platformAdmin = await t.as(await t.user(t.fx.platform, 'admin'));
      const before = await snapshot(t.fx);
      const denied = await refusal(
        createChildOrg(t.fx.deps, cityAdmin, {
          parentId: t.city.id,
          name: '自给额度',
          kind: 'county',
          billingMode: 'postpaid',
          creditLimit: 1_000n,
        }),
      );
      expect(denied).toMatchObject({ code: 'permission_denied', status: 403, details: { field: 'credit_limit' } });
      const prepaid = await refusal(
        createChildOrg(t.fx.deps, platformAdmin, {
          parentId: t.fx.platform.id,
          name: '预付费',
          kind: 'province',
          creditLimit: 1_000n,
        }),
      );
      expect(prepaid).toMatchObject({ code: 'validation_error', details: { field: 'credit_limit' } });
      const huge = await refusal(
        createChildOrg(t.fx.deps, platformAdmin, {
          parentId: t.fx.platform.id,
          name: '太多',
          kind: 'province',
          billingMode: 'postpaid',
          creditLimit: 10n ** 15n,
        }),
      );
      expect(huge).toMatchObject({ code: 'validation_error', details: { field: 'credit_limit' } });
      expect(await snapshot(t.fx)).toEqual(before);
    });

    it('refuses a kind not allowed under the parent, naming the allowed ones', async () => {
      const before = await snapshot(t.fx);
      const error = await refusal(
        createChildOrg(t.fx.deps, cityAdmin, { parentId: t.city.id, name: 'x', kind: 'province' }),
      );
      expect(error).toMatchObject({ code: 'org_kind_not_allowed', status: 400 });
      expect(error.details).toMatchObject({ allowed: ['county', 'department', 'enterprise', 'partner'] });
      expect(await snapshot(t.fx)).toEqual(before);
    });

    it.each([
      ['not digits', '12ab', 'validation_error'],
      ['not extending the parent', '9999', 'validation_error'],
    ])('refuses an extension code %s', async (_what, code, expected) => {
      const error = await refusal(
        createChildOrg(t.fx.deps, cityAdmin, {
          parentId: t.city.id,
          name: 'x',
          kind: 'enterprise',
          extensionCode: code,
        }),
      );
      expect(error.code).toBe(expected);
    });

    it('refuses a code an org already has (extension_code_unavailable), storing nothing', async () => {
      const county = await t.fx.prisma.org.findUniqueOrThrow({ where: { id: t.county.id } });
      const department = await t.fx.prisma.org.findUniqueOrThrow({ where: { id: t.department.id } });
      const before = await snapshot(t.fx);
      const error = await refusal(
        createChildOrg(t.fx.deps, cityAdmin, {
          parentId: county.id,
          name: 'x',
          kind: 'department',
          extensionCode: department.extensionCode ?? '',
        }),
      );
      expect(error).toMatchObject({ code: 'extension_code_unavailable', status: 409 });
      expect(await snapshot(t.fx)).toEqual(before);
    });

    it.each(['sibling', 'province', 'other'] as const)('is 404 below the %s org, storing nothing', async (which) => {
      const before = await snapshot(t.fx);
      const error = await refusal(
        createChildOrg(t.fx.deps, cityAdmin, { parentId: t[which].id, name: 'x', kind: 'department' }),
      );
      expect(error.code).toBe('not_found');
      expect(await snapshot(t.fx)).toEqual(before);
    });

    it('needs orgs:manage: a viewer is refused', async () => {
      const viewer = await t.as(t.users.cityViewer);
      const before = await snapshot(t.fx);
      const error = await refusal(
        createChildOrg(t.fx.deps, viewer, { parentId: t.city.id, name: 'x', kind: 'department' }),
      );
      expect(error).toMatchObject({ code: 'permission_denied', status: 403 });
      expect(await snapshot(t.fx)).toEqual(before);
    });
  });

  describe('updateOrg', () => {
    it('changes name and limits of an org below mine, and audits it', async () => {
      const updated = await updateOrg(t.fx.deps, cityAdmin, {
        orgId: t.county.id,
        name: '某县（新）',
        dailyLimit: 5000,
        monthlyLimit: null,
        rateLimit: 50,
        ipAllowList: ['10.0.0.0/8', '2001:db8::1'],
      });
      expect(updated).toMatchObject({ name: '某县（新）', dailyLimit: 5000, monthlyLimit: null, rateLimit: 50 });
      expect(updated.ipAllowList).toEqual(['10.0.0.0/8', '2001:db8::1']);
      expect(
        await t.fx.prisma.auditEntry.count({ where: { action: 'org.update', targetId: String(t.county.id) } }),
      ).toBe(1);
    });

    it.each([
      [{ dailyLimit: 0 }, 'daily_limit'],
      [{ rateLimit: 1.5 }, 'rate_limit'],
      [{ ipAllowList: ['10.0.0.0/33'] }, 'ip_allow_list'],
      [{ ipAllowList: ['example.com'] }, 'ip_allow_list'],
      [{ name: '  ' }, 'name'],
    ])('refuses %o', async (change, field) => {
      const error = await refusal(updateOrg(t.fx.deps, cityAdmin, { orgId: t.county.id, ...change }));
      expect(error).toMatchObject({ code: 'validation_error', details: { field } });
    });

    it('refuses my own org', async () => {
      const error = await refusal(updateOrg(t.fx.deps, cityAdmin, { orgId: t.city.id, name: 'mine' }));
      expect(error).toMatchObject({ code: 'own_org_refused', status: 403 });
    });

    it.each(['sibling', 'province', 'other'] as const)('is 404 for the %s org, changing nothing', async (which) => {
      const before = await snapshot(t.fx);
      const error = await refusal(updateOrg(t.fx.deps, cityAdmin, { orgId: t[which].id, name: 'taken over' }));
      expect(error.code).toBe('not_found');
      expect(await snapshot(t.fx)).toEqual(before);
    });

    it('needs orgs:manage', async () => {
      const operator = await t.as(t.users.countyOperator);
      const error = await refusal(updateOrg(t.fx.deps, operator, { orgId: t.department.id, name: 'x' }));
      expect(error.code).toBe('permission_denied');
    });
  });

  describe('setOrgStatus', () => {
    it('disables, enables and closes an org below mine, one audit row each', async () => {
      const target = await createChildOrg(t.fx.deps, cityAdmin, {
        parentId: t.city.id,
        name: '将关闭',
        kind: 'department',
      });
      expect((await setOrgStatus(t.fx.deps, cityAdmin, { orgId: target.id, action: 'disable' })).status).toBe(
        'suspended',
      );
      expect((await setOrgStatus(t.fx.deps, cityAdmin, { orgId: target.id, action: 'enable' })).status).toBe('active');
      expect((await setOrgStatus(t.fx.deps, cityAdmin, { orgId: target.id, action: 'close' })).status).toBe('closed');
      const actions = await t.fx.prisma.auditEntry.findMany({
        where: { targetType: 'org', targetId: String(target.id) },
        orderBy: { id: 'asc' },
        select: { action: true },
      });
      expect(actions.map((a) => a.action)).toEqual(['org.create', 'org.disable', 'org.enable', 'org.close']);
      const error = await refusal(setOrgStatus(t.fx.deps, cityAdmin, { orgId: target.id, action: 'enable' }));
      expect(error).toMatchObject({ code: 'invalid_status_change', status: 409 });
    });

    it('a disabled org can no longer have children created below it', async () => {
      const target = await createChildOrg(t.fx.deps, cityAdmin, {
        parentId: t.city.id,
        name: '停用',
        kind: 'enterprise',
      });
      await setOrgStatus(t.fx.deps, cityAdmin, { orgId: target.id, action: 'disable' });
      const error = await refusal(
        createChildOrg(t.fx.deps, cityAdmin, { parentId: target.id, name: 'x', kind: 'department' }),
      );
      expect(error.code).toBe('invalid_status_change');
    });

    it('a disabled org cannot send through its API keys', async () => {
      const target = await createChildOrg(t.fx.deps, cityAdmin, {
        parentId: t.city.id,
        name: '停用发送',
        kind: 'enterprise',
      });
      await setOrgStatus(t.fx.deps, cityAdmin, { orgId: target.id, action: 'disable' });
      const key = await t.fx.key(target.id);
      const response = await t.fx.call(sendMessages, {
        path: '/api/v1/messages',
        key,
        body: { business_type: 'notification', to: ['13800138000'], text: 'hi' },
      });
      expect(response.status).toBe(403);
    });

    it('refuses my own org', async () => {
      const error = await refusal(setOrgStatus(t.fx.deps, cityAdmin, { orgId: t.city.id, action: 'disable' }));
      expect(error.code).toBe('own_org_refused');
    });

    it.each(['sibling', 'province', 'other'] as const)('is 404 for the %s org, changing nothing', async (which) => {
      const before = await snapshot(t.fx);
      const error = await refusal(setOrgStatus(t.fx.deps, cityAdmin, { orgId: t[which].id, action: 'disable' }));
      expect(error.code).toBe('not_found');
      expect(await snapshot(t.fx)).toEqual(before);
    });

    it('needs orgs:manage', async () => {
      const viewer = await t.as(t.users.cityViewer);
      const before = await snapshot(t.fx);
      const error = await refusal(setOrgStatus(t.fx.deps, viewer, { orgId: t.county.id, action: 'disable' }));
      expect(error.code).toBe('permission_denied');
      expect(await snapshot(t.fx)).toEqual(before);
    });
  });
});
