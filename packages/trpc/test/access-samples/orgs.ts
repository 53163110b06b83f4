/**
 * Sample inputs for the access test (access.test.ts walks every procedure of appRouter and calls
 * it as a sibling org, a child org, an unrelated org and each role lacking the permission): each
 * aims at the victim's objects, so a procedure that forgot its tenant check would change or show
 * them. Covers the orgs, users and audit routers.
 *
 * The lead finalises the fixture type; until then this file names what it needs of it
 * (`AccessSampleFixture`): the victim org, an org below it, and a user of the victim org.
 */
export interface AccessSampleFixture {
  readonly victim: {
    /** The victim's org (its id as tRPC takes it). */
    readonly orgId: string;
    /** An org strictly below the victim's org. */
    readonly childOrgId: string;
    /** A user of the victim's org (its owner), and its operator (whom a parent admin may change). */
    readonly userId: string;
    readonly operatorUserId: string;
  };
}

export const orgsSamples = {
  'orgs.tree': () => undefined,
  'orgs.get': (f: AccessSampleFixture) => ({ orgId: f.victim.childOrgId }),
  'orgs.create': (f: AccessSampleFixture) => ({
    parentId: f.victim.orgId,
    name: 'intruder',
    kind: 'department' as const,
  }),
  'orgs.update': (f: AccessSampleFixture) => ({ orgId: f.victim.childOrgId, name: 'taken over', dailyLimit: 1 }),
  'orgs.disable': (f: AccessSampleFixture) => ({ orgId: f.victim.childOrgId }),
  'orgs.enable': (f: AccessSampleFixture) => ({ orgId: f.victim.childOrgId }),
  'orgs.close': (f: AccessSampleFixture) => ({ orgId: f.victim.childOrgId }),
  'orgs.entitlements': (f: AccessSampleFixture) => ({ orgId: f.victim.childOrgId }),
  'orgs.setEntitlements': (f: AccessSampleFixture) => ({ orgId: f.victim.childOrgId, businessTypes: ['alarm'] }),
  'users.list': (f: AccessSampleFixture) => ({ orgId: f.victim.orgId }),
  'users.create': (f: AccessSampleFixture) => ({
    orgId: f.victim.orgId,
    email: `intruder-${Date.now()}@example.cn`,
    name: 'intruder',
    role: 'viewer' as const,
  }),
  'users.setRole': (f: AccessSampleFixture) => ({ userId: f.victim.operatorUserId, role: 'viewer' as const }),
  'users.disable': (f: AccessSampleFixture) => ({ userId: f.victim.operatorUserId }),
  'users.enable': (f: AccessSampleFixture) => ({ userId: f.victim.operatorUserId }),
  'users.entitlements': (f: AccessSampleFixture) => ({ userId: f.victim.userId }),
  'users.setEntitlements': (f: AccessSampleFixture) => ({ userId: f.victim.operatorUserId, businessTypes: ['alarm'] }),
  'audit.list': (f: AccessSampleFixture) => ({ orgId: f.victim.orgId }),
} satisfies Record<string, (fixture: AccessSampleFixture) => unknown>;
