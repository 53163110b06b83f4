import { randomBytes } from 'node:crypto';
import type { ApiDeps } from '../../v1/deps.js';
import { permissionsOfRole } from '../permissions.js';
import type { Principal } from '../principal.js';

/** A console session lasts this long from sign-in, however active it is (then sign in again). */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often per session (every request would be a write). */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface SessionClient {
  readonly address: string | null;
  readonly userAgent: string | null;
}

export type SignInMethod = 'password' | 'sms' | 'directory';

/** Opens a session row for a user who just proved who they are; returns its id (the cookie's). */
export async function createSession(
  deps: Pick<ApiDeps, 'prisma' | 'now'>,
  userId: bigint,
  method: SignInMethod,
  client: SessionClient,
): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  const now = deps.now();
  await deps.prisma.userSession.create({
    data: {
      id,
      userId,
      method,
      address: client.address,
      userAgent: client.userAgent?.slice(0, 400) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
    },
  });
  await deps.prisma.user.update({ where: { id: userId }, data: { lastLoginAt: now } });
  return id;
}

/**
 * The principal behind a session cookie, or null when the session ended (revoked, expired), its
 * user is disabled or its org can no longer be used. Read on every console request, so a session
 * ended in one portal process ends in all of them at once.
 */
export async function principalOfSession(
  deps: Pick<ApiDeps, 'prisma' | 'now'>,
  sessionId: string,
  client: SessionClient,
): Promise<Principal | null> {
  if (sessionId.length === 0 || sessionId.length > 64) return null;
  const session = await deps.prisma.userSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      expiresAt: true,
      revokedAt: true,
      lastSeenAt: true,
      user: {
        select: {
          id: true,
          role: true,
          status: true,
          org: { select: { id: true, path: true, kind: true, status: true, extensionCode: true } },
        },
      },
    },
  });
  const now = deps.now();
  if (session === null || session.revokedAt !== null || session.expiresAt <= now) return null;
  const { user } = session;
  if (user.status !== 'active') return null;
  // A frozen org's users still sign in: they must see why it cannot send and recharge it.
  if (user.org.status !== 'active' && user.org.status !== 'suspended' && user.org.status !== 'frozen') return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    await deps.prisma.userSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  const permissions = permissionsOfRole(user.role, user.org.kind);
  return {
    orgId: user.org.id,
    orgPath: user.org.path,
    orgKind: user.org.kind,
    extensionCode: user.org.extensionCode,
    orgFrozen: user.org.status === 'frozen',
    actor: { kind: 'user', userId: user.id, role: user.role, sessionId: session.id },
    // A suspended org's users may look but not act, as its API keys may only read.
    permissions:
      user.org.status === 'suspended' ? new Set([...permissions].filter((p) => p.endsWith(':read'))) : permissions,
    address: client.address,
  };
}

/** Ends one session (sign-out). Idempotent. */
export async function endSession(deps: Pick<ApiDeps, 'prisma' | 'now'>, sessionId: string): Promise<void> {
  await deps.prisma.userSession.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: deps.now() },
  });
}
