import { verifyPassword } from '@smshub/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, listUsers, setUserRole, setUserStatus, type Principal } from '../../src/index.js';
import { createConsoleTree, snapshot, type ConsoleTree } from './orgs-fixture.js';
import { refusal } from './refusal.js';

let emailSequence = 0;
const email = () => `new${++emailSequence}-${Date.now()}@Example.CN`;

describe('user operations', () => {
  let t: ConsoleTree;
  let cityAdmin: Principal;
  beforeAll(async () => {
    t = await createConsoleTree();
    cityAdmin = await t.as(t.users.cityAdmin);
  });
  afterAll(() => t?.close());

  describe('listUsers', () => {
    it('lists users of my subtree only, paged, with the total', async () => {
      const all = await listUsers(t.fx.deps, cityAdmin, { pageSize: 100 });
      const ids = all.items.map((u) => u.id);
      expect(ids).toEqual(expect.arrayContaining([t.users.cityAdmin.id, t.users.countyOperator.id]));
      for (const outside of [t.users.provinceAdmin, t.users.siblingAdmin, t.users.otherAdmin]) {
        expect(ids).not.toContain(outside.id);
      }
      const first = await listUsers(t.fx.deps, cityAdmin, { page: 1, pageSize: 2 });
      const second = await listUsers(t.fx.deps, cityAdmin, { page: 2, pageSize: 2 });
      expect(first.total).toBe(all.total);
      expect(first.items).toHaveLength(2);
      expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
      expect([...first.items, ...second.items].map((u) => u.id)).toEqual(ids.slice(0, 4));
    });

    it('filters by org, role and status', async () => {
      const county = await listUsers(t.fx.deps, cityAdmin, { orgId: t.county.id });
      expect(county.items.map((u) => u.id)).toEqual([t.users.countyOperator.id]);
      const viewers = await listUsers(t.fx.deps, cityAdmin, { role: 'viewer' });
      expect(viewers.items.every((u) => u.role === 'viewer')).toBe(true);
      expect(viewers.items.map((u) => u.id)).toContain(t.users.cityViewer.id);
      expect((await listUsers(t.fx.deps, cityAdmin, { status: 'disabled', orgId: t.county.id })).total).toBe(0);
    });

    it('finds nobody in an org outside my subtree', async () => {
      for (const org of [t.sibling, t.province, t.other]) {
        expect(await listUsers(t.fx.deps, cityAdmin, { orgId: org.id })).toMatchObject({ total: 0, items: [] });
      }
    });

    it('needs users:read, and refuses a page size past 100', async () => {
      expect((await refusal(listUsers(t.fx.deps, await t.as(t.users.cityViewer)))).code).toBe('permission_denied');
      expect((await refusal(listUsers(t.fx.deps, cityAdmin, { pageSize: 101 }))).code).toBe('validation_error');
    });
  });

  describe('createUser', () => {
    it('creates a user with a generated password shown once, hashed in the database, and audits it', async () => {
      const address = email();
      const { user, generatedPassword } = await createUser(t.fx.deps, cityAdmin, {
        orgId: t.county.id,
        email: address,
        name: '张三',
        phone: '13900139000',
        role: 'operator',
      });
      expect(user).toMatchObject({
        orgId: t.county.id,
        email: address.toLowerCase(),
        role: 'operator',
        status: 'active',
      });
      expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
      const stored = await t.fx.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(stored.passwordHash).not.toContain(generatedPassword ?? '');
      expect(await verifyPassword(generatedPassword ?? '', stored.passwordHash)).toBe(true);
      const audit = await t.fx.prisma.auditEntry.findFirstOrThrow({
        where: { action: 'user.create', targetId: String(user.id) },
      });
      expect(JSON.stringify(audit.details)).not.toContain(generatedPassword ?? '');
    });

    it('takes a chosen password', async () => {
      const { user, generatedPassword } = await createUser(t.fx.deps, cityAdmin, {
        orgId: t.city.id,
        email: email(),
        name: '李四',
        role: 'admin',
        password: 'correct horse battery',
      });
      expect(generatedPassword).toBeNull();
      const stored = await t.fx.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(await verifyPassword('correct horse battery', stored.passwordHash)).toBe(true);
    });

    it.each([
      [{ email: 'not-an-email' }, 'email'],
      [{ name: ' ' }, 'name'],
      [{ phone: '12345' }, 'phone'],
      [{ password: 'short' }, 'password'],
    ])('refuses %o', async (change, field) => {
      const error = await refusal(
        createUser(t.fx.deps, cityAdmin, { orgId: t.city.id, email: email(), name: 'x', role: 'viewer', ...change }),
      );
      expect(error).toMatchObject({ code: 'validation_error', details: { field } });
    });

    it('refuses an email already taken, whatever its case', async () => {
      const taken = t.users.otherAdmin.email.toUpperCase();
      const error = await refusal(
        createUser(t.fx.deps, cityAdmin, { orgId: t.city.id, email: taken, name: 'x', role: 'viewer' }),
      );
      expect(error).toMatchObject({ code: 'already_exists', details: { field: 'email' } });
    });

    it('an admin cannot create an owner; an owner can', async () => {
      const before = await snapshot(t.fx);
      const error = await refusal(
        createUser(t.fx.deps, cityAdmin, { orgId: t.city.id, email: email(), name: 'x', role: 'owner' }),
      );
      expect(error).toMatchObject({ code: 'role_not_allowed', status: 403 });
      expect(await snapshot(t.fx)).toEqual(before);
      const owner = await t.as(t.users.cityOwner);
      const { user } = await createUser(t.fx.deps, owner, {
        orgId: t.county.id,
        email: email(),
        name: 'x',
        role: 'owner',
      });
      expect(user.role).toBe('owner');
    });

    it.each(['sibling', 'province', 'other'] as const)('is 404 in the %s org, storing nothing', async (which) => {
      const before = await snapshot(t.fx);
      const error = await refusal(
        createUser(t.fx.deps, cityAdmin, { orgId: t[which].id, email: email(), name: 'x', role: 'viewer' }),
      );
      expect(error.code).toBe('not_found');
      expect(await snapshot(t.fx)).toEqual(before);
    });

    it('needs users:manage', async () => {
      const operator = await t.as(t.users.countyOperator);
      const error = await refusal(
        createUser(t.fx.deps, operator, { orgId: t.county.id, email: email(), name: 'x', role: 'viewer' }),
      );
      expect(error.code).toBe('permission_denied');
    });
  });

  describe('setUserRole', () => {
    it('changes the role of a user of my subtree, and audits it', async () => {
      const target = await t.user(t.county, 'viewer');
      expect((await setUserRole(t.fx.deps, cityAdmin, { userId: target.id, role: 'finance' })).role).toBe('finance');
      const audit = await t.fx.prisma.auditEntry.findFirstOrThrow({
        where: { action: 'user.set_role', targetId: String(target.id) },
      });
      expect(audit.details).toEqual({ from: 'viewer', to: 'finance' });
    });

    it('an admin may not raise anyone above admin, nor change an owner', async () => {
      const target = await t.user(t.county, 'viewer');
      const before = await snapshot(t.fx);
      expect((await refusal(setUserRole(t.fx.deps, cityAdmin, { userId: target.id, role: 'owner' }))).code).toBe(
        'role_not_allowed',
      );
      expect(
        (await refusal(setUserRole(t.fx.deps, cityAdmin, { userId: t.users.cityOwner.id, role: 'viewer' }))).code,
      ).toBe('role_not_allowed');
      expect(await snapshot(t.fx)).toEqual(before);
    });

    it('refuses my own account', async () => {
      const error = await refusal(setUserRole(t.fx.deps, cityAdmin, { userId: t.users.cityAdmin.id, role: 'viewer' }));
      expect(error).toMatchObject({ code: 'own_account_refused', status: 403 });
    });

    it.each(['provinceAdmin', 'siblingAdmin', 'otherAdmin'] as const)(
      'is 404 for %s, changing nothing',
      async (which) => {
        const before = await snapshot(t.fx);
        const error = await refusal(setUserRole(t.fx.deps, cityAdmin, { userId: t.users[which].id, role: 'viewer' }));
        expect(error.code).toBe('not_found');
        expect(await snapshot(t.fx)).toEqual(before);
      },
    );
  });

  describe('setUserStatus', () => {
    it('disables a user, ending its sessions, and enables it again', async () => {
      const target = await t.user(t.county, 'operator');
      await t.fx.prisma.userSession.create({
        data: {
          id: `s-${target.id}`,
          userId: target.id,
          method: 'password',
          expiresAt: new Date(Date.now() + 3_600_000),
        },
      });
      expect((await setUserStatus(t.fx.deps, cityAdmin, { userId: target.id, action: 'disable' })).status).toBe(
        'disabled',
      );
      const session = await t.fx.prisma.userSession.findUniqueOrThrow({ where: { id: `s-${target.id}` } });
      expect(session.revokedAt).not.toBeNull();
      expect((await refusal(setUserStatus(t.fx.deps, cityAdmin, { userId: target.id, action: 'disable' }))).code).toBe(
        'invalid_status_change',
      );
      expect((await setUserStatus(t.fx.deps, cityAdmin, { userId: target.id, action: 'enable' })).status).toBe(
        'active',
      );
      const actions = await t.fx.prisma.auditEntry.findMany({
        where: { targetType: 'user', targetId: String(target.id) },
      });
      expect(actions.map((a) => a.action).sort()).toEqual(['user.disable', 'user.enable']);
    });

    it('refuses disabling myself', async () => {
      const before = await snapshot(t.fx);
      const error = await refusal(
        setUserStatus(t.fx.deps, cityAdmin, { userId: t.users.cityAdmin.id, action: 'disable' }),
      );
      expect(error.code).toBe('own_account_refused');
      expect(await snapshot(t.fx)).toEqual(before);
    });

    it('an admin may not disable an owner', async () => {
      const error = await refusal(
        setUserStatus(t.fx.deps, cityAdmin, { userId: t.users.cityOwner.id, action: 'disable' }),
      );
      expect(error.code).toBe('role_not_allowed');
    });

    it.each(['provinceAdmin', 'siblingAdmin', 'otherAdmin'] as const)(
      'is 404 for %s, changing nothing',
      async (which) => {
        const before = await snapshot(t.fx);
        const error = await refusal(
          setUserStatus(t.fx.deps, cityAdmin, { userId: t.users[which].id, action: 'disable' }),
        );
        expect(error.code).toBe('not_found');
        expect(await snapshot(t.fx)).toEqual(before);
      },
    );

    it('needs users:manage', async () => {
      const viewer = await t.as(t.users.cityViewer);
      const error = await refusal(
        setUserStatus(t.fx.deps, viewer, { userId: t.users.countyOperator.id, action: 'disable' }),
      );
      expect(error.code).toBe('permission_denied');
    });
  });
});
