import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getOrgEntitlements,
  getUserEntitlements,
  sendMessages,
  setOrgEntitlements,
  setUserEntitlements,
  type Principal,
} from '../../src/index.js';
import { errorOf, storedRows } from '../api-fixture.js';
import { createConsoleTree, snapshot, type ConsoleTree } from './orgs-fixture.js';
import { refusal } from './refusal.js';

const ALL = ['alarm', 'verification', 'notification', 'marketing'];

describe('business-type entitlements', () => {
  let t: ConsoleTree;
  let provinceAdmin: Principal;
  let cityAdmin: Principal;
  beforeAll(async () => {
    t = await createConsoleTree();
    provinceAdmin = await t.as(t.users.provinceAdmin);
    cityAdmin = await t.as(t.users.cityAdmin);
  });
  afterAll(() => t?.close());

  describe('orgs', () => {
    it('an org without a list may use everything its parent may', async () => {
      const county = await getOrgEntitlements(t.fx.deps, cityAdmin, { orgId: t.county.id });
      expect(county).toMatchObject({ own: [], effective: ALL, parentEffective: ALL });
      expect(county.businessTypes.map((type) => type.code)).toEqual(ALL);
    });

    it('narrows an org below mine, its subtree with it, and audits it', async () => {
      const city = await setOrgEntitlements(t.fx.deps, provinceAdmin, {
        orgId: t.city.id,
        businessTypes: ['alarm', 'notification', 'verification'],
      });
      expect(city).toMatchObject({
        own: ['alarm', 'verification', 'notification'],
        effective: ['alarm', 'verification', 'notification'],
      });
      const county = await getOrgEntitlements(t.fx.deps, cityAdmin, { orgId: t.county.id });
      expect(county).toMatchObject({ own: [], effective: ['alarm', 'verification', 'notification'] });
      await setOrgEntitlements(t.fx.deps, cityAdmin, { orgId: t.county.id, businessTypes: ['alarm', 'notification'] });
      const department = await getOrgEntitlements(t.fx.deps, cityAdmin, { orgId: t.department.id });
      expect(department).toMatchObject({
        effective: ['alarm', 'notification'],
        parentEffective: ['alarm', 'notification'],
      });
      const audit = await t.fx.prisma.auditEntry.findFirstOrThrow({
        where: { action: 'org.set_business_types', targetId: String(t.city.id) },
      });
      expect(audit.details).toEqual({ before: [], after: ['alarm', 'notification', 'verification'] });
    });

    it('a child may only be given types its parent may use', async () => {
      const before = await snapshot(t.fx);
      const error = await refusal(
        setOrgEntitlements(t.fx.deps, cityAdmin, { orgId: t.county.id, businessTypes: ['alarm', 'marketing'] }),
      );
      expect(error).toMatchObject({
        code: 'business_type_not_allowed',
        status: 403,
        details: { business_types: ['marketing'] },
      });
      expect(await snapshot(t.fx)).toEqual(before);
    });

    it('refuses a business type that does not exist', async () => {
      const error = await refusal(
        setOrgEntitlements(t.fx.deps, cityAdmin, { orgId: t.county.id, businessTypes: ['nope'] }),
      );
      expect(error).toMatchObject({ code: 'unknown_business_type', details: { business_types: ['nope'] } });
    });

    it('an empty list gives the parent’s set back', async () => {
      const department = await setOrgEntitlements(t.fx.deps, cityAdmin, {
        orgId: t.department.id,
        businessTypes: ['alarm'],
      });
      expect(department.effective).toEqual(['alarm']);
      const cleared = await setOrgEntitlements(t.fx.deps, cityAdmin, { orgId: t.department.id, businessTypes: [] });
      expect(cleared).toMatchObject({ own: [], effective: ['alarm', 'notification'] });
    });

    it('refuses my own org and is 404 outside my subtree, changing nothing', async () => {
      expect(
        (await refusal(setOrgEntitlements(t.fx.deps, cityAdmin, { orgId: t.city.id, businessTypes: ALL }))).code,
      ).toBe('own_org_refused');
      const before = await snapshot(t.fx);
      for (const org of [t.sibling, t.province, t.other]) {
        expect(
          (await refusal(setOrgEntitlements(t.fx.deps, cityAdmin, { orgId: org.id, businessTypes: ['alarm'] }))).code,
        ).toBe('not_found');
        expect((await refusal(getOrgEntitlements(t.fx.deps, cityAdmin, { orgId: org.id }))).code).toBe('not_found');
      }
      expect(await snapshot(t.fx)).toEqual(before);
    });

    it('needs orgs:manage to set', async () => {
      const viewer = await t.as(t.users.cityViewer);
      expect(
        (await refusal(setOrgEntitlements(t.fx.deps, viewer, { orgId: t.county.id, businessTypes: [] }))).code,
      ).toBe('permission_denied');
    });
  });

  describe('users', () => {
    it('a user without a list may use its org’s; a list narrows it within the org’s', async () => {
      const operator = t.users.countyOperator;
      expect(await getUserEntitlements(t.fx.deps, cityAdmin, { userId: operator.id })).toMatchObject({
        own: [],
        effective: ['alarm', 'notification'],
        orgEffective: ['alarm', 'notification'],
      });
      const set = await setUserEntitlements(t.fx.deps, cityAdmin, { userId: operator.id, businessTypes: ['alarm'] });
      expect(set).toMatchObject({ own: ['alarm'], effective: ['alarm'] });
      const before = await snapshot(t.fx);
      const error = await refusal(
        setUserEntitlements(t.fx.deps, cityAdmin, { userId: operator.id, businessTypes: ['marketing'] }),
      );
      expect(error.code).toBe('business_type_not_allowed');
      expect(await snapshot(t.fx)).toEqual(before);
    });

    it('is 404 for users outside my subtree and refused for an admin changing an owner', async () => {
      for (const user of [t.users.provinceAdmin, t.users.siblingAdmin, t.users.otherAdmin]) {
        expect((await refusal(getUserEntitlements(t.fx.deps, cityAdmin, { userId: user.id }))).code).toBe('not_found');
        expect(
          (await refusal(setUserEntitlements(t.fx.deps, cityAdmin, { userId: user.id, businessTypes: [] }))).code,
        ).toBe('not_found');
      }
      expect(
        (
          await refusal(
            setUserEntitlements(t.fx.deps, cityAdmin, { userId: t.users.cityOwner.id, businessTypes: ['alarm'] }),
          )
        ).code,
      ).toBe('role_not_allowed');
    });
  });

  describe('at intake', () => {
    const send = (key: string, businessType: string) =>
      t.fx.call(sendMessages, {
        path: '/api/v1/messages',
        key,
        body: { business_type: businessType, to: ['13800138000'], text: '测试' },
      });

    it('refuses an API key of an org not entitled (by an ancestor’s list), storing and charging nothing', async () => {
      // The county may use alarm and notification (its own list, within the city's).
      const key = await t.fx.key(t.department.id);
      const before = await storedRows(t.fx.prisma, t.department.id);
      const response = await send(key, 'marketing');
      expect(response.status).toBe(403);
      expect(errorOf(response)).toMatchObject({
        code: 'business_type_not_allowed',
        details: { business_type: 'marketing', entitlement: 'org' },
      });
      expect(await storedRows(t.fx.prisma, t.department.id)).toEqual(before);
      expect((await send(key, 'notification')).status).toBe(201);
    });

    it('answers concurrent calls of entitled and unentitled orgs each rightly (one coalesced query)', async () => {
      const [refusedKey, allowedKey] = await Promise.all([t.fx.key(t.county.id), t.fx.key(t.sibling.id)]);
      t.fx.statements.length = 0;
      const responses = await Promise.all([
        send(refusedKey, 'verification'),
        send(allowedKey, 'verification'),
        send(refusedKey, 'alarm'),
        send(allowedKey, 'marketing'),
      ]);
      expect(responses.map((r) => r.status)).toEqual([403, 201, 201, 201]);
      const entitlementQueries = t.fx.statements.filter((sql) => sql.includes('org_business_types'));
      expect(entitlementQueries.length).toBeGreaterThanOrEqual(1);
      expect(entitlementQueries.length).toBeLessThan(4);
    });

    it('a console user’s own list applies too', async () => {
      const query = (userId: bigint | null, code: string) =>
        t.fx.deps.intakeReferences.load({
          orgId: t.county.id,
          orgPath: t.county.path,
          businessTypeCode: code,
          userId,
          nationalNumbers: [],
          blacklistCandidates: [],
        });
      const operator = t.users.countyOperator.id; // may send alarm only
      const [userNotification, userAlarm, keyNotification, userMarketing] = await Promise.all([
        query(operator, 'notification'),
        query(operator, 'alarm'),
        query(null, 'notification'),
        query(operator, 'marketing'),
      ]);
      expect(userNotification.businessType?.notEntitled).toBe('user');
      expect(userAlarm.businessType?.notEntitled).toBeNull();
      expect(keyNotification.businessType?.notEntitled).toBeNull();
      expect(userMarketing.businessType?.notEntitled).toBe('org');
    });

    it('a list narrowed above later still binds a child that kept a wider list', async () => {
      // The county lists alarm + notification; the city now drops notification.
      await setOrgEntitlements(t.fx.deps, provinceAdmin, { orgId: t.city.id, businessTypes: ['alarm'] });
      const key = await t.fx.key(t.county.id);
      expect(errorOf(await send(key, 'notification')).code).toBe('business_type_not_allowed');
      expect((await getOrgEntitlements(t.fx.deps, cityAdmin, { orgId: t.county.id })).effective).toEqual(['alarm']);
    });
  });
});
