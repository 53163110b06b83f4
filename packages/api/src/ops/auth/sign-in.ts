import type { OrgStatus, Prisma, UserRole, UserStatus } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import { IpAllowList } from '../../v1/auth/ip-allow-list.js';
import type { ApiDeps } from '../../v1/deps.js';
import { consumeCode } from './codes.js';
import { findDirectoryUser } from './directory.js';
import { hashPassword, verifyNobody, verifyPassword } from './passwords.js';
import { maskMobile, normalizeMobile } from './phones.js';
import { SIGN_INS_PER_ADDRESS, SIGN_INS_PER_LOGIN, takeRateLimits } from './rate-limits.js';
import { createSession, type SessionClient, type SignInMethod } from './session.js';

export interface PasswordSignIn {
  /** E-mail address or mobile number. */
  readonly login: string;
  readonly password: string;
}

export interface CodeSignIn {
  readonly phone: string;
  readonly code: string;
}

export interface DirectorySignIn {
  /** The org's extension code (单位编号), which names the directory to ask. */
  readonly org: string;
  /** The user's name in the directory (uid). */
  readonly login: string;
  readonly password: string;
}

export interface SignedIn {
  readonly sessionId: string;
  readonly userId: bigint;
}

/** Wrong passwords in a row before the account is locked, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

/** Why an org's users cannot sign in, by status. */
const ORG_REFUSALS: Partial<Record<OrgStatus, readonly [ApiError['code'], string]>> = {
  pending: ['account_pending', 'the application is waiting for a platform operator’s approval'],
  refused: ['account_refused', 'the application was refused'],
  suspended: ['org_suspended', 'the organisation is suspended'],
  closed: ['org_closed', 'the organisation is closed'],
};

type CandidateUser = {
  id: bigint;
  orgId: bigint;
  passwordHash: string;
  status: UserStatus;
  phone: string | null;
  boundPhones: string[];
  boundIps: string[];
  lockedUntil: Date | null;
  org: { status: OrgStatus };
};

const candidateSelect = {
  id: true,
  orgId: true,
  passwordHash: true,
  status: true,
  phone: true,
  boundPhones: true,
  boundIps: true,
  lockedUntil: true,
  org: { select: { status: true } },
} as const satisfies Prisma.UserSelect;

/**
 * Password sign-in: the e-mail or mobile number and password → a new session id. A wrong login
 * and a wrong password get the same answer (and take as long), so nobody learns which accounts
 * exist. Counted per address and per login in Redis; MAX_FAILED_LOGINS wrong passwords in a row
 * lock the account for LOCKOUT_MS (users.locked_until, so every process sees it). A right password
 * of an older hash scheme is rehashed to argon2id.
 */
export async function signInWithPassword(
  deps: ApiDeps,
  input: PasswordSignIn,
  client: SessionClient,
): Promise<SignedIn> {
  const login = input.login.trim().toLowerCase();
  if (login.length === 0 || input.password.length === 0) {
    throw new ApiError('invalid_credentials', 'enter your e-mail or mobile number and your password');
  }
  await takeRateLimits(deps, [
    { limit: SIGN_INS_PER_ADDRESS, subject: client.address },
    { limit: SIGN_INS_PER_LOGIN, subject: login },
  ]);
  const user = await deps.prisma.user.findFirst({
    where: /^\d{11}$/.test(login) ? { phone: login } : { email: login },
    select: candidateSelect,
  });
  if (user === null) {
    await verifyNobody(input.password);
    throw new ApiError('invalid_credentials', 'wrong e-mail/mobile number or password');
  }
  refuseLocked(deps, user);
  const verdict = await verifyPassword(input.password, user.passwordHash);
  if (!verdict.ok) {
    await countFailure(deps, user);
    throw new ApiError('invalid_credentials', 'wrong e-mail/mobile number or password');
  }
  await refuseUnusable(deps, user, client, 'password');
  if (verdict.needsRehash) {
    await deps.prisma.user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword(input.password) },
    });
  }
  return open(deps, user, 'password', client);
}

/** SMS sign-in: a code sent for "signin" to the account's number (or one of its bound numbers). */
export async function signInWithCode(deps: ApiDeps, input: CodeSignIn, client: SessionClient): Promise<SignedIn> {
  const phone = normalizeMobile(input.phone);
  await takeRateLimits(deps, [
    { limit: SIGN_INS_PER_ADDRESS, subject: client.address },
    { limit: SIGN_INS_PER_LOGIN, subject: phone },
  ]);
  await consumeCode(deps, { purpose: 'signin', phone, code: input.code.trim() });
  const user = await findUserByPhone(deps, phone);
  if (user === null) throw new ApiError('invalid_credentials', 'no account signs in with this number');
  refuseLocked(deps, user);
  await refuseUnusable(deps, user, client, 'sms', phone);
  return open(deps, user, 'sms', client);
}

/**
 * The user whose sign-in number this is: users.phone, or one of bound_phones. Shared by code
 * sending and SMS sign-in, so a code is sent exactly to the numbers that may use it.
 */
export async function findUserByPhone(deps: Pick<ApiDeps, 'prisma'>, phone: string): Promise<CandidateUser | null> {
  return deps.prisma.user.findFirst({
    where: { OR: [{ phone }, { boundPhones: { has: phone } }] },
    orderBy: { id: 'asc' },
    select: candidateSelect,
  });
}

/**
 * Directory sign-in: the org's LDAP server is searched with its service account for the login,
 * then bound as the entry found with the password given. The first sign-in creates the console
 * user (the directory's default role); later ones find it by its uid. The password is never kept.
 */
export async function signInWithDirectory(
  deps: ApiDeps,
  input: DirectorySignIn,
  client: SessionClient,
): Promise<SignedIn> {
  const orgCode = input.org.trim();
  const login = input.login.trim();
  if (orgCode === '' || login === '' || input.password.length === 0) {
    throw new ApiError('invalid_credentials', 'enter your organisation code, directory name and password');
  }
  await takeRateLimits(deps, [
    { limit: SIGN_INS_PER_ADDRESS, subject: client.address },
    { limit: SIGN_INS_PER_LOGIN, subject: `dir:${orgCode}:${login.toLowerCase()}` },
  ]);
  const org = await deps.prisma.org.findUnique({
    where: { extensionCode: orgCode },
    select: { id: true, status: true, directory: true },
  });
  if (org === null || org.directory === null || !org.directory.enabled) {
    throw new ApiError('invalid_credentials', 'wrong organisation code, directory name or password');
  }
  const entry = await findDirectoryUser(org.directory, login, input.password);
  if (entry === null) throw new ApiError('invalid_credentials', 'wrong organisation code, directory name or password');

  let user = await deps.prisma.user.findFirst({
    where: { orgId: org.id, directoryUid: entry.uid },
    select: candidateSelect,
  });
  if (user === null) {
    const refusal = ORG_REFUSALS[org.status];
    if (refusal !== undefined) throw new ApiError(refusal[0], refusal[1]);
    user = await createDirectoryUser(deps, org.id, org.directory.defaultRole, entry);
  }
  refuseLocked(deps, user);
  await refuseUnusable(deps, user, client, 'directory');
  return open(deps, user, 'directory', client);
}

async function createDirectoryUser(
  deps: ApiDeps,
  orgId: bigint,
  role: UserRole,
  entry: { readonly uid: string; readonly name: string; readonly mail: string | null },
): Promise<CandidateUser> {
  const mail = entry.mail?.toLowerCase() ?? null;
  const taken = mail === null ? true : (await deps.prisma.user.count({ where: { email: mail } })) > 0;
  return deps.prisma.user.create({
    data: {
      orgId,
      directoryUid: entry.uid,
      name: entry.name.slice(0, 100),
      // users.email is unique platform-wide: a directory address already used elsewhere (or none)
      // gives way to one of the reserved .invalid domain, which never receives mail.
      email: taken ? `${entry.uid.toLowerCase()}.${orgId}@directory.invalid` : (mail as string),
      // Not a hash of anything: a directory user has no password of ours to sign in with.
      passwordHash: '!directory',
      role,
    },
    select: candidateSelect,
  });
}

function refuseLocked(deps: ApiDeps, user: CandidateUser): void {
  if (user.lockedUntil !== null && user.lockedUntil.getTime() > deps.now().getTime()) {
    throw new ApiError('account_locked', `too many wrong passwords: locked until ${user.lockedUntil.toISOString()}`, {
      locked_until: user.lockedUntil.toISOString(),
    });
  }
}

/** One more wrong password; the MAX_FAILED_LOGINS-th locks the account and starts the count again. */
async function countFailure(deps: ApiDeps, user: CandidateUser): Promise<void> {
  const updated = await deps.prisma.user.update({
    where: { id: user.id },
    data: { failedLogins: { increment: 1 } },
    select: { failedLogins: true },
  });
  if (updated.failedLogins >= MAX_FAILED_LOGINS) {
    await deps.prisma.user.update({
      where: { id: user.id },
      data: { failedLogins: 0, lockedUntil: new Date(deps.now().getTime() + LOCKOUT_MS) },
    });
    deps.logger.warn({ user: String(user.id) }, 'sign-in: account locked after repeated wrong passwords');
  }
}

/**
 * After the person proved who they are: refused if the account is disabled, its org cannot be
 * used, or it is bound to other addresses (bound_ips) or numbers (bound_phones, SMS sign-in) —
 * a binding refusal is written to the org's audit log, where its admins look.
 */
async function refuseUnusable(
  deps: ApiDeps,
  user: CandidateUser,
  client: SessionClient,
  method: SignInMethod,
  phone?: string,
): Promise<void> {
  if (user.status === 'disabled') throw new ApiError('account_disabled', 'this user account is disabled');
  const refusal = ORG_REFUSALS[user.org.status];
  if (refusal !== undefined) throw new ApiError(refusal[0], refusal[1]);
  const addressBound = user.boundIps.length > 0 && !IpAllowList.from(user.boundIps)?.allows(client.address);
  const phoneBound = phone !== undefined && user.boundPhones.length > 0 && !user.boundPhones.includes(phone);
  if (addressBound || phoneBound) {
    await deps.prisma.auditEntry.create({
      data: {
        orgId: user.orgId,
        actorOrgId: user.orgId,
        userId: user.id,
        action: 'user.sign_in_refused',
        targetType: 'user',
        targetId: String(user.id),
        details: {
          reason: addressBound ? 'address_not_bound' : 'phone_not_bound',
          method,
          ...(phone === undefined ? {} : { phone: maskMobile(phone) }),
        },
        address: client.address,
      },
    });
    throw new ApiError(
      'binding_refused',
      addressBound
        ? `this account may only sign in from its bound addresses, not from ${client.address ?? 'an unknown address'}`
        : 'this account may only sign in by SMS with its bound numbers',
      { binding: addressBound ? 'address' : 'phone' },
    );
  }
}

async function open(
  deps: ApiDeps,
  user: CandidateUser,
  method: SignInMethod,
  client: SessionClient,
): Promise<SignedIn> {
  await deps.prisma.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
  const sessionId = await createSession(deps, user.id, method, client);
  return { sessionId, userId: user.id };
}
