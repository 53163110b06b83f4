import { timingSafeEqual } from 'node:crypto';
import type {
  BindAccount,
  BindAcceptor,
  BindMode,
  BindRefusal,
  BindRequestInfo,
  BindVerdict,
} from '../engine/protocol.js';
import { LoginType, type SgipPdu } from './pdu.js';
import { responseFor } from './responses.js';
import { SgipResult } from './result.js';

/** How each bind refusal is said in a BIND_RESP Result (reference §2.8). */
export const bindRefusalResult: Readonly<Record<BindRefusal, number>> = {
  'unknown-account': SgipResult.ILLEGAL_LOGIN,
  'auth-failed': SgipResult.ILLEGAL_LOGIN,
  // SGIP's BIND has neither a version nor a timestamp; should the application raise these,
  // "bad parameter format" is the nearest word.
  'bad-version': SgipResult.BAD_PARAMETER_FORMAT,
  'bad-timestamp': SgipResult.BAD_PARAMETER_FORMAT,
  'bad-mode': SgipResult.BAD_LOGIN_TYPE,
  'already-bound': SgipResult.REPEATED_LOGIN,
  'too-many-binds': SgipResult.TOO_MANY_CONNECTIONS,
  'system-error': SgipResult.SYSTEM_FAILURE,
};

/**
 * SGIP login types in SMPP's words, from the client's side: type 1 sends MT to the SMG
 * (transmitter); type 2 carries MO and reports towards the SP, the direction an SMPP receiver
 * gets (receiver); node-to-node types carry both ways (transceiver).
 */
export function bindModeOf(loginType: number): BindMode {
  if (loginType === LoginType.SP_TO_SMG) return 'transmitter';
  if (loginType === LoginType.SMG_TO_SP) return 'receiver';
  return 'transceiver';
}

export interface SgipBindAcceptorOptions {
  /**
   * LoginTypes this server takes: an SMG (our simulator) takes 1, an SP's callback server takes
   * 2. Any other type is refused with Result 4.
   */
  readonly loginTypes: readonly number[];
}

/** Server side of BIND: plain login name and password, checked in constant time. */
export function sgipBindAcceptor(options: SgipBindAcceptorOptions): BindAcceptor<SgipPdu> {
  const refuse = (reason: BindRefusal): BindVerdict & { readonly ok: false } => ({
    ok: false,
    status: bindRefusalResult[reason],
    reason,
  });
  return {
    isBindRequest: (pdu) => pdu.command === 'bind',
    describe(request): BindRequestInfo {
      if (request.command !== 'bind') throw new TypeError(`sgip: describe() needs a BIND, got ${request.command}`);
      return { account: request.loginName, mode: bindModeOf(request.loginType) };
    },
    verify(request, account: BindAccount | null): BindVerdict {
      if (request.command !== 'bind') return refuse('system-error');
      if (!options.loginTypes.includes(request.loginType)) return refuse('bad-mode');
      if (account === null) return refuse('unknown-account');
      if (!samePassword(request.loginPassword, account.secret)) return refuse('auth-failed');
      return { ok: true, status: 0 };
    },
    refuse,
    reply(request, verdict) {
      const reply = responseFor(request, verdict.status);
      if (reply === null) throw new TypeError(`sgip: reply() needs a BIND, got ${request.command}`);
      return reply;
    },
  };
}

function samePassword(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'latin1');
  const b = Buffer.from(expected, 'latin1');
  // Compare equal lengths only; a length mismatch is already a refusal.
  return a.length === b.length && timingSafeEqual(a, b);
}
