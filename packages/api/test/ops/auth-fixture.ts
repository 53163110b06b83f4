import { permissionsOfRole, type Principal } from '../../src/index.js';
import type { ApiFixture } from '../api-fixture.js';
import type { UserRole } from '@smshub/db';

/** Gives the platform org back the credit a test took away (the base seed gives it a credit line). */
export async function letPlatformSend(fx: ApiFixture): Promise<void> {
  await fx.prisma.org.update({ where: { id: fx.platform.id }, data: { creditLimit: 1_000_000_000n } });
}

/** The last text the platform org sent to `phone`, read back from messages (as intake stored it). */
export async function lastPlatformText(fx: ApiFixture, phone: string): Promise<string | null> {
  const message = await fx.prisma.message.findFirst({
    where: { orgId: fx.platform.id, recipient: phone },
    orderBy: { id: 'desc' },
    select: { text: true },
  });
  return message?.text ?? null;
}

/** The six digits of the last code sent to `phone`. */
export async function lastCode(fx: ApiFixture, phone: string): Promise<string> {
  const text = await lastPlatformText(fx, phone);
  const code = text?.match(/\d{6}/)?.[0];
  if (code === undefined) throw new Error(`no code was sent to ${phone}`);
  return code;
}

let phoneSequence = Math.floor(Math.random() * 5000);
/** A distinct CMCC mobile number per call within a test file. */
export function freshPhone(): string {
  return `1380013${String(++phoneSequence).padStart(4, '0')}`;
}

/** A clock offset putting deps.now() one second into the next window of `windowMs` (fixed-window limits). */
export function startOfNextWindow(windowMs: number): number {
  const now = Date.now();
  return Math.ceil(now / windowMs) * windowMs + 1000 - now;
}

/** A user principal of `org` with `role`, as a console session would give it. */
export function userPrincipal(
  org: { id: bigint; path: bigint[]; kind: Principal['orgKind']; extensionCode: string | null },
  userId: bigint,
  role: UserRole,
  address: string | null = '198.51.100.20',
): Principal {
  return {
    orgId: org.id,
    orgPath: org.path,
    orgKind: org.kind,
    extensionCode: org.extensionCode,
    actor: { kind: 'user', userId, role, sessionId: 'test-session' },
    permissions: permissionsOfRole(role, org.kind),
    address,
  };
}
