import type { DecodeError } from '../engine/errors.js';
import type { Exchange, FrameHeader, Protocol, RejectReason, Sequencer } from '../engine/protocol.js';
import { SmgpCommandId } from './command-ids.js';
import { decodeSmgp, encodeSmgp, SMGP_HEADER_LENGTH } from './codec.js';
import type { SmgpPdu, SmgpVersion } from './pdu.js';
import { SmgpStatus, smgpStatusForReject } from './status.js';

/**
 * Frames can exceed the 2 KB the SMGP spec (§5.1) and go_smgp (MAX_OP_SIZE) name: a Submit to the
 * 100 destinations the spec allows is 12 + 114 + 2100 + 255 bytes before TLVs. 4 KB covers that
 * and still refuses a hostile length before buffering.
 */
const MAX_PDU_LENGTH = 4096;

const responseCommands: ReadonlySet<SmgpPdu['command']> = new Set([
  'login_resp',
  'submit_resp',
  'deliver_resp',
  'active_test_resp',
  'exit_resp',
  'query_resp',
]);

/** SequenceID runs 1 … 0xFFFFFFFF and wraps to 1 (0 is left for "not assigned yet"). */
export class SmgpSequencer implements Sequencer<{ sequence: number }> {
  constructor(private last = 0) {}

  assign(request: { sequence: number }): number {
    this.last = this.last >= 0xffffffff ? 1 : this.last + 1;
    request.sequence = this.last;
    return this.last;
  }
}

const ZERO_MSG_ID = Buffer.alloc(10);
const ZERO_AUTHENTICATOR = Buffer.alloc(16);

function isSmgpResponse(pdu: SmgpPdu): boolean {
  return responseCommands.has(pdu.command);
}

/** The response to `request` carrying `status`, for the commands whose response has a status. */
function statusReply(request: { command: string; sequence: number }, status: number, version: number): SmgpPdu | null {
  switch (request.command) {
    case 'login':
      return {
        command: 'login_resp',
        sequence: request.sequence,
        status,
        authenticatorServer: ZERO_AUTHENTICATOR,
        serverVersion: version,
      };
    case 'submit':
      return { command: 'submit_resp', sequence: request.sequence, msgId: ZERO_MSG_ID, status };
    case 'deliver':
      return { command: 'deliver_resp', sequence: request.sequence, msgId: ZERO_MSG_ID, status };
    default:
      return null;
  }
}

const commandById = new Map<number, string>([
  [SmgpCommandId.login, 'login'],
  [SmgpCommandId.submit, 'submit'],
  [SmgpCommandId.deliver, 'deliver'],
  [SmgpCommandId.active_test, 'active_test'],
  [SmgpCommandId.exit, 'exit'],
]);

export function smgpProtocol(version: SmgpVersion = 0x30): Protocol<SmgpPdu> {
  const keepAlive: Exchange<SmgpPdu> = {
    request: () => ({ command: 'active_test', sequence: 0 }),
    isRequest: (pdu) => pdu.command === 'active_test',
    isResponse: (pdu) => pdu.command === 'active_test_resp',
    reply: (request) => ({ command: 'active_test_resp', sequence: request.sequence }),
  };
  const unbind: Exchange<SmgpPdu> = {
    request: () => ({ command: 'exit', sequence: 0 }),
    isRequest: (pdu) => pdu.command === 'exit',
    isResponse: (pdu) => pdu.command === 'exit_resp',
    reply: (request) => ({ command: 'exit_resp', sequence: request.sequence }),
  };
  return {
    name: 'smgp',
    version,
    headerLength: SMGP_HEADER_LENGTH,
    maxPduLength: MAX_PDU_LENGTH,
    decode: decodeSmgp,
    encode: encodeSmgp,
    peek(frame: Buffer): FrameHeader | null {
      if (frame.length < SMGP_HEADER_LENGTH) return null;
      return { commandId: frame.readUInt32BE(4), sequence: frame.readUInt32BE(8) };
    },
    isResponse: isSmgpResponse,
    sequenceKey: (pdu) => pdu.sequence,
    sequencer: () => new SmgpSequencer(),
    keepAlive,
    unbind,
    /**
     * A request whose body did not decode gets its own response with status 10 (bad message
     * structure) so the peer's window slot frees; header-only requests (active test, exit) are
     * answered as usual. Responses and commands we do not serve are dropped.
     */
    rejectFrame(header: FrameHeader, _error: DecodeError): SmgpPdu | null {
      const command = commandById.get(header.commandId);
      const sequence = Number(header.sequence);
      if (command === 'active_test') return keepAlive.reply({ command: 'active_test', sequence });
      if (command === 'exit') return unbind.reply({ command: 'exit', sequence });
      if (command === undefined) return null;
      return statusReply({ command, sequence }, SmgpStatus.badMessageStructure, version);
    },
    reject(request: SmgpPdu, reason: RejectReason): SmgpPdu | null {
      return statusReply(request, smgpStatusForReject(reason), version);
    },
  };
}
