import type { SmppPdu, SmppVersion } from '../../src/smpp/index.js';
import { hex } from '../hex.js';

/*
 * Byte-exact vectors, written by hand from the field layouts of SMPP 3.4 §4 (tables 4-1 … 4-30),
 * SMPP 5.0 §4.6 (broadcast family) and reference/protocols.md §5. Header (3.4 §3.2, table 3-1):
 * command_length, command_id, command_status, sequence_number, 4 octets each, big-endian.
 * C-Octet strings end in 00. Strings used below, in ASCII:
 *   "esme" 65736d65  "pw" 7077  "VMA" 564d41  "SMSC" 534d5343  "CMT" 434d54
 *   "123" 313233  "456" 343536  "m1" 6d31  "dl" 646c  "hi" 6869
 *   "240102030405000+" 32343031 30323033 30343035 3030302b (3.4 §7.1.1 absolute time)
 */

const ALL: readonly SmppVersion[] = [0x33, 0x34, 0x50];
const TLV_VERSIONS: readonly SmppVersion[] = [0x34, 0x50];
const NO_33: readonly SmppVersion[] = [0x34, 0x50];
const ONLY_50: readonly SmppVersion[] = [0x50];

const TIME = '32343031 30323033 30343035 3030302b';

export interface Vector {
  readonly name: string;
  readonly versions: readonly SmppVersion[];
  readonly bytes: Buffer;
  readonly pdu: SmppPdu;
}

export const vectors: readonly Vector[] = [
  {
    // 3.4 §4.1.1: system_id, password, system_type, interface_version, addr_ton, addr_npi, address_range
    name: 'bind_transmitter',
    versions: ALL,
    bytes: hex('00000020 00000002 00000000 00000001', '65736d6500 707700 564d4100 34 01 01 00'),
    pdu: {
      command: 'bind_transmitter',
      sequence: 1,
      commandStatus: 0,
      systemId: 'esme',
      password: 'pw',
      systemType: 'VMA',
      interfaceVersion: 0x34,
      addrTon: 1,
      addrNpi: 1,
      addressRange: '',
      tlvs: undefined,
    },
  },
  {
    // 3.4 §4.1.3, as a 3.3 ESME sends it (interface_version 0x33, 3.3 §6.1)
    name: 'bind_receiver (3.3 interface_version)',
    versions: ALL,
    bytes: hex('00000023 00000001 00000000 00000002', '65736d6500 707700 564d4100 33 00 00 31323300'),
    pdu: {
      command: 'bind_receiver',
      sequence: 2,
      commandStatus: 0,
      systemId: 'esme',
      password: 'pw',
      systemType: 'VMA',
      interfaceVersion: 0x33,
      addrTon: 0,
      addrNpi: 0,
      addressRange: '123',
      tlvs: undefined,
    },
  },
  {
    // 3.4 §4.1.5 with interface_version 0x50 (5.0 §4.1.1.5)
    name: 'bind_transceiver',
    versions: NO_33,
    bytes: hex('0000001d 00000009 00000000 00000003', '65736d6500 707700 00 50 00 00 00'),
    pdu: {
      command: 'bind_transceiver',
      sequence: 3,
      commandStatus: 0,
      systemId: 'esme',
      password: 'pw',
      systemType: '',
      interfaceVersion: 0x50,
      addrTon: 0,
      addrNpi: 0,
      addressRange: '',
      tlvs: undefined,
    },
  },
  {
    // 3.4 §4.1.2: system_id, then sc_interface_version TLV (tag 0x0210, length 1, §5.3.2.25)
    name: 'bind_transmitter_resp with sc_interface_version',
    versions: TLV_VERSIONS,
    bytes: hex('0000001a 80000002 00000000 00000001', '534d534300', '0210 0001 34'),
    pdu: {
      command: 'bind_transmitter_resp',
      sequence: 1,
      commandStatus: 0,
      systemId: 'SMSC',
      tlvs: { scInterfaceVersion: 0x34 },
    },
  },
  {
    // 3.3: the response carries system_id only
    name: 'bind_receiver_resp',
    versions: ALL,
    bytes: hex('00000015 80000001 00000000 00000002', '534d534300'),
    pdu: { command: 'bind_receiver_resp', sequence: 2, commandStatus: 0, systemId: 'SMSC', tlvs: undefined },
  },
  {
    // 3.4 §4.1.6: "the body is not returned if command_status is non-zero" — ESME_RINVPASWD 0x0E
    name: 'bind_transceiver_resp refused, no body',
    versions: NO_33,
    bytes: hex('00000010 80000009 0000000e 00000003'),
    pdu: { command: 'bind_transceiver_resp', sequence: 3, commandStatus: 0x0e, systemId: '', tlvs: undefined },
  },
  {
    // 3.4 §4.1.7.1: system_id, password
    name: 'outbind',
    versions: NO_33,
    bytes: hex('00000018 0000000b 00000000 00000004', '534d534300 707700'),
    pdu: { command: 'outbind', sequence: 4, commandStatus: 0, systemId: 'SMSC', password: 'pw', tlvs: undefined },
  },
  {
    name: 'unbind (3.4 §4.2.1, header only)',
    versions: ALL,
    bytes: hex('00000010 00000006 00000000 00000005'),
    pdu: { command: 'unbind', sequence: 5, commandStatus: 0 },
  },
  {
    name: 'unbind_resp (3.4 §4.2.2)',
    versions: ALL,
    bytes: hex('00000010 80000006 00000000 00000005'),
    pdu: { command: 'unbind_resp', sequence: 5, commandStatus: 0 },
  },
  {
    // 3.4 §4.3.1: ESME_RINVCMDID 0x03
    name: 'generic_nack',
    versions: ALL,
    bytes: hex('00000010 80000000 00000003 00000006'),
    pdu: { command: 'generic_nack', sequence: 6, commandStatus: 3 },
  },
  {
    name: 'enquire_link (3.4 §4.11.1)',
    versions: ALL,
    bytes: hex('00000010 00000015 00000000 7fffffff'),
    pdu: { command: 'enquire_link', sequence: 0x7fffffff, commandStatus: 0 },
  },
  {
    name: 'enquire_link_resp (3.4 §4.11.2)',
    versions: ALL,
    bytes: hex('00000010 80000015 00000000 7fffffff'),
    pdu: { command: 'enquire_link_resp', sequence: 0x7fffffff, commandStatus: 0 },
  },
  {
    // 3.4 §4.4.1 table 4-10; esm_class 0x40 (UDHI), data_coding 0x08 (UCS2), short_message =
    // UDH 05 00 03 2a 02 01 (reference §6) + "hi" in UCS2; validity_period absolute.
    name: 'submit_sm with UDH',
    versions: ALL,
    bytes: hex(
      '00000045 00000004 00000000 00000007',
      '434d5400 05 00 534d534300 01 01 34353600',
      '40 00 01 00',
      TIME,
      '00 01 00 08 00 0a',
      '050003 2a 02 01 0068 0069',
    ),
    pdu: {
      command: 'submit_sm',
      sequence: 7,
      commandStatus: 0,
      serviceType: 'CMT',
      sourceAddrTon: 5,
      sourceAddrNpi: 0,
      sourceAddr: 'SMSC',
      destAddrTon: 1,
      destAddrNpi: 1,
      destinationAddr: '456',
      esmClass: 0x40,
      protocolId: 0,
      priorityFlag: 1,
      scheduleDeliveryTime: '',
      validityPeriod: '240102030405000+',
      registeredDelivery: 1,
      replaceIfPresentFlag: 0,
      dataCoding: 8,
      smDefaultMsgId: 0,
      shortMessage: hex('050003 2a 02 01 0068 0069'),
      tlvs: undefined,
    },
  },
  {
    // sar_* TLVs (3.4 §5.3.2.22–24) then a vendor TLV 0x1401 that must come back byte for byte
    name: 'submit_sm with sar TLVs and an unknown TLV',
    versions: TLV_VERSIONS,
    bytes: hex(
      '0000003f 00000004 00000000 00000008',
      '00 01 01 31323300 01 01 34353600',
      '00 00 00 00 00 00 00 00 00 02 6869',
      '020c 0002 1234 020e 0001 02 020f 0001 01 1401 0002 abcd',
    ),
    pdu: {
      command: 'submit_sm',
      sequence: 8,
      commandStatus: 0,
      serviceType: '',
      sourceAddrTon: 1,
      sourceAddrNpi: 1,
      sourceAddr: '123',
      destAddrTon: 1,
      destAddrNpi: 1,
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
      tlvs: {
        sarMsgRefNum: 0x1234,
        sarTotalSegments: 2,
        sarSegmentSeqnum: 1,
        others: [{ tag: 0x1401, value: hex('abcd') }],
      },
    },
  },
  {
    // 3.4 §4.6.1: a delivery receipt, esm_class 0x04; receipted_message_id (0x001E, C-Octet) and
    // message_state (0x0427, 2 = DELIVERED); text "id:m1 stat:DELIVRD" (Appendix B labels)
    name: 'deliver_sm receipt',
    versions: TLV_VERSIONS,
    bytes: hex(
      '00000046 00000005 00000000 00000009',
      '00 01 01 34353600 05 00 534d534300',
      '04 00 00 00 00 00 00 00 00 12',
      '69643a6d31 20 737461743a44454c49565244',
      '001e 0003 6d3100 0427 0001 02',
    ),
    pdu: {
      command: 'deliver_sm',
      sequence: 9,
      commandStatus: 0,
      serviceType: '',
      sourceAddrTon: 1,
      sourceAddrNpi: 1,
      sourceAddr: '456',
      destAddrTon: 5,
      destAddrNpi: 0,
      destinationAddr: 'SMSC',
      esmClass: 4,
      protocolId: 0,
      priorityFlag: 0,
      scheduleDeliveryTime: '',
      validityPeriod: '',
      registeredDelivery: 0,
      replaceIfPresentFlag: 0,
      dataCoding: 0,
      smDefaultMsgId: 0,
      shortMessage: Buffer.from('id:m1 stat:DELIVRD'),
      tlvs: { receiptedMessageId: 'm1', messageState: 2 },
    },
  },
  {
    // 3.4 §4.4.2: message_id
    name: 'submit_sm_resp',
    versions: ALL,
    bytes: hex('00000013 80000004 00000000 00000007', '6d3100'),
    pdu: { command: 'submit_sm_resp', sequence: 7, commandStatus: 0, messageId: 'm1', tlvs: undefined },
  },
  {
    // error status ESME_RTHROTTLED 0x58 with the body left out (3.4 §4.4.2 note)
    name: 'submit_sm_resp throttled, no body',
    versions: ALL,
    bytes: hex('00000010 80000004 00000058 00000008'),
    pdu: { command: 'submit_sm_resp', sequence: 8, commandStatus: 0x58, messageId: '', tlvs: undefined },
  },
  {
    // 3.4 §4.6.2: message_id unused, a single NUL
    name: 'deliver_sm_resp',
    versions: ALL,
    bytes: hex('00000011 80000005 00000000 00000009', '00'),
    pdu: { command: 'deliver_sm_resp', sequence: 9, commandStatus: 0, messageId: '', tlvs: undefined },
  },
  {
    // 3.4 §4.5.1: number_of_dests 2; dest_flag 1 (SME: ton, npi, address) and 2 (dl_name)
    name: 'submit_multi',
    versions: ALL,
    bytes: hex(
      '0000002f 00000021 00000000 0000000a',
      '00 01 01 31323300',
      '02 01 01 01 34353600 02 646c00',
      '00 00 00 00 00 00 00 00 00 02 6869',
    ),
    pdu: {
      command: 'submit_multi',
      sequence: 10,
      commandStatus: 0,
      serviceType: '',
      sourceAddrTon: 1,
      sourceAddrNpi: 1,
      sourceAddr: '123',
      destAddresses: [
        { type: 'sme_address', destAddrTon: 1, destAddrNpi: 1, destinationAddr: '456' },
        { type: 'distribution_list', dlName: 'dl' },
      ],
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
    },
  },
  {
    // 3.4 §4.5.2: message_id, no_unsuccess 1, unsuccess_sme (ton, npi, address, error_status_code 0x0B)
    name: 'submit_multi_resp',
    versions: ALL,
    bytes: hex('0000001e 80000021 00000000 0000000a', '6d3100 01 01 01 34353600 0000000b'),
    pdu: {
      command: 'submit_multi_resp',
      sequence: 10,
      commandStatus: 0,
      messageId: 'm1',
      unsuccessSmes: [{ destAddrTon: 1, destAddrNpi: 1, destinationAddr: '456', errorStatusCode: 0x0b }],
      tlvs: undefined,
    },
  },
  {
    // 3.4 §4.7.1: service_type … data_coding, text in message_payload (0x0424)
    name: 'data_sm',
    versions: NO_33,
    bytes: hex('00000026 00000103 00000000 0000000b', '00 01 01 31323300 01 01 34353600 00 01 00', '0424 0002 6869'),
    pdu: {
      command: 'data_sm',
      sequence: 11,
      commandStatus: 0,
      serviceType: '',
      sourceAddrTon: 1,
      sourceAddrNpi: 1,
      sourceAddr: '123',
      destAddrTon: 1,
      destAddrNpi: 1,
      destinationAddr: '456',
      esmClass: 0,
      registeredDelivery: 1,
      dataCoding: 0,
      tlvs: { messagePayload: Buffer.from('hi') },
    },
  },
  {
    // 3.4 §4.7.2 with delivery_failure_reason (0x0425) and additional_status_info_text (0x001D "hi")
    name: 'data_sm_resp',
    versions: NO_33,
    bytes: hex('0000001f 80000103 000000fe 0000000b', '6d3100', '0425 0001 01 001d 0003 686900'),
    pdu: {
      command: 'data_sm_resp',
      sequence: 11,
      commandStatus: 0xfe,
      messageId: 'm1',
      tlvs: { deliveryFailureReason: 1, additionalStatusInfoText: 'hi' },
    },
  },
  {
    // 3.4 §4.8.1: message_id, source_addr_ton, source_addr_npi, source_addr
    name: 'query_sm',
    versions: ALL,
    bytes: hex('00000019 00000003 00000000 0000000c', '6d3100 01 01 31323300'),
    pdu: {
      command: 'query_sm',
      sequence: 12,
      commandStatus: 0,
      messageId: 'm1',
      sourceAddrTon: 1,
      sourceAddrNpi: 1,
      sourceAddr: '123',
      tlvs: undefined,
    },
  },
  {
    // 3.4 §4.8.2: message_id, final_date, message_state (2 DELIVERED), error_code
    name: 'query_sm_resp',
    versions: ALL,
    bytes: hex('00000026 80000003 00000000 0000000c', '6d3100', TIME, '00 02 00'),
    pdu: {
      command: 'query_sm_resp',
      sequence: 12,
      commandStatus: 0,
      messageId: 'm1',
      finalDate: '240102030405000+',
      messageState: 2,
      errorCode: 0,
      tlvs: undefined,
    },
  },
  {
    // 3.4 §4.9.1
    name: 'cancel_sm',
    versions: ALL,
    bytes: hex('00000020 00000008 00000000 0000000d', '00 6d3100 01 01 31323300 01 01 34353600'),
    pdu: {
      command: 'cancel_sm',
      sequence: 13,
      commandStatus: 0,
      serviceType: '',
      messageId: 'm1',
      sourceAddrTon: 1,
      sourceAddrNpi: 1,
      sourceAddr: '123',
      destAddrTon: 1,
      destAddrNpi: 1,
      destinationAddr: '456',
      tlvs: undefined,
    },
  },
  {
    name: 'cancel_sm_resp (3.4 §4.9.2, header only)',
    versions: ALL,
    bytes: hex('00000010 80000008 00000000 0000000d'),
    pdu: { command: 'cancel_sm_resp', sequence: 13, commandStatus: 0 },
  },
  {
    // 3.4 §4.10.1
    name: 'replace_sm',
    versions: ALL,
    bytes: hex('00000020 00000007 00000000 0000000e', '6d3100 01 01 31323300 00 00 01 00 02 6869'),
    pdu: {
      command: 'replace_sm',
      sequence: 14,
      commandStatus: 0,
      messageId: 'm1',
      sourceAddrTon: 1,
      sourceAddrNpi: 1,
      sourceAddr: '123',
      scheduleDeliveryTime: '',
      validityPeriod: '',
      registeredDelivery: 1,
      smDefaultMsgId: 0,
      shortMessage: Buffer.from('hi'),
      tlvs: undefined,
    },
  },
  {
    name: 'replace_sm_resp (3.4 §4.10.2, header only)',
    versions: ALL,
    bytes: hex('00000010 80000007 00000000 0000000e'),
    pdu: { command: 'replace_sm_resp', sequence: 14, commandStatus: 0 },
  },
  {
    // 3.4 §4.12.1 with ms_availability_status (0x0422) 0 = available
    name: 'alert_notification',
    versions: NO_33,
    bytes: hex('00000021 00000102 00000000 0000000f', '01 01 34353600 01 01 31323300', '0422 0001 00'),
    pdu: {
      command: 'alert_notification',
      sequence: 15,
      commandStatus: 0,
      sourceAddrTon: 1,
      sourceAddrNpi: 1,
      sourceAddr: '456',
      esmeAddrTon: 1,
      esmeAddrNpi: 1,
      esmeAddr: '123',
      tlvs: { msAvailabilityStatus: 0 },
    },
  },
  {
    // 5.0 §4.6.1.1: fixed part, then broadcast_area_identifier (0x0606: format 0 + "AB"),
    // broadcast_content_type (0x0601: network 1 GSM, type 0x0000), broadcast_rep_num (0x0604: 1),
    // broadcast_frequency_interval (0x0605: unit 0x09 minutes, 5), message_payload "hi"
    name: 'broadcast_sm',
    versions: ONLY_50,
    bytes: hex(
      '0000003f 00000111 00000000 00000010',
      '00 01 01 31323300 00 00 00 00 00 00 00',
      '0606 0003 00 4142',
      '0601 0003 01 0000',
      '0604 0002 0001',
      '0605 0003 09 0005',
      '0424 0002 6869',
    ),
    pdu: {
      command: 'broadcast_sm',
      sequence: 16,
      commandStatus: 0,
      serviceType: '',
      sourceAddrTon: 1,
      sourceAddrNpi: 1,
      sourceAddr: '123',
      messageId: '',
      priorityFlag: 0,
      scheduleDeliveryTime: '',
      validityPeriod: '',
      replaceIfPresentFlag: 0,
      dataCoding: 0,
      smDefaultMsgId: 0,
      tlvs: {
        broadcastAreaIdentifier: [{ format: 0, details: Buffer.from('AB') }],
        broadcastContentType: { networkType: 1, contentType: 0 },
        broadcastRepNum: 1,
        broadcastFrequencyInterval: { timeUnit: 9, number: 5 },
        messagePayload: Buffer.from('hi'),
      },
    },
  },
  {
    // 5.0 §4.6.1.2: message_id, failed_broadcast_area_identifier (same tag 0x0606)
    name: 'broadcast_sm_resp',
    versions: ONLY_50,
    bytes: hex('0000001a 80000111 0000010d 00000010', '6d3100', '0606 0003 00 4142'),
    pdu: {
      command: 'broadcast_sm_resp',
      sequence: 16,
      commandStatus: 0x10d,
      messageId: 'm1',
      tlvs: { broadcastAreaIdentifier: [{ format: 0, details: Buffer.from('AB') }] },
    },
  },
  {
    // 5.0 §4.6.2.1
    name: 'query_broadcast_sm',
    versions: ONLY_50,
    bytes: hex('00000019 00000112 00000000 00000011', '6d3100 01 01 31323300'),
    pdu: {
      command: 'query_broadcast_sm',
      sequence: 17,
      commandStatus: 0,
      messageId: 'm1',
      sourceAddrTon: 1,
      sourceAddrNpi: 1,
      sourceAddr: '123',
      tlvs: undefined,
    },
  },
  {
    // 5.0 §4.6.2.2: message_id, message_state, broadcast_area_identifier ×2, broadcast_area_success (0x0608: 100 %)
    name: 'query_broadcast_sm_resp',
    versions: ONLY_50,
    bytes: hex(
      '0000002a 80000112 00000000 00000011',
      '6d3100',
      '0427 0001 01',
      '0606 0003 00 4142',
      '0606 0002 01 ff',
      '0608 0001 64',
    ),
    pdu: {
      command: 'query_broadcast_sm_resp',
      sequence: 17,
      commandStatus: 0,
      messageId: 'm1',
      tlvs: {
        messageState: 1,
        broadcastAreaIdentifier: [
          { format: 0, details: Buffer.from('AB') },
          { format: 1, details: hex('ff') },
        ],
        broadcastAreaSuccess: 100,
      },
    },
  },
  {
    // 5.0 §4.6.3.1
    name: 'cancel_broadcast_sm',
    versions: ONLY_50,
    bytes: hex('0000001a 00000113 00000000 00000012', '00 6d3100 01 01 31323300'),
    pdu: {
      command: 'cancel_broadcast_sm',
      sequence: 18,
      commandStatus: 0,
      serviceType: '',
      messageId: 'm1',
      sourceAddrTon: 1,
      sourceAddrNpi: 1,
      sourceAddr: '123',
      tlvs: undefined,
    },
  },
  {
    name: 'cancel_broadcast_sm_resp (5.0 §4.6.3.2, header only)',
    versions: ONLY_50,
    bytes: hex('00000010 80000113 00000000 00000012'),
    pdu: { command: 'cancel_broadcast_sm_resp', sequence: 18, commandStatus: 0 },
  },
];
