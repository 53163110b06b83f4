import { isIP } from 'node:net';
import { ApiError } from '../../v1/api-error.js';
import { IpAllowList } from '../../v1/auth/ip-allow-list.js';
import type { ApiDeps } from '../../v1/deps.js';
import { recordAudit } from '../audit.js';
import type { Principal } from '../principal.js';
import { consumeCode } from './codes.js';
import { hashPassword, requireAcceptablePassword, verifyPassword } from './passwords.js';
import { normalizeMobile } from './phones.js';
import { findUserByPhone } from './sign-in.js';

/** The signed-in person behind a principal; API keys have no account. */
function userOf(principal: Principal): { userId: bigint; sessionId: string } {
  if (principal.actor.kind !== 'user')
    throw new ApiError('permission_denied', 'only a signed-in person has an account');
  return { userId: principal.actor.userId, sessionId: principal.actor.sessionId };
}

function invalid(path: string, message: string): ApiError {
  return new ApiError('validation_error', `${path}: ${message}`, {
    part: 'body',
    issues: [{ path, code: 'custom', message }],
    issue_count: 1,
  });
}

export interface SessionView {
  readonly id: string;
  readonly method: string;
  readonly address: string | null;
  readonly userAgent: string | null;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly current: boolean;
}

/** My sessions still open, newest first. */
export async function listMySessions(deps: ApiDeps, principal: Principal): Promise<SessionView[]> {
  const { userId, sessionId } = userOf(principal);
  const rows = await deps.prisma.userSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: deps.now() } },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map((row) => ({
    id: row.id,
    method: row.method,
    address: row.address,
    userAgent: row.userAgent,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    expiresAt: row.expiresAt,
    current: row.id === sessionId,
  }));
}

/** Ends one of my sessions (another person's session id is "not found"). */
export async function endMySession(deps: ApiDeps, principal: Principal, input: { readonly sessionId: string }) {
  const { userId } = userOf(principal);
  const ended = await deps.prisma.userSession.updateMany({
    where: { id: input.sessionId, userId, revokedAt: null },
    data: { revokedAt: deps.now() },
  });
  if (ended.count === 0) throw ApiError.notFound('session', 'given');
}

/** Ends every session of mine but this one (after a lost phone, a shared computer …). */
export async function endMyOtherSessions(deps: ApiDeps, principal: Principal): Promise<{ ended: number }> {
  const { userId, sessionId } = userOf(principal);
  const ended = await deps.prisma.userSession.updateMany({
    where: { userId, revokedAt: null, id: { not: sessionId } },
    data: { revokedAt: deps.now() },
  });
  return { ended: ended.count };
}

/** Changes my password (the old one first); my other sessions end, as after a reset. */
export async function changeMyPassword(
  deps: ApiDeps,
  principal: Principal,
  input: { readonly oldPassword: string; readonly newPassword: string },
): Promise<void> {
  const { userId, sessionId } = userOf(principal);
  const user = await deps.prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { passwordHash: true, orgId: true },
  });
  if (!(await verifyPassword(input.oldPassword, user.passwordHash)).ok) {
    throw new ApiError('invalid_credentials', 'the current password is not right');
  }
  requireAcceptablePassword(input.newPassword, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await deps.prisma.$transaction(async (tx) => {
    const now = deps.now();
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: now } });
    await tx.userSession.updateMany({
      where: { userId, revokedAt: null, id: { not: sessionId } },
      data: { revokedAt: now },
    });
    await recordAudit(tx, principal, {
      orgId: user.orgId,
      action: 'user.change_password',
      targetType: 'user',
      targetId: userId,
    });
  });
}

/**
 * A forgotten password: a "reset" code sent to the account's number sets a new one, unlocks the
 * account and ends all its sessions.
 */
export async function resetPassword(
  deps: ApiDeps,
  input: {
    readonly phone: string;
    readonly code: string;
    readonly newPassword: string;
    readonly address: string | null;
  },
): Promise<void> {
  const phone = normalizeMobile(input.phone);
  requireAcceptablePassword(input.newPassword, 'newPassword');
  await consumeCode(deps, { purpose: 'reset', phone, code: input.code.trim() });
  const user = await findUserByPhone(deps, phone);
  if (user === null || user.status === 'disabled')
    throw new ApiError('invalid_credentials', 'no account has this number');
  const passwordHash = await hashPassword(input.newPassword);
  await deps.prisma.$transaction(async (tx) => {
    const now = deps.now();
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, passwordChangedAt: now, failedLogins: 0, lockedUntil: null },
    });
    await tx.userSession.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now } });
    await tx.auditEntry.create({
      data: {
        orgId: user.orgId,
        actorOrgId: user.orgId,
        userId: user.id,
        action: 'user.reset_password',
        targetType: 'user',
        targetId: String(user.id),
        address: input.address,
      },
    });
  });
}

export interface Bindings {
  /** Numbers whose codes may sign this account in by SMS (empty: the account's own number). */
  readonly phones: readonly string[];
  /** Addresses or networks the account may sign in from (empty: anywhere). */
  readonly addresses: readonly string[];
}

export async function getMyBindings(deps: ApiDeps, principal: Principal): Promise<Bindings> {
  const { userId } = userOf(principal);
  const user = await deps.prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { boundPhones: true, boundIps: true },
  });
  return { phones: user.boundPhones, addresses: user.boundIps };
}

/**
 * Replaces my bindings. A number new to the list needs the "bind" code sent to it (proof it is
 * mine); an address list must include the address I am calling from, or I would lock myself out.
 */
export async function setMyBindings(
  deps: ApiDeps,
  principal: Principal,
  input: {
    readonly phones: readonly string[];
    readonly addresses: readonly string[];
    readonly codes: Readonly<Record<string, string>>;
  },
): Promise<Bindings> {
  const { userId } = userOf(principal);
  const phones = [...new Set(input.phones.map((phone, i) => normalizeMobile(phone, `phones.${i}`)))];
  const addresses = [...new Set(input.addresses.map((a) => a.trim()))];
  addresses.forEach((entry, i) => {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    if (family === 0 || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max))) {
      throw invalid(`addresses.${i}`, `${entry} is not an address or network (203.0.113.7, 10.0.0.0/8)`);
    }
  });
  if (phones.length > 10 || addresses.length > 20) throw invalid('bindings', 'at most 10 numbers and 20 addresses');
  if (addresses.length > 0 && !IpAllowList.from(addresses)?.allows(principal.address)) {
    throw invalid('addresses', `the list must include your current address (${principal.address ?? 'unknown'})`);
  }
  const current = await deps.prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { boundPhones: true, orgId: true },
  });
  for (const phone of phones) {
    if (current.boundPhones.includes(phone)) continue;
    const code = Object.entries(input.codes).find(([given]) => {
      try {
        return normalizeMobile(given) === phone;
      } catch {
        return false;
      }
    })?.[1];
    if (code === undefined) throw new ApiError('invalid_code', `${phone}: enter the code sent to it`, { phone });
    await consumeCode(deps, { purpose: 'bind', phone, code });
  }
  await deps.prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { boundPhones: phones, boundIps: addresses } });
    await recordAudit(tx, principal, {
      orgId: current.orgId,
      action: 'user.set_bindings',
      targetType: 'user',
      targetId: userId,
      details: { phones: phones.length, addresses },
    });
  });
  return { phones, addresses };
}
