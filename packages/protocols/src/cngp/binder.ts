import { BindError } from '../engine/errors.js';
import type { BindMode, BindResult, BindableSession, Binder } from '../engine/protocol.js';
import { authenticatorClient, loginTimestamp } from '../smgp/authenticator.js';
import { loginModeOf } from '../smgp/login-mode.js';
import { describeSmgpStatus, SmgpStatus } from '../smgp/status.js';
import type { CngpPdu } from './pdu.js';
import { CNGP_VERSION } from './protocol.js';

export interface CngpCredentials {
  /** ClientID: SP id (or source gateway code), at most 10 characters. */
  readonly clientId: string;
  readonly secret: string;
  /** Default transceiver (LoginMode 2). */
  readonly mode?: BindMode;
}

export interface CngpBinderOptions {
  readonly now?: () => Date;
  readonly timeoutMs?: number;
}

/**
 * Client side of CNGP Login. The result is in Login_Resp's Command_Status; AuthenticatorServer is
 * not checked because no source shows how a CNGP gateway computes it.
 */
export function cngpBinder(options: CngpBinderOptions = {}): Binder<CngpPdu, CngpCredentials> {
  const now = options.now ?? (() => new Date());
  return {
    async bind(session: BindableSession<CngpPdu>, credentials: CngpCredentials): Promise<BindResult> {
      const timestamp = loginTimestamp(now());
      const reply = await session.request(
        {
          command: 'login',
          sequence: 0,
          clientId: credentials.clientId,
          authenticatorClient: authenticatorClient(credentials.clientId, credentials.secret, timestamp),
          loginMode: loginModeOf(credentials.mode ?? 'transceiver'),
          timestamp,
          version: CNGP_VERSION,
        },
        options.timeoutMs,
      );
      if (reply.command !== 'login_resp') {
        throw new BindError(session.id, SmgpStatus.badCommandId, `gateway answered Login with ${reply.command}`);
      }
      if (reply.status !== SmgpStatus.ok) {
        throw new BindError(
          session.id,
          reply.status,
          `login as ${credentials.clientId} refused: ${describeSmgpStatus(reply.status)}`,
        );
      }
      return { version: reply.version };
    },
  };
}
