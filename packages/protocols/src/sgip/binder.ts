import { BindError } from '../engine/errors.js';
import type { Binder, BindableSession, BindResult } from '../engine/protocol.js';
import type { SgipPdu } from './pdu.js';
import { describeResult, SgipResult } from './result.js';
import { UNNUMBERED } from './sequence.js';

export interface SgipCredentials {
  readonly loginName: string;
  /** Sent in plain text: SGIP has no authenticator. */
  readonly password: string;
  /**
   * LoginType (pdu.ts LoginType): 1 when smshub connects to the SMG to submit, 2 when the SMG
   * (or our simulator playing it) connects back to the SP to deliver MO and reports.
   */
  readonly loginType: number;
}

export interface SgipBinderOptions {
  /** How long to wait for BIND_RESP (default: the session's response timeout). */
  readonly timeoutMs?: number;
}

/**
 * Client side of BIND for either SGIP direction: sends the login, resolves on Result 0, throws
 * BindError with the Result and its meaning otherwise.
 */
export function sgipBinder(options: SgipBinderOptions = {}): Binder<SgipPdu, SgipCredentials> {
  return {
    async bind(session: BindableSession<SgipPdu>, credentials: SgipCredentials): Promise<BindResult> {
      const reply = await session.request(
        {
          command: 'bind',
          sequence: UNNUMBERED,
          loginType: credentials.loginType,
          loginName: credentials.loginName,
          loginPassword: credentials.password,
        },
        options.timeoutMs,
      );
      if (reply.command !== 'bind_resp') {
        throw new BindError(session.id, SgipResult.SYSTEM_FAILURE, `answered BIND with ${reply.command}`);
      }
      if (reply.result !== SgipResult.OK) {
        throw new BindError(
          session.id,
          reply.result,
          `login "${credentials.loginName}" (type ${credentials.loginType}) refused: ${describeResult(reply.result)}`,
        );
      }
      return {};
    },
  };
}
