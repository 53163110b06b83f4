import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChildOrg, listAudit, setUserRole, updateOrg, type Principal } from '../../src/index.js';
import { createConsoleTree, type ConsoleTree } from './orgs-fixture.js';
import { refusal } from './refusal.js';

describe('audit log', () => {
  let t: ConsoleTree;
  let cityAdmin: Principal;
  let siblingAdmin: Principal;
  let provinceAdmin: Principal;
  let platformAdmin: Principal;
  let startedAt: Date;
  beforeAll(async () => {
    t = await createConsoleTree();
    cityAdmin = await t.as(t.users.cityAdmin);
    siblingAdmin = await t.as(t.users.siblingAdmin);
    provinceAdmin = await t.as(t.users.provinceAdmin);
    platformAdmin = await t.as(await t.user(t.fx.platform, 'admin'));
    startedAt = new Date(Date.now() - 1000);
    // Entries in the city's subtree (by the city's admin and by the province's), the sibling's and the other province's.
    await updateOrg(t.fx.deps, cityAdmin, { orgId: t.county.id, dailyLimit: 100 });
    await setUserRole(t.fx.deps, cityAdmin, { userId: t.users.countyOperator.id, role: 'viewer' });
    await updateOrg(t.fx.deps, provinceAdmin, { orgId: t.city.id, rateLimit: 20 });
    await createChildOrg(t.fx.deps, siblingAdmin, { parentId: t.sibling.id, name: '邻县', kind: 'county' });
    await createChildOrg(t.fx.deps, await t.as(t.users.otherAdmin), {
      parentId: t.other.id,
      name: '他市',
      kind: 'city',
    });
  });
  afterAll(() => t?.close());

  it('shows entries about orgs of my subtree, newest first, with the actor', async () => {
    const page = await listAudit(t.fx.deps, cityAdmin);
    expect(page.items.map((e) => e.action)).toEqual(['org.update', 'user.set_role', 'org.update']);
    expect(page.total).toBe(3);
    const mine = page.items.find((e) => e.action === 'user.set_role');
    expect(mine).toMatchObject({
      orgId: t.county.id,
      userId: t.users.cityAdmin.id,
      userEmail: t.users.cityAdmin.email,
    });
    // The province's admin acted on the city: shown, but the actor above is named by id only.
    expect(page.items[0]).toMatchObject({ orgId: t.city.id, userId: t.users.provinceAdmin.id, userEmail: null });
    expect(page.items[0]?.address).toBe('198.51.100.10');
  });

  it('never shows a sibling’s or an unrelated org’s entries; the platform sees all', async () => {
    const siblings = await listAudit(t.fx.deps, siblingAdmin);
    expect(siblings.items.map((e) => e.action)).toEqual(['org.create']);
    expect((await listAudit(t.fx.deps, cityAdmin, { orgId: t.sibling.id })).total).toBe(0);
    expect((await listAudit(t.fx.deps, platformAdmin)).total).toBe(5);
  });

  it('filters by action (exact or prefix), actor, org and time, paged', async () => {
    expect((await listAudit(t.fx.deps, platformAdmin, { action: 'org.create' })).total).toBe(2);
    expect((await listAudit(t.fx.deps, platformAdmin, { action: 'user.' })).total).toBe(1);
    expect((await listAudit(t.fx.deps, platformAdmin, { userId: t.users.provinceAdmin.id })).total).toBe(1);
    expect((await listAudit(t.fx.deps, cityAdmin, { orgId: t.county.id })).total).toBe(2);
    expect(
      (await listAudit(t.fx.deps, platformAdmin, { from: startedAt, to: new Date(Date.now() + 1000) })).total,
    ).toBe(5);
    expect((await listAudit(t.fx.deps, platformAdmin, { to: startedAt })).total).toBe(0);
    const first = await listAudit(t.fx.deps, platformAdmin, { page: 1, pageSize: 2 });
    const third = await listAudit(t.fx.deps, platformAdmin, { page: 3, pageSize: 2 });
    expect(first.items).toHaveLength(2);
    expect(third.items).toHaveLength(1);
    expect(third.total).toBe(5);
  });

  it('refuses a range that ends before it starts', async () => {
    const error = await refusal(listAudit(t.fx.deps, cityAdmin, { from: new Date(), to: startedAt }));
    expect(error.code).toBe('validation_error');
  });

  it('needs audit:read', async () => {
    expect((await refusal(listAudit(t.fx.deps, await t.as(t.users.cityViewer)))).code).toBe('permission_denied');
    expect((await refusal(listAudit(t.fx.deps, t.asKey(t.city)))).code).toBe('insufficient_scope');
  });
});
