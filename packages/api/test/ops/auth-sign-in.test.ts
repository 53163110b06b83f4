import { hashPassword as scryptHash, type Org } from '@smshub/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/index.js';
import {
  changeMyPassword,
  endMyOtherSessions,
  endMySession,
  getMyBindings,
  hashPassword,
  listMySessions,
  LOCKOUT_MS,
  principalOfSession,
  resetPassword,
  sendCode,
  setMyBindings,
  signInWithCode,
  signInWithDirectory,
  signInWithPassword,
  type Principal,
} from '../../src/index.js';
import { createApiFixture, type ApiFixture } from '../api-fixture.js';
import { freshPhone, lastCode, letPlatformSend } from './auth-fixture.js';
import { startSlapd, type Slapd } from './slapd.js';
import { refusal } from './refusal.js';

const SUFFIX = 'dc=grid,dc=test';
const LDIF = `dn: ${SUFFIX}
objectClass: dcObject
objectClass: organization
o: State Grid test
dc: grid

dn: ou=people,${SUFFIX}
objectClass: organizationalUnit
ou: people

dn: cn=reader,${SUFFIX}
objectClass: simpleSecurityObject
objectClass: organizationalRole
cn: reader
userPassword: reader-secret

dn: uid=wangwu,ou=people,${SUFFIX}
objectClass: inetOrgPerson
uid: wangwu
cn: Wang Wu
sn: Wang
displayName: 王五
mail: wangwu@grid.test
userPassword: grid-pass-1

dn: uid=dup,ou=people,${SUFFIX}
objectClass: inetOrgPerson
uid: dup
cn: Dup One
sn: One
userPassword: dup-pass-1

dn: uid=dup,${SUFFIX}
objectClass: inetOrgPerson
uid: dup
cn: Dup Two
sn: Two
userPassword: dup-pass-1
`;

describe('sign-in, lockout, bindings and the account', () => {
  let fx: ApiFixture;
  let slapd: Slapd;
  let org: Org;
  let addressSequence = 0;
  /** A fresh address per sign-in, so the per-address limit is not what a test meets. */
  const client = (address?: string) => ({
    address: address ?? `198.51.${Math.floor(++addressSequence / 250)}.${addressSequence % 250}`,
    userAgent: 'vitest',
  });

  beforeAll(async () => {
    fx = await createApiFixture();
    await letPlatformSend(fx);
    org = await fx.org();
    slapd = await startSlapd(SUFFIX, LDIF);
  });
  afterAll(async () => {
    await slapd?.stop();
    await fx?.close();
  });
  beforeEach(() => {
    fx.clockOffsetMs = 0;
  });

  let userSequence = 0;
  async function user(options: { password?: string; phone?: string; orgId?: bigint; scrypt?: boolean } = {}) {
    const password = options.password ?? 'right password 1';
    const phone = options.phone ?? freshPhone();
    const created = await fx.prisma.user.create({
      data: {
        orgId: options.orgId ?? org.id,
        email: `user${++userSequence}@example.com`,
        name: `user ${userSequence}`,
        passwordHash: options.scrypt === true ? await scryptHash(password) : await hashPassword(password),
        role: 'admin',
        phone,
      },
    });
    return { ...created, password };
  }

  async function principalOf(sessionId: string, address = '198.51.100.1'): Promise<Principal> {
    const principal = await principalOfSession(fx.deps, sessionId, { address, userAgent: null });
    if (principal === null) throw new Error('no principal');
    return principal;
  }

  describe('password', () => {
    it('opens a session by e-mail or mobile number, case-insensitively', async () => {
      const u = await user();
      const byEmail = await signInWithPassword(
        fx.deps,
        { login: u.email.toUpperCase(), password: u.password },
        client(),
      );
      expect(byEmail.userId).toBe(u.id);
      const session = await fx.prisma.userSession.findUniqueOrThrow({ where: { id: byEmail.sessionId } });
      expect(session).toMatchObject({ userId: u.id, method: 'password', userAgent: 'vitest' });
      const byPhone = await signInWithPassword(fx.deps, { login: u.phone ?? '', password: u.password }, client());
      expect(byPhone.userId).toBe(u.id);
    });

    it('answers a wrong password and an unknown login alike', async () => {
      const u = await user();
      const wrong = await refusal(signInWithPassword(fx.deps, { login: u.email, password: 'nope nope 1' }, client()));
      const nobody = await refusal(
        signInWithPassword(fx.deps, { login: 'nobody@example.com', password: 'nope nope 1' }, client()),
      );
      expect([wrong.code, wrong.message]).toEqual([nobody.code, nobody.message]);
      expect(wrong.code).toBe('invalid_credentials');
    });

    it('locks the account for 15 minutes after 5 wrong passwords, then lets the right one in', async () => {
      const u = await user();
      for (let i = 0; i < 5; i++) {
        expect(
          (await refusal(signInWithPassword(fx.deps, { login: u.email, password: `wrong ${i}x` }, client()))).code,
        ).toBe('invalid_credentials');
      }
      const locked = await refusal(signInWithPassword(fx.deps, { login: u.email, password: u.password }, client()));
      expect(locked.code).toBe('account_locked');
      const row = await fx.prisma.user.findUniqueOrThrow({ where: { id: u.id } });
      expect(row.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + LOCKOUT_MS - 60_000);
      fx.clockOffsetMs = LOCKOUT_MS + 1000;
      await signInWithPassword(fx.deps, { login: u.email, password: u.password }, client());
      const after = await fx.prisma.user.findUniqueOrThrow({ where: { id: u.id } });
      expect([after.failedLogins, after.lockedUntil]).toEqual([0, null]);
    });

    it('rehashes an scrypt password to argon2id at the first sign-in', async () => {
      const u = await user({ scrypt: true });
      expect(u.passwordHash.startsWith('scrypt$')).toBe(true);
      await signInWithPassword(fx.deps, { login: u.email, password: u.password }, client());
      const row = await fx.prisma.user.findUniqueOrThrow({ where: { id: u.id } });
      expect(row.passwordHash).toMatch(/^\$argon2id\$/);
      await signInWithPassword(fx.deps, { login: u.email, password: u.password }, client());
    });

    it.each([
      ['pending', 'account_pending'],
      ['refused', 'account_refused'],
      ['suspended', 'org_suspended'],
      ['closed', 'org_closed'],
    ] as const)('refuses the users of a %s org: %s', async (status, code) => {
      const other = await fx.org();
      await fx.prisma.org.update({ where: { id: other.id }, data: { status } });
      const u = await user({ orgId: other.id });
      expect(
        (await refusal(signInWithPassword(fx.deps, { login: u.email, password: u.password }, client()))).code,
      ).toBe(code);
      // A wrong password to such an org is still just wrong: the status is told only to the owner.
      expect(
        (await refusal(signInWithPassword(fx.deps, { login: u.email, password: 'x wrong 1' }, client()))).code,
      ).toBe('invalid_credentials');
    });

    it('lets the users of a frozen org sign in and act, marked frozen (they must see why and recharge)', async () => {
      const other = await fx.org();
      await fx.prisma.org.update({ where: { id: other.id }, data: { status: 'frozen', frozenAt: new Date() } });
      const u = await user({ orgId: other.id });
      const { sessionId } = await signInWithPassword(fx.deps, { login: u.email, password: u.password }, client());
      const principal = await principalOf(sessionId, '10.9.8.7');
      expect(principal.orgFrozen).toBe(true);
      expect(principal.orgId).toBe(other.id);
    });

    it('refuses a disabled user', async () => {
      const u = await user();
      await fx.prisma.user.update({ where: { id: u.id }, data: { status: 'disabled' } });
      expect(
        (await refusal(signInWithPassword(fx.deps, { login: u.email, password: u.password }, client()))).code,
      ).toBe('account_disabled');
    });

    it('limits attempts per login and per address', async () => {
      const u = await user();
      const address = '203.0.113.200';
      let last: ApiError | null = null;
      for (let i = 0; i < 31 && last?.code !== 'rate_limited'; i++) {
        last = await refusal(
          signInWithPassword(fx.deps, { login: `x${i}@example.com`, password: 'x wrong 1' }, client(address)),
        );
      }
      expect(last?.details).toMatchObject({ limit: 'signin:address' });
      // Per login: a few distinct addresses, one login.
      const login = `nobody-${u.id}@example.com`;
      for (let i = 0; i < 10; i++)
        await refusal(signInWithPassword(fx.deps, { login, password: 'x wrong 1' }, client()));
      expect(
        (await refusal(signInWithPassword(fx.deps, { login, password: 'x wrong 1' }, client()))).details,
      ).toMatchObject({
        limit: 'signin:login',
      });
    });
  });

  describe('bindings', () => {
    it('refuses a sign-in from an address outside the bound ones, and audits it', async () => {
      const u = await user();
      await fx.prisma.user.update({ where: { id: u.id }, data: { boundIps: ['10.1.0.0/16'] } });
      const error = await refusal(
        signInWithPassword(fx.deps, { login: u.email, password: u.password }, client('192.0.2.7')),
      );
      expect([error.code, error.details]).toEqual(['binding_refused', { binding: 'address' }]);
      const audit = await fx.prisma.auditEntry.findFirstOrThrow({
        where: { userId: u.id, action: 'user.sign_in_refused' },
      });
      expect(audit).toMatchObject({ orgId: org.id, address: '192.0.2.7' });
      await signInWithPassword(fx.deps, { login: u.email, password: u.password }, client('10.1.2.3'));
    });

    it('sets bindings: new numbers need their bind code, the address list must include mine', async () => {
      const u = await user();
      const { sessionId } = await signInWithPassword(fx.deps, { login: u.email, password: u.password }, client());
      const me = await principalOf(sessionId, '10.9.8.7');
      const extra = freshPhone();
      expect((await refusal(setMyBindings(fx.deps, me, { phones: [extra], addresses: [], codes: {} }))).code).toBe(
        'invalid_code',
      );
      expect(
        (await refusal(setMyBindings(fx.deps, me, { phones: [], addresses: ['192.0.2.0/24'], codes: {} }))).code,
      ).toBe('validation_error');
      expect(
        (await refusal(setMyBindings(fx.deps, me, { phones: [], addresses: ['not-an-ip'], codes: {} }))).code,
      ).toBe('validation_error');
      await sendCode(fx.deps, me, { purpose: 'bind', phone: extra, address: '10.9.8.7' });
      const code = await lastCode(fx, extra);
      const set = await setMyBindings(fx.deps, me, {
        phones: [extra],
        addresses: ['10.9.0.0/16'],
        codes: { [extra]: code },
      });
      expect(set).toEqual({ phones: [extra], addresses: ['10.9.0.0/16'] });
      expect(await getMyBindings(fx.deps, me)).toEqual({ phones: [extra], addresses: ['10.9.0.0/16'] });

      // SMS sign-in now works with the bound number, and not with the account's own.
      await sendCode(fx.deps, null, { purpose: 'signin', phone: extra, address: null });
      await signInWithCode(fx.deps, { phone: extra, code: await lastCode(fx, extra) }, client('10.9.1.1'));
      await sendCode(fx.deps, null, { purpose: 'signin', phone: u.phone ?? '', address: null });
      const error = await refusal(
        signInWithCode(fx.deps, { phone: u.phone ?? '', code: await lastCode(fx, u.phone ?? '') }, client('10.9.1.1')),
      );
      expect(error.details).toEqual({ binding: 'phone' });
    });
  });

  describe('SMS code', () => {
    it('signs in with the code sent for sign-in, once', async () => {
      const u = await user();
      await sendCode(fx.deps, null, { purpose: 'signin', phone: u.phone ?? '', address: null });
      const code = await lastCode(fx, u.phone ?? '');
      const signedIn = await signInWithCode(fx.deps, { phone: u.phone ?? '', code }, client());
      expect(signedIn.userId).toBe(u.id);
      expect((await fx.prisma.userSession.findUniqueOrThrow({ where: { id: signedIn.sessionId } })).method).toBe('sms');
      expect((await refusal(signInWithCode(fx.deps, { phone: u.phone ?? '', code }, client()))).code).toBe(
        'code_expired',
      );
    });

    it('refuses a wrong code', async () => {
      const u = await user();
      await sendCode(fx.deps, null, { purpose: 'signin', phone: u.phone ?? '', address: null });
      const code = await lastCode(fx, u.phone ?? '');
      const wrong = code === '123456' ? '654321' : '123456';
      expect((await refusal(signInWithCode(fx.deps, { phone: u.phone ?? '', code: wrong }, client()))).code).toBe(
        'invalid_code',
      );
    });
  });

  describe('directory (LDAP)', () => {
    let gridOrg: Org;
    beforeAll(async () => {
      gridOrg = await fx.org();
      await fx.prisma.orgDirectory.create({
        data: {
          orgId: gridOrg.id,
          url: slapd.url,
          baseDn: SUFFIX,
          userFilter: '(&(objectClass=inetOrgPerson)(uid={uid}))',
          bindDn: `cn=reader,${SUFFIX}`,
          bindPassword: 'reader-secret',
          defaultRole: 'operator',
        },
      });
    });
    const signIn = (login: string, password: string, orgCode = gridOrg.extensionCode ?? '') =>
      signInWithDirectory(fx.deps, { org: orgCode, login, password }, client());

    it('creates the user at the first sign-in with the directory’s default role, finds it after', async () => {
      const first = await signIn('wangwu', 'grid-pass-1');
      const created = await fx.prisma.user.findUniqueOrThrow({ where: { id: first.userId } });
      expect(created).toMatchObject({
        orgId: gridOrg.id,
        directoryUid: 'wangwu',
        name: '王五',
        email: 'wangwu@grid.test',
        role: 'operator',
      });
      const second = await signIn('wangwu', 'grid-pass-1');
      expect(second.userId).toBe(first.userId);
      expect((await fx.prisma.userSession.findUniqueOrThrow({ where: { id: second.sessionId } })).method).toBe(
        'directory',
      );
      // The directory password is not a console password.
      expect(
        (await refusal(signInWithPassword(fx.deps, { login: 'wangwu@grid.test', password: 'grid-pass-1' }, client())))
          .code,
      ).toBe('invalid_credentials');
    });

    it.each([
      ['a wrong password', 'wangwu', 'wrong-pass'],
      ['an empty password (an anonymous bind)', 'wangwu', ''],
      ['an unknown uid', 'nobody', 'grid-pass-1'],
      ['a filter injection', '*', 'grid-pass-1'],
      ['a uid with two entries', 'dup', 'dup-pass-1'],
    ])('refuses %s', async (_name, login, password) => {
      expect((await refusal(signIn(login, password))).code).toBe('invalid_credentials');
    });

    it('refuses an org without a directory, and says so when the directory is down', async () => {
      expect((await refusal(signIn('wangwu', 'grid-pass-1', org.extensionCode ?? ''))).code).toBe(
        'invalid_credentials',
      );
      const down = await fx.org();
      await fx.prisma.orgDirectory.create({
        data: { orgId: down.id, url: 'ldap://127.0.0.1:1', baseDn: SUFFIX },
      });
      expect((await refusal(signIn('wangwu', 'grid-pass-1', down.extensionCode ?? ''))).code).toBe(
        'directory_unavailable',
      );
    });
  });

  describe('the account', () => {
    it('lists my sessions, ends one, ends all others', async () => {
      const u = await user();
      const sessions = [];
      for (let i = 0; i < 3; i++) {
        sessions.push(await signInWithPassword(fx.deps, { login: u.email, password: u.password }, client()));
      }
      const me = await principalOf(sessions[0]?.sessionId ?? '');
      const listed = await listMySessions(fx.deps, me);
      expect(listed).toHaveLength(3);
      expect(listed.filter((s) => s.current).map((s) => s.id)).toEqual([sessions[0]?.sessionId]);
      await endMySession(fx.deps, me, { sessionId: sessions[1]?.sessionId ?? '' });
      expect(await principalOfSession(fx.deps, sessions[1]?.sessionId ?? '', client())).toBeNull();
      // Someone else's session is not mine to end.
      const other = await user();
      const theirs = await signInWithPassword(fx.deps, { login: other.email, password: other.password }, client());
      expect((await refusal(endMySession(fx.deps, me, { sessionId: theirs.sessionId }))).code).toBe('not_found');
      expect(await endMyOtherSessions(fx.deps, me)).toEqual({ ended: 1 });
      expect((await listMySessions(fx.deps, me)).map((s) => s.id)).toEqual([sessions[0]?.sessionId]);
    });

    it('changes my password with the old one, ending my other sessions', async () => {
      const u = await user();
      const a = await signInWithPassword(fx.deps, { login: u.email, password: u.password }, client());
      const b = await signInWithPassword(fx.deps, { login: u.email, password: u.password }, client());
      const me = await principalOf(a.sessionId);
      expect(
        (await refusal(changeMyPassword(fx.deps, me, { oldPassword: 'wrong one 1', newPassword: 'new password 2' })))
          .code,
      ).toBe('invalid_credentials');
      expect(
        (await refusal(changeMyPassword(fx.deps, me, { oldPassword: u.password, newPassword: 'short' }))).code,
      ).toBe('weak_password');
      await changeMyPassword(fx.deps, me, { oldPassword: u.password, newPassword: 'new password 2' });
      expect(await principalOfSession(fx.deps, b.sessionId, client())).toBeNull();
      expect(await principalOfSession(fx.deps, a.sessionId, client())).not.toBeNull();
      await signInWithPassword(fx.deps, { login: u.email, password: 'new password 2' }, client());
      expect(await fx.prisma.auditEntry.count({ where: { userId: u.id, action: 'user.change_password' } })).toBe(1);
    });

    it('resets a forgotten password by SMS code, unlocking the account and ending its sessions', async () => {
      const u = await user();
      const old = await signInWithPassword(fx.deps, { login: u.email, password: u.password }, client());
      await fx.prisma.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() + LOCKOUT_MS) } });
      await sendCode(fx.deps, null, { purpose: 'reset', phone: u.phone ?? '', address: null });
      const code = await lastCode(fx, u.phone ?? '');
      expect(
        (await refusal(resetPassword(fx.deps, { phone: u.phone ?? '', code, newPassword: 'weak', address: null })))
          .code,
      ).toBe('weak_password');
      await resetPassword(fx.deps, { phone: u.phone ?? '', code, newPassword: 'fresh start 3', address: '192.0.2.9' });
      expect(await principalOfSession(fx.deps, old.sessionId, client())).toBeNull();
      await signInWithPassword(fx.deps, { login: u.email, password: 'fresh start 3' }, client());
      expect(
        (
          await refusal(
            resetPassword(fx.deps, { phone: u.phone ?? '', code, newPassword: 'again 4 again', address: null }),
          )
        ).code,
      ).toBe('code_expired');
    });
  });
});
