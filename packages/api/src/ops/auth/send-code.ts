import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import type { Principal } from '../principal.js';
import { CODE_RESEND_MS, CODE_TTL_MS, issueCode, type CodePurpose, type CodeSent } from './codes.js';
import { maskMobile, normalizeMobile } from './phones.js';
import { findUserByPhone } from './sign-in.js';

export interface SendCodeInput {
  readonly purpose: CodePurpose;
  readonly phone: string;
  /** The caller's address (rate limits). */
  readonly address: string | null;
}

export interface SendCodeResult extends CodeSent {
  /** The number as the person may see it: 138****8000. */
  readonly sentTo: string;
}

/**
 * Sends a code for sign-up (a number no account has yet), SMS sign-in or a password reset (a
 * number of an account), or binding a number to the signed-in user's account. For sign-in and
 * reset a number without an account gets the same answer as one with, and no text: the form
 * must not tell strangers which numbers have accounts (nor spend the platform's money on them).
 */
export async function sendCode(
  deps: ApiDeps,
  principal: Principal | null,
  input: SendCodeInput,
): Promise<SendCodeResult> {
  const phone = normalizeMobile(input.phone);
  const log = deps.logger.child({ operation: 'auth.sendCode', purpose: input.purpose });
  const answer = (sent: CodeSent): SendCodeResult => ({ ...sent, sentTo: maskMobile(phone) });
  switch (input.purpose) {
    case 'signup': {
      const taken = await deps.prisma.user.findUnique({ where: { phone }, select: { id: true } });
      if (taken !== null) {
        throw new ApiError('already_exists', 'an account already uses this mobile number: sign in instead', {
          field: 'phone',
        });
      }
      break;
    }
    case 'signin':
    case 'reset': {
      const user = await findUserByPhone(deps, phone);
      if (user === null || user.status === 'disabled') {
        log.info({ phone: maskMobile(phone) }, 'auth: code asked for a number without an active account; not sent');
        return answer({ expiresInSeconds: CODE_TTL_MS / 1000, resendAfterSeconds: CODE_RESEND_MS / 1000 });
      }
      break;
    }
    case 'bind': {
      if (principal === null || principal.actor.kind !== 'user') {
        throw new ApiError('unauthorized', 'sign in first to bind a number to your account');
      }
      break;
    }
  }
  return answer(await issueCode(deps, log, { purpose: input.purpose, phone, address: input.address }));
}
