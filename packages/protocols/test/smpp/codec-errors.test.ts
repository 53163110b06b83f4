import { describe, expect, it } from 'vitest';
import { DecodeError, EncodeError } from '../../src/index.js';
import { decodeSmpp, encodeSmpp, type SmppPdu, type SmppVersion, type SubmitSm } from '../../src/smpp/index.js';
import { hex } from '../hex.js';

/** Frames the decoder must refuse, each with the reason and the command id it reports. */
const badFrames: { name: string; version?: SmppVersion; bytes: Buffer; commandId?: number; message: string }[] = [
  {
    name: 'shorter than a header',
    bytes: hex('0000000c 00000015 00000000'),
    message: 'shorter than the 16-byte header',
  },
  {
    name: 'command_length disagrees with the frame',
    bytes: hex('00000020 00000015 00000000 00000001'),
    commandId: 0x15,
    message: 'command_length 32 but the frame has 16 bytes',
  },
  {
    name: 'unknown command id',
    bytes: hex('00000010 00000099 00000000 00000001'),
    commandId: 0x99,
    message: 'command id 0x00000099 is not defined in SMPP 3.4',
  },
  {
    // 3.3 has no data_sm (it arrived with 3.4 §4.7)
    name: 'data_sm in 3.3',
    version: 0x33,
    bytes: hex('00000010 00000103 00000000 00000001'),
    commandId: 0x103,
    message: 'not defined in SMPP 3.3',
  },
  {
    name: 'bind_transceiver in 3.3',
    version: 0x33,
    bytes: hex('0000001d 00000009 00000000 00000003', '65736d6500 707700 00 33 00 00 00'),
    commandId: 0x09,
    message: 'not defined in SMPP 3.3',
  },
  {
    // broadcast_sm is SMPP 5.0 only
    name: 'broadcast_sm in 3.4',
    bytes: hex('00000010 00000111 00000000 00000001'),
    commandId: 0x111,
    message: 'not defined in SMPP 3.4',
  },
  {
    name: 'enquire_link with a body',
    bytes: hex('00000011 00000015 00000000 00000001 00'),
    commandId: 0x15,
    message: 'enquire_link: 1 unexpected trailing bytes',
  },
  {
    name: 'request with no body',
    bytes: hex('00000010 00000004 00000000 00000001'),
    commandId: 0x04,
    message: 'submit_sm #1: service_type has no NUL',
  },
  {
    // system_id is C-Octet ≤ 16 (3.4 §4.1.1): 16 letters without a NUL
    name: 'system_id without NUL within 16 bytes',
    bytes: hex('00000027 00000002 00000000 00000001', '61616161616161616161616161616161 00 00 00 34 00 00 00'),
    commandId: 0x02,
    message: 'system_id has no NUL within 16 bytes',
  },
  {
    name: 'sm_length past the end',
    bytes: hex('00000023 00000004 00000000 00000001', '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 05 6869'),
    commandId: 0x04,
    message: 'short_message needs 5 bytes, 2 left',
  },
  {
    name: 'submit_multi dest_flag 3',
    bytes: hex('00000016 00000021 00000000 00000001', '00 00 00 00 01 03'),
    commandId: 0x21,
    message: 'dest_flag 3',
  },
  {
    name: 'TLV header cut short',
    bytes: hex('00000013 80000004 00000000 00000001', '00 0427'),
    commandId: 0x80000004,
    message: '2 bytes after the last TLV',
  },
  {
    name: 'TLV value past the end',
    bytes: hex('00000016 80000004 00000000 00000001', '00 0427 0002 01'),
    commandId: 0x80000004,
    message: 'value of TLV 0x0427 needs 2 bytes, 1 left',
  },
];

describe('smpp decode refuses bad frames with DecodeError', () => {
  for (const bad of badFrames) {
    it(bad.name, () => {
      let caught: unknown;
      try {
        decodeSmpp(bad.bytes, bad.version ?? 0x34);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DecodeError);
      const error = caught as DecodeError;
      expect(error.message).toContain(bad.message);
      expect(error.commandId).toBe(bad.commandId);
    });
  }
});

const submit: SubmitSm = {
  command: 'submit_sm',
  sequence: 1,
  commandStatus: 0,
  serviceType: '',
  sourceAddrTon: 0,
  sourceAddrNpi: 0,
  sourceAddr: '123',
  destAddrTon: 0,
  destAddrNpi: 0,
  destinationAddr: '456',
  esmClass: 0,
  protocolId: 0,
  priorityFlag: 0,
  scheduleDeliveryTime: '',
  validityPeriod: '',
  registeredDelivery: 0,
  replaceIfPresentFlag: 0,
  dataCoding: 0,
  smDefaultMsgId: 0,
  shortMessage: Buffer.from('hi'),
  tlvs: undefined,
};

const badPdus: { name: string; version?: SmppVersion; pdu: SmppPdu; message: string }[] = [
  {
    name: 'TLVs in 3.3',
    version: 0x33,
    pdu: { ...submit, tlvs: { messageState: 1 } },
    message: 'SMPP 3.3 has no optional parameters',
  },
  {
    name: 'data_sm in 3.3',
    version: 0x33,
    pdu: {
      command: 'data_sm',
      sequence: 1,
      commandStatus: 0,
      serviceType: '',
      sourceAddrTon: 0,
      sourceAddrNpi: 0,
      sourceAddr: '',
      destAddrTon: 0,
      destAddrNpi: 0,
      destinationAddr: '',
      esmClass: 0,
      registeredDelivery: 0,
      dataCoding: 0,
    },
    message: 'data_sm does not exist in SMPP 3.3',
  },
  {
    name: 'broadcast_sm_resp in 3.4',
    pdu: { command: 'broadcast_sm_resp', sequence: 1, commandStatus: 0, messageId: '' },
    message: 'does not exist in SMPP 3.4',
  },
  {
    name: 'source_addr of 21 characters',
    pdu: { ...submit, sourceAddr: '1'.repeat(21) },
    message: 'source_addr is longer than 20 characters',
  },
  {
    name: 'short_message of 255 bytes',
    pdu: { ...submit, shortMessage: Buffer.alloc(255) },
    message: 'use the message_payload TLV',
  },
  { name: 'esm_class 256', pdu: { ...submit, esmClass: 256 }, message: 'esm_class 256 does not fit one octet' },
  { name: 'negative data_coding', pdu: { ...submit, dataCoding: -1 }, message: 'data_coding -1' },
  { name: 'fractional priority', pdu: { ...submit, priorityFlag: 1.5 }, message: 'priority_flag 1.5' },
  { name: 'sequence beyond uint32', pdu: { ...submit, sequence: 2 ** 32 }, message: 'sequence_number' },
  {
    name: 'NUL inside a C-Octet string',
    pdu: { ...submit, sourceAddr: '12\u00003' },
    message: 'source_addr has a NUL at 2',
  },
  { name: 'character beyond Latin-1', pdu: { ...submit, sourceAddr: '12\u4e2d' }, message: 'source_addr has U+4e2d' },
  {
    name: 'submit_multi without destinations',
    pdu: { ...submit, command: 'submit_multi', destAddresses: [] } as unknown as SmppPdu,
    message: 'needs 1–254 destinations',
  },
  {
    name: 'TLV value over 65535 bytes',
    pdu: { ...submit, shortMessage: Buffer.alloc(0), tlvs: { messagePayload: Buffer.alloc(65_536) } },
    message: 'exceeds 65535',
  },
  {
    name: 'sar_total_segments 300',
    pdu: { ...submit, tlvs: { sarTotalSegments: 300 } },
    message: 'sar_total_segments 300',
  },
  { name: 'unknown TLV name', pdu: { ...submit, tlvs: { bogus: 1 } as never }, message: 'unknown TLV name "bogus"' },
  {
    name: 'missing field (untyped caller)',
    pdu: { command: 'query_sm', sequence: 1, commandStatus: 0 } as unknown as SmppPdu,
    message: 'malformed PDU object',
  },
];

describe('smpp encode refuses what does not fit with EncodeError', () => {
  for (const bad of badPdus) {
    it(bad.name, () => {
      expect(() => encodeSmpp(bad.pdu, bad.version ?? 0x34)).toThrow(EncodeError);
      expect(() => encodeSmpp(bad.pdu, bad.version ?? 0x34)).toThrow(bad.message);
    });
  }
});
