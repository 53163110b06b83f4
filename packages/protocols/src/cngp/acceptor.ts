import type { BindAccount, BindAcceptor, BindRequestInfo, BindVerdict } from '../engine/protocol.js';
import { AUTHENTICATOR_LENGTH, authenticatorServer } from '../smgp/authenticator.js';
import { bindModeOf } from '../smgp/login-mode.js';
import { checkLogin, refuse } from '../smgp/login-check.js';
import { SmgpStatus } from '../smgp/status.js';
import type { CngpPdu } from './pdu.js';
import { CNGP_VERSION } from './protocol.js';

export interface CngpAcceptorOptions {
  /** Login timestamp tolerance, default 10 minutes (DEFAULT_MAX_CLOCK_SKEW_MS); null accepts any. */
  readonly maxClockSkewMs?: number | null;
}

/** Server side of CNGP Login: the SMGP checks (../smgp/login-check.ts) with the status in the header. */
export function cngpBindAcceptor(options: CngpAcceptorOptions = {}): BindAcceptor<CngpPdu> {
  const policy = { version: CNGP_VERSION, maxClockSkewMs: options.maxClockSkewMs };
  return {
    isBindRequest: (pdu) => pdu.command === 'login',
    describe(request: CngpPdu): BindRequestInfo {
      if (request.command !== 'login') return { account: '', mode: 'transceiver' };
      return {
        account: request.clientId,
        mode: bindModeOf(request.loginMode) ?? 'transceiver',
        version: request.version,
      };
    },
    verify(request: CngpPdu, account: BindAccount | null, now: Date): BindVerdict {
      if (request.command !== 'login') return { ok: false, status: SmgpStatus.badCommandId, reason: 'system-error' };
      return checkLogin(request, account, now, policy);
    },
    refuse,
    reply(request: CngpPdu, verdict: BindVerdict, account: BindAccount | null): CngpPdu {
      // AuthenticatorServer: SMGP's formula (unverified for CNGP; our binder does not check it).
      const authenticator =
        verdict.ok && account !== null && request.command === 'login'
          ? authenticatorServer(verdict.status, request.authenticatorClient, account.secret)
          : Buffer.alloc(AUTHENTICATOR_LENGTH);
      return {
        command: 'login_resp',
        sequence: request.sequence,
        status: verdict.status,
        authenticatorServer: authenticator,
        version: CNGP_VERSION,
      };
    },
  };
}
