import { timingSafeEqual } from 'node:crypto';
import type {
  BindAccount,
  BindAcceptor,
  BindMode,
  BindRefusal,
  BindRequestInfo,
  BindVerdict,
} from '../engine/protocol.js';
import type { SmppVersion } from './command-ids.js';
import { CommandStatus } from './command-status.js';
import type { BindRequest, SmppPdu } from './pdu.js';
import { responseTo } from './responses.js';

export interface SmppAcceptorOptions {
  /** Our system_id, returned in every successful bind response. */
  readonly systemId: string;
  readonly version?: SmppVersion;
}

const refusalStatus: Record<BindRefusal, number> = {
  'unknown-account': CommandStatus.ESME_RINVSYSID,
  'auth-failed': CommandStatus.ESME_RINVPASWD,
  'already-bound': CommandStatus.ESME_RALYBND,
  'system-error': CommandStatus.ESME_RSYSERR,
  'bad-version': CommandStatus.ESME_RBINDFAIL,
  'bad-timestamp': CommandStatus.ESME_RBINDFAIL,
  'bad-mode': CommandStatus.ESME_RBINDFAIL,
  'too-many-binds': CommandStatus.ESME_RBINDFAIL,
};

const modeOf: Record<BindRequest['command'], BindMode> = {
  bind_transmitter: 'transmitter',
  bind_receiver: 'receiver',
  bind_transceiver: 'transceiver',
};

function isBind(pdu: SmppPdu): pdu is BindRequest {
  return pdu.command === 'bind_transmitter' || pdu.command === 'bind_receiver' || pdu.command === 'bind_transceiver';
}

/** interface_version 0x00–0x33 all mean 3.3 or earlier (3.4 §5.2.4). */
function agreedVersion(requested: number, ours: SmppVersion): number {
  return Math.min(Math.max(requested, 0x33), ours);
}

/**
 * Server side of the bind: SMPP sends the password in plain text, so verification is a
 * (constant-time) comparison. A successful reply carries our system_id and, to a 3.4-or-later
 * ESME, sc_interface_version; a refusal is the bare header with the status (3.4 §4.1.2).
 */
export function smppBindAcceptor(options: SmppAcceptorOptions): BindAcceptor<SmppPdu> {
  const ours = options.version ?? 0x34;
  return {
    isBindRequest: isBind,
    describe(request: SmppPdu): BindRequestInfo {
      if (!isBind(request)) return { account: '', mode: 'transceiver' };
      return { account: request.systemId, mode: modeOf[request.command], version: request.interfaceVersion };
    },
    verify(request: SmppPdu, account: BindAccount | null, _now: Date): BindVerdict {
      if (!isBind(request)) return { ok: false, status: CommandStatus.ESME_RINVBNDSTS, reason: 'system-error' };
      if (account === null) return { ok: false, status: CommandStatus.ESME_RINVSYSID, reason: 'unknown-account' };
      if (!samePassword(request.password, account.secret)) {
        return { ok: false, status: CommandStatus.ESME_RINVPASWD, reason: 'auth-failed' };
      }
      return { ok: true, status: 0, version: agreedVersion(request.interfaceVersion, ours) };
    },
    refuse(reason: BindRefusal) {
      return { ok: false, status: refusalStatus[reason], reason } as const;
    },
    reply(request: SmppPdu, verdict: BindVerdict): SmppPdu {
      if (!isBind(request)) return responseTo(request, CommandStatus.ESME_RINVBNDSTS);
      const command = `${request.command}_resp` as const;
      if (!verdict.ok)
        return { command, sequence: request.sequence, commandStatus: verdict.status, systemId: '', tlvs: undefined };
      const tlvs = ours >= 0x34 && request.interfaceVersion >= 0x34 ? { scInterfaceVersion: ours } : undefined;
      return { command, sequence: request.sequence, commandStatus: 0, systemId: options.systemId, tlvs };
    },
  };
}

function samePassword(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'latin1');
  const b = Buffer.from(expected, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}
