import type { DecodeError } from '../engine/errors.js';
import type { Exchange, FrameHeader, Protocol, RejectReason } from '../engine/protocol.js';
import { SmgpSequencer } from '../smgp/protocol.js';
import { SmgpStatus, smgpStatusForReject } from '../smgp/status.js';
import { u8Tlv } from '../smgp/tlv.js';
import { CNGP_HEADER_LENGTH, decodeCngp, encodeCngp } from './codec.js';
import { CngpCommandId } from './command-ids.js';
import type { CngpPdu } from './pdu.js';
import { CngpTlvTag } from './tlv-tags.js';

/** CNGP 2.0: Version byte 0x20 (high nibble major — wujunjenny/smgw cngpdef.h; an iSmgw config defaults cngp_version to 32). */
export const CNGP_VERSION = 0x20;

/** netty-codec-sms caps CNGP frames at 8092; 4 KB holds a 100-destination Submit. */
const MAX_PDU_LENGTH = 4096;

const ZERO_MSG_ID = Buffer.alloc(10);
const ZERO_AUTHENTICATOR = Buffer.alloc(16);
/** Huawei's SMProxy only accepts Submit_Resp / Deliver_Resp with this TLV (tlv-tags.ts). */
export const NOT_CONGESTED = [u8Tlv(CngpTlvTag.congestionState, 0)] as const;

const responses: ReadonlySet<CngpPdu['command']> = new Set([
  'login_resp',
  'submit_resp',
  'deliver_resp',
  'active_test_resp',
  'exit_resp',
]);

function statusReply(command: string, sequence: number, status: number): CngpPdu | null {
  switch (command) {
    case 'login':
      return {
        command: 'login_resp',
        sequence,
        status,
        authenticatorServer: ZERO_AUTHENTICATOR,
        version: CNGP_VERSION,
      };
    case 'submit':
      return { command: 'submit_resp', sequence, status, msgId: ZERO_MSG_ID, tlvs: NOT_CONGESTED };
    case 'deliver':
      return { command: 'deliver_resp', sequence, status, msgId: ZERO_MSG_ID, tlvs: NOT_CONGESTED };
    // Command_Status lets CNGP refuse even header-only requests.
    case 'active_test':
      return { command: 'active_test_resp', sequence, status };
    case 'exit':
      return { command: 'exit_resp', sequence, status };
    default:
      return null;
  }
}

const requestById = new Map<number, string>([
  [CngpCommandId.login, 'login'],
  [CngpCommandId.submit, 'submit'],
  [CngpCommandId.deliver, 'deliver'],
  [CngpCommandId.active_test, 'active_test'],
  [CngpCommandId.exit, 'exit'],
]);

/** Status codes: the SMGP numbers (../smgp/status.ts explains the source). */
export function cngpProtocol(): Protocol<CngpPdu> {
  const keepAlive: Exchange<CngpPdu> = {
    request: () => ({ command: 'active_test', sequence: 0 }),
    isRequest: (pdu) => pdu.command === 'active_test',
    isResponse: (pdu) => pdu.command === 'active_test_resp',
    reply: (request) => ({ command: 'active_test_resp', sequence: request.sequence, status: 0 }),
  };
  const unbind: Exchange<CngpPdu> = {
    request: () => ({ command: 'exit', sequence: 0 }),
    isRequest: (pdu) => pdu.command === 'exit',
    isResponse: (pdu) => pdu.command === 'exit_resp',
    reply: (request) => ({ command: 'exit_resp', sequence: request.sequence, status: 0 }),
  };
  return {
    name: 'cngp',
    version: CNGP_VERSION,
    headerLength: CNGP_HEADER_LENGTH,
    maxPduLength: MAX_PDU_LENGTH,
    decode: decodeCngp,
    encode: encodeCngp,
    peek(frame: Buffer): FrameHeader | null {
      if (frame.length < CNGP_HEADER_LENGTH) return null;
      return { commandId: frame.readUInt32BE(4), sequence: frame.readUInt32BE(12) };
    },
    isResponse: (pdu) => responses.has(pdu.command),
    sequenceKey: (pdu) => pdu.sequence,
    sequencer: () => new SmgpSequencer(),
    keepAlive,
    unbind,
    /** A request whose body did not decode gets its response with status 10 (bad message structure). */
    rejectFrame(header: FrameHeader, _error: DecodeError): CngpPdu | null {
      const command = requestById.get(header.commandId);
      return command === undefined
        ? null
        : statusReply(command, Number(header.sequence), SmgpStatus.badMessageStructure);
    },
    reject(request: CngpPdu, reason: RejectReason): CngpPdu | null {
      return statusReply(request.command, request.sequence, smgpStatusForReject(reason));
    },
  };
}
