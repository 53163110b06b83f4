/**
 * A sample input for every procedure of the auth, signups and account routers, for the access
 * test that calls each one as principals who must be refused (packages/trpc/test/access.test.ts).
 * The lead's fixture type is not on main yet: `AccessFixture` below names what these samples
 * need of it — a victim org's pending application and barred entry, and a phone number.
 */
export interface AccessFixture {
  readonly victim: {
    /** An org signed up online, still pending (org_identities row present). */
    readonly pendingOrgId: bigint | string;
    /** An entry of the barred list. */
    readonly barredId: bigint | string;
    /** A session id of a user of the victim org. */
    readonly sessionId: string;
  };
}

const PNG_BASE64 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64');

export const authSamples = {
  // Public: no refusal expected for anyone; listed so the walk finds every procedure.
  'auth.sendCode': () => ({ purpose: 'signup', phone: '13800138999' }),
  'auth.signUp': () => ({
    companyName: '访问测试公司',
    creditCode: '91350100M000100Y43',
    contactName: '测试',
    identityNumber: '11010519491231002X',
    phone: '13800138999',
    code: '000000',
    password: 'access test 1',
    licence: { type: 'image/png', data: PNG_BASE64 },
  }),
  'auth.resetPassword': () => ({ phone: '13800138999', code: '000000', newPassword: 'access test 1' }),

  // signups:review, platform only: every other org gets NOT_FOUND, platform roles without it FORBIDDEN.
  'signups.list': () => ({ status: 'pending', page: 1, pageSize: 20 }),
  'signups.get': (fx: AccessFixture) => ({ orgId: String(fx.victim.pendingOrgId) }),
  'signups.licence': (fx: AccessFixture) => ({ orgId: String(fx.victim.pendingOrgId) }),
  'signups.approve': (fx: AccessFixture) => ({ orgId: String(fx.victim.pendingOrgId) }),
  'signups.refuse': (fx: AccessFixture) => ({ orgId: String(fx.victim.pendingOrgId), reason: '访问测试' }),
  'signups.barredList': () => ({ page: 1, pageSize: 20 }),
  'signups.barredAdd': () => ({
    kind: 'company',
    identifier: '91330100716105852F',
    name: '访问测试',
    reason: '访问测试',
  }),
  'signups.barredRemove': (fx: AccessFixture) => ({ id: String(fx.victim.barredId) }),

  // Any signed-in user, about their own account only: acting on the victim's session is NOT_FOUND.
  'account.sessions': () => undefined,
  'account.endSession': (fx: AccessFixture) => ({ sessionId: fx.victim.sessionId }),
  'account.endOtherSessions': () => undefined,
  'account.changePassword': () => ({ oldPassword: 'not the password 1', newPassword: 'access test 2' }),
  'account.bindings': () => undefined,
  'account.setBindings': () => ({ phones: [], addresses: [], codes: {} }),
  'account.sendBindCode': () => ({ phone: '13800138999' }),
} as const;
