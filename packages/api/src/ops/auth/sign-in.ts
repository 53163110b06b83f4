import { verifyPassword } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { createSession, type SessionClient } from './session.js';

export interface PasswordSignIn {
  /** E-mail address or mobile number. */
  readonly login: string;
  readonly password: string;
}

/** Why an org's users cannot sign in, by status. */
const ORG_REFUSALS = {
  pending: ['account_pending', 'the application is waiting for a platform operator’s approval'],
  refused: ['account_refused', 'the application was refused'],
  closed: ['org_closed', 'the organisation is closed'],
} as const;

/**
 * Password sign-in: the e-mail or mobile number and password → a new session id. A wrong login
 * and a wrong password get the same answer, so nobody learns which accounts exist.
 */
export async function signInWithPassword(
  deps: Pick<ApiDeps, 'prisma' | 'now'>,
  input: PasswordSignIn,
  client: SessionClient,
): Promise<{ readonly sessionId: string; readonly userId: bigint }> {
  const login = input.login.trim().toLowerCase();
  if (login.length === 0 || input.password.length === 0) {
    throw new ApiError('invalid_credentials', 'enter your e-mail or mobile number and your password');
  }
  const user = await deps.prisma.user.findFirst({
    where: /^\d{11}$/.test(login) ? { phone: login } : { email: login },
    select: { id: true, passwordHash: true, status: true, org: { select: { status: true } } },
  });
  const valid = user !== null && (await verifyPassword(input.password, user.passwordHash));
  if (!valid) throw new ApiError('invalid_credentials', 'wrong e-mail/mobile number or password');
  if (user.status === 'disabled') throw new ApiError('account_disabled', 'this user account is disabled');
  const refusal = ORG_REFUSALS[user.org.status as keyof typeof ORG_REFUSALS] as
    (typeof ORG_REFUSALS)[keyof typeof ORG_REFUSALS] | undefined;
  if (refusal !== undefined) throw new ApiError(refusal[0], refusal[1]);
  const sessionId = await createSession(deps, user.id, 'password', client);
  return { sessionId, userId: user.id };
}
