import type { DecodeError } from '../engine/errors.js';
import type { Exchange, FrameHeader, Protocol, RejectReason, Sequencer } from '../engine/protocol.js';
import { CommandId, type CommandName, commandName, isResponseId, type SmppVersion } from './command-ids.js';
import { CommandStatus } from './command-status.js';
import { decodeSmpp } from './decode.js';
import { encodeSmpp } from './encode.js';
import { HEADER_LENGTH } from './field-sizes.js';
import type { SmppPdu } from './pdu.js';
import { responseCommand, responseTo } from './responses.js';

/**
 * A frame this long can hold a full 64 KiB message_payload plus every other field; anything
 * longer is hostile or broken and is refused before it is buffered.
 */
const MAX_PDU_LENGTH = 70_000;

/** sequence_number runs 0x00000001–0x7FFFFFFF (3.4 §5.1.4) and then starts again at 1. */
const MAX_SEQUENCE = 0x7fffffff;

const rejectStatus: Record<RejectReason, number> = {
  unsupported: CommandStatus.ESME_RINVCMDID,
  'not-bound': CommandStatus.ESME_RINVBNDSTS,
  'already-bound': CommandStatus.ESME_RALYBND,
  throttled: CommandStatus.ESME_RTHROTTLED,
  'queue-full': CommandStatus.ESME_RMSGQFUL,
  'invalid-destination': CommandStatus.ESME_RINVDSTADR,
  'invalid-source': CommandStatus.ESME_RINVSRCADR,
  'invalid-message': CommandStatus.ESME_RINVMSGLEN,
  'system-error': CommandStatus.ESME_RSYSERR,
};

/** The command_status SMPP uses for a generic refusal reason. */
export function statusOfRejectReason(reason: RejectReason): number {
  return rejectStatus[reason];
}

function exchange(request: 'enquire_link' | 'unbind'): Exchange<SmppPdu> {
  const response = `${request}_resp` as const;
  return {
    request: () => ({ command: request, sequence: 0, commandStatus: 0 }),
    isRequest: (pdu) => pdu.command === request,
    isResponse: (pdu) => pdu.command === response,
    reply: (req) => ({ command: response, sequence: req.sequence, commandStatus: CommandStatus.ESME_ROK }),
  };
}

export class SmppSequencer implements Sequencer<SmppPdu> {
  /** `last`: the sequence before the first one to hand out. */
  constructor(private last = 0) {}

  assign(request: SmppPdu): number {
    this.last = this.last >= MAX_SEQUENCE ? 1 : this.last + 1;
    request.sequence = this.last;
    return this.last;
  }
}

/** SMPP in one interface version (0x33, 0x34 or 0x50) for the session engine. */
export function smppProtocol(version: SmppVersion = 0x34): Protocol<SmppPdu> {
  return {
    name: 'smpp',
    version,
    headerLength: HEADER_LENGTH,
    maxPduLength: MAX_PDU_LENGTH,
    decode: (frame) => decodeSmpp(frame, version),
    encode: (pdu) => encodeSmpp(pdu, version),
    peek(frame: Buffer): FrameHeader | null {
      if (frame.length < HEADER_LENGTH) return null;
      return { commandId: frame.readUInt32BE(4), sequence: frame.readUInt32BE(12) };
    },
    isResponse: (pdu) => isResponseId(CommandId[pdu.command]),
    sequenceKey: (pdu) => pdu.sequence,
    sequencer: () => new SmppSequencer(),
    keepAlive: exchange('enquire_link'),
    unbind: exchange('unbind'),
    rejectFrame(header: FrameHeader, _error: DecodeError): SmppPdu | null {
      // Answering a broken generic_nack with another could loop between two confused peers.
      if (header.commandId === CommandId.generic_nack) return null;
      // 3.4 §2.11 (error handling): an id we do not know → ESME_RINVCMDID; a body that does not
      // parse against its command_length → ESME_RINVCMDLEN.
      const unknown = commandName(header.commandId, version) === undefined;
      return {
        command: 'generic_nack',
        sequence: typeof header.sequence === 'number' ? header.sequence : 0,
        commandStatus: unknown ? CommandStatus.ESME_RINVCMDID : CommandStatus.ESME_RINVCMDLEN,
      };
    },
    reject(request: SmppPdu, reason: RejectReason): SmppPdu | null {
      if (isResponseId(CommandId[request.command])) return null;
      const response: CommandName | undefined = responseCommand[request.command];
      // outbind and alert_notification have no response; an unsupported command gets the
      // generic_nack every SMPP peer understands.
      if (response === undefined) return null;
      if (reason === 'unsupported')
        return { command: 'generic_nack', sequence: request.sequence, commandStatus: rejectStatus[reason] };
      return responseTo(request, rejectStatus[reason]);
    },
  };
}
