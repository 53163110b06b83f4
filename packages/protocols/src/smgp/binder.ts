import { BindError } from '../engine/errors.js';
import type { BindMode, BindResult, BindableSession, Binder } from '../engine/protocol.js';
import { authenticatorClient, authenticatorServer, authenticatorsEqual, loginTimestamp } from './authenticator.js';
import { loginModeOf } from './login-mode.js';
import type { SmgpPdu, SmgpVersion } from './pdu.js';
import { describeSmgpStatus, SmgpStatus } from './status.js';

/** What an SP logs in to an SMGW with. */
export interface SmgpCredentials {
  /** ClientID: the SP's login account, at most 8 characters. */
  readonly clientId: string;
  /** Shared secret (spec: at most 15 bytes). */
  readonly secret: string;
  /** Default transceiver (LoginMode 2, transmit). */
  readonly mode?: BindMode;
}

export interface SmgpBinderOptions {
  readonly version?: SmgpVersion;
  readonly now?: () => Date;
  readonly timeoutMs?: number;
  /**
   * Check AuthenticatorServer against the secret. Off by default: test gateways (go_smgp's mock
   * answers the literal "authserver") and some vendors fill it with anything.
   */
  readonly verifyServer?: boolean;
}

/** Client side of SMGP Login (spec §5.2.2.1): send Login, check Login_Resp, report the version. */
export function smgpBinder(options: SmgpBinderOptions = {}): Binder<SmgpPdu, SmgpCredentials> {
  const version = options.version ?? 0x30;
  const now = options.now ?? (() => new Date());
  return {
    async bind(session: BindableSession<SmgpPdu>, credentials: SmgpCredentials): Promise<BindResult> {
      const timestamp = loginTimestamp(now());
      const authenticator = authenticatorClient(credentials.clientId, credentials.secret, timestamp);
      const reply = await session.request(
        {
          command: 'login',
          sequence: 0,
          clientId: credentials.clientId,
          authenticatorClient: authenticator,
          loginMode: loginModeOf(credentials.mode ?? 'transceiver'),
          timestamp,
          clientVersion: version,
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
      if (options.verifyServer === true) {
        const expected = authenticatorServer(reply.status, authenticator, credentials.secret);
        if (!authenticatorsEqual(expected, reply.authenticatorServer)) {
          throw new BindError(
            session.id,
            SmgpStatus.authenticationFailed,
            'gateway AuthenticatorServer does not match the shared secret',
          );
        }
      }
      return { version: reply.serverVersion };
    },
  };
}
