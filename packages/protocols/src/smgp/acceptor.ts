import type { BindAccount, BindAcceptor, BindRefusal, BindRequestInfo, BindVerdict } from '../engine/protocol.js';
import { AUTHENTICATOR_LENGTH, authenticatorServer } from './authenticator.js';
import { bindModeOf } from './login-mode.js';
import { checkLogin, type LoginPolicy, refuse } from './login-check.js';
import type { SmgpPdu, SmgpVersion } from './pdu.js';
import { SmgpStatus } from './status.js';

export interface SmgpAcceptorOptions {
  readonly version?: SmgpVersion;
  /** Login timestamp tolerance, default 10 minutes (DEFAULT_MAX_CLOCK_SKEW_MS); null accepts any. */
  readonly maxClockSkewMs?: number | null;
}

/** Server side of SMGP Login: MD5 check, timestamp skew, version, Login_Resp with AuthenticatorServer. */
export function smgpBindAcceptor(options: SmgpAcceptorOptions = {}): BindAcceptor<SmgpPdu> {
  const version = options.version ?? 0x30;
  const policy: LoginPolicy = { version, maxClockSkewMs: options.maxClockSkewMs };
  return {
    isBindRequest: (pdu) => pdu.command === 'login',
    describe(request: SmgpPdu): BindRequestInfo {
      if (request.command !== 'login') return { account: '', mode: 'transceiver' };
      return {
        account: request.clientId,
        mode: bindModeOf(request.loginMode) ?? 'transceiver',
        version: request.clientVersion,
      };
    },
    verify(request: SmgpPdu, account: BindAccount | null, now: Date): BindVerdict {
      if (request.command !== 'login') return { ok: false, status: SmgpStatus.badCommandId, reason: 'system-error' };
      return checkLogin({ ...request, version: request.clientVersion }, account, now, policy);
    },
    refuse: (reason: BindRefusal) => refuse(reason),
    reply(request: SmgpPdu, verdict: BindVerdict, account: BindAccount | null): SmgpPdu {
      const authenticator =
        verdict.ok && account !== null && request.command === 'login'
          ? authenticatorServer(verdict.status, request.authenticatorClient, account.secret)
          : Buffer.alloc(AUTHENTICATOR_LENGTH);
      return {
        command: 'login_resp',
        sequence: request.sequence,
        status: verdict.status,
        authenticatorServer: authenticator,
        serverVersion: version,
      };
    },
  };
}
