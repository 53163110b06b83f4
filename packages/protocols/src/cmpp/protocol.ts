import type { Exchange, FrameHeader, Protocol, Sequencer } from '../engine/protocol.js';
import { isResponseId } from './command-ids.js';
import { decodeCmpp } from './decode.js';
import { encodeCmpp } from './encode.js';
import { HEADER_LENGTH, layouts, maxPduLength } from './layout.js';
import type { CmppPdu, CmppVersion } from './pdu.js';
import { rejectCmpp, rejectCmppFrame } from './reject.js';

const responses: ReadonlySet<CmppPdu['command']> = new Set([
  'connect_resp',
  'terminate_resp',
  'submit_resp',
  'deliver_resp',
  'query_resp',
  'cancel_resp',
  'active_test_resp',
]);

/** Sequence_Id runs 1, 2, … 0xFFFFFFFF, then 1 again (0 is skipped so it never looks unset). */
class CmppSequencer implements Sequencer<CmppPdu> {
  private last = 0;
  assign(request: CmppPdu): number {
    this.last = this.last >= 0xffffffff ? 1 : this.last + 1;
    request.sequence = this.last;
    return this.last;
  }
}

/** ACTIVE_TEST every idle period; its response carries one reserved byte (reference §1.11). */
const activeTest: Exchange<CmppPdu> = {
  request: () => ({ command: 'active_test', sequence: 0 }),
  isRequest: (pdu) => pdu.command === 'active_test',
  isResponse: (pdu) => pdu.command === 'active_test_resp',
  reply: (request) => ({ command: 'active_test_resp', sequence: request.sequence, reserved: 0 }),
};

const terminate: Exchange<CmppPdu> = {
  request: () => ({ command: 'terminate', sequence: 0 }),
  isRequest: (pdu) => pdu.command === 'terminate',
  isResponse: (pdu) => pdu.command === 'terminate_resp',
  reply: (request) => ({ command: 'terminate_resp', sequence: request.sequence }),
};

/** The CMPP 2.0 (0x20) or 3.0 (0x30) protocol for the session engine. */
export function cmppProtocol(version: CmppVersion): Protocol<CmppPdu> {
  const layout = layouts[version];
  if (layout === undefined)
    throw new RangeError(`cmpp version 0x${Number(version).toString(16)} is neither 0x20 nor 0x30`);
  return {
    name: 'cmpp',
    version,
    headerLength: HEADER_LENGTH,
    maxPduLength: maxPduLength(layout),
    decode: (frame) => decodeCmpp(frame, layout),
    encode: (pdu) => encodeCmpp(pdu, layout),
    peek(frame): FrameHeader | null {
      if (frame.length < HEADER_LENGTH) return null;
      return { commandId: frame.readUInt32BE(4), sequence: frame.readUInt32BE(8) };
    },
    isResponse: (pdu) => responses.has(pdu.command),
    sequenceKey: (pdu) => pdu.sequence,
    sequencer: () => new CmppSequencer(),
    keepAlive: activeTest,
    unbind: terminate,
    rejectFrame(header) {
      if (typeof header.sequence !== 'number' || isResponseId(header.commandId)) return null;
      return rejectCmppFrame(header.commandId, header.sequence, version);
    },
    reject: (request, reason) => rejectCmpp(request, reason, version),
  };
}
