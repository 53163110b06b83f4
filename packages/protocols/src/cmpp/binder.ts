import { BindError } from '../engine/errors.js';
import type { Binder, BindableSession, BindResult } from '../engine/protocol.js';
import { authenticatorIsmg, authenticatorSource } from './authenticator.js';
import { BEIJING_OFFSET_MINUTES, connectTimestamp } from './cmpp-time.js';
import { layouts } from './layout.js';
import type { CmppConnect, CmppPdu, CmppVersion } from './pdu.js';
import { ConnectStatus, connectStatusText } from './status-codes.js';

export interface CmppCredentials {
  /** SP_Id (企业代码), sent as Source_Addr. */
  readonly spId: string;
  readonly secret: string;
}

export interface CmppBinderOptions {
  readonly version: CmppVersion;
  /** The clock that stamps CONNECT (tests pass a fixed one). */
  readonly now?: () => Date;
  /** The gateway's time zone as minutes east of UTC; Beijing time by default. */
  readonly utcOffsetMinutes?: number;
  readonly timeoutMs?: number;
  /**
   * 3.0: check the AuthenticatorISMG of a successful CONNECT_RESP against our secret (the spec's
   * proof that the gateway knows it). On by default; a channel turns it off for a gateway that
   * sends zeros there. 2.0 never checks it: implementations hash the status in different widths.
   */
  readonly verifyAuthenticatorIsmg?: boolean;
}

/** Builds the CONNECT request for `now` (exported for the loopback and golden tests). */
export function buildConnect(
  credentials: CmppCredentials,
  version: CmppVersion,
  now: Date,
  offsetMinutes = BEIJING_OFFSET_MINUTES,
): CmppConnect {
  const timestamp = connectTimestamp(now, offsetMinutes);
  return {
    command: 'connect',
    sequence: 0,
    sourceAddr: credentials.spId,
    authenticatorSource: authenticatorSource(credentials.spId, credentials.secret, timestamp),
    version,
    timestamp,
  };
}

/**
 * Client side of CONNECT. A refusal becomes a BindError with the gateway's status and its
 * meaning. On 3.0 a successful reply must prove the gateway knows the secret (AuthenticatorISMG)
 * unless the channel says its gateway does not (`verifyAuthenticatorIsmg: false`); on 2.0
 * implementations hash the status in different widths (reference §1.4), so a mismatch there is
 * tolerated rather than failing a login the gateway accepted.
 */
export function cmppBinder(options: CmppBinderOptions): Binder<CmppPdu, CmppCredentials> {
  const layout = layouts[options.version];
  const now = options.now ?? (() => new Date());
  return {
    async bind(session: BindableSession<CmppPdu>, credentials: CmppCredentials): Promise<BindResult> {
      const request = buildConnect(credentials, options.version, now(), options.utcOffsetMinutes);
      const reply = await session.request(request, options.timeoutMs);
      if (reply.command !== 'connect_resp') {
        throw new BindError(session.id, -1, `gateway answered CONNECT with ${reply.command}`);
      }
      if (reply.status === ConnectStatus.AUTH_FAILED) {
        // CMPP answers a stale timestamp with the same 3 as a wrong secret (acceptor.ts).
        throw new BindError(
          session.id,
          reply.status,
          `${connectStatusText(reply.status)}: a wrong secret, or a CONNECT timestamp too far from the gateway's clock (stamped in Beijing time)`,
        );
      }
      if (reply.status !== ConnectStatus.OK) {
        throw new BindError(session.id, reply.status, connectStatusText(reply.status));
      }
      if (layout.statusSize === 4 && options.verifyAuthenticatorIsmg !== false) {
        const expected = authenticatorIsmg(ConnectStatus.OK, 4, request.authenticatorSource, credentials.secret);
        if (!expected.equals(reply.authenticatorIsmg)) {
          throw new BindError(
            session.id,
            reply.status,
            'gateway accepted the login but its AuthenticatorISMG does not match our secret (a channel whose gateway sends zeros there can set verifyAuthenticatorIsmg: false)',
          );
        }
      }
      return { version: reply.version };
    },
  };
}
