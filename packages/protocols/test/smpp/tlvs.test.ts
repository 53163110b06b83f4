import { describe, expect, it } from 'vitest';
import { decodeSmpp, encodeSmpp, type SmppPdu, TlvDefinitions, TlvTag, type Tlvs } from '../../src/smpp/index.js';
import { hex } from '../hex.js';

/*
 * TLVs behind a submit_sm_resp with message_id "m1" (6d3100): header 16 + 3 bytes, then the TLV
 * bytes below (3.4 §3.2.4.1: tag, length, value; tags and sizes from table 5-6 / 5.0 table 4-60).
 */
function frame(tlvHex: string): Buffer {
  const tlvBytes = hex(tlvHex);
  const length = (19 + tlvBytes.length).toString(16).padStart(8, '0');
  return hex(length, '80000004 00000000 00000001 6d3100', tlvHex);
}

function tlvsOf(bytes: Buffer): Tlvs | undefined {
  const pdu = decodeSmpp(bytes, 0x50);
  if (pdu.command !== 'submit_sm_resp') throw new Error('unexpected');
  return pdu.tlvs;
}

function withTlvs(tlvs: Tlvs): SmppPdu {
  return { command: 'submit_sm_resp', sequence: 1, commandStatus: 0, messageId: 'm1', tlvs };
}

const typed: { name: string; bytes: string; tlvs: Tlvs }[] = [
  { name: 'u8: message_state (§5.3.2.35)', bytes: '0427 0001 05', tlvs: { messageState: 5 } },
  { name: 'u16: user_message_reference (§5.3.2.17)', bytes: '0204 0002 beef', tlvs: { userMessageReference: 0xbeef } },
  { name: 'u32: qos_time_to_live (§5.3.2.9)', bytes: '0017 0004 00015180', tlvs: { qosTimeToLive: 86_400 } },
  {
    name: 'C-Octet: receipted_message_id (§5.3.2.12)',
    bytes: '001e 0004 616263 00',
    tlvs: { receiptedMessageId: 'abc' },
  },
  { name: 'octets: message_payload (§5.3.2.32)', bytes: '0424 0003 010203', tlvs: { messagePayload: hex('010203') } },
  {
    name: 'network_error_code: type + 2-byte code (§5.3.2.31)',
    bytes: '0423 0003 03 0401',
    tlvs: { networkErrorCode: { networkType: 3, errorCode: 0x0401 } },
  },
  {
    name: 'alert_on_message_delivery: no value (§5.3.2.41)',
    bytes: '130c 0000',
    tlvs: { alertOnMessageDelivery: Buffer.alloc(0) },
  },
  { name: '5.0 congestion_state (§4.8.4.19)', bytes: '0428 0001 5a', tlvs: { congestionState: 90 } },
  { name: '5.0 source_network_id, C-Octet (§4.8.4.56)', bytes: '060d 0003 7a7a 00', tlvs: { sourceNetworkId: 'zz' } },
  {
    name: 'several, in wire order',
    bytes: '0427 0001 02 001e 0003 6d3100 0425 0001 03',
    tlvs: { messageState: 2, receiptedMessageId: 'm1', deliveryFailureReason: 3 },
  },
];

describe('smpp TLVs', () => {
  for (const t of typed) {
    it(`${t.name} decodes and encodes`, () => {
      expect(tlvsOf(frame(t.bytes))).toEqual(t.tlvs);
      expect(encodeSmpp(withTlvs(t.tlvs), 0x50).toString('hex')).toBe(frame(t.bytes).toString('hex'));
    });
  }

  it('encodes in the property order of the tlvs object (which decode keeps as wire order)', () => {
    const bytes = frame('0425 0001 03 0427 0001 02');
    const tlvs = tlvsOf(bytes);
    expect(Object.keys(tlvs ?? {})).toEqual(['deliveryFailureReason', 'messageState']);
    expect(encodeSmpp(decodeSmpp(bytes, 0x34), 0x34).equals(bytes)).toBe(true);
  });

  it('keeps unknown TLVs raw, in order, and writes them back byte for byte', () => {
    const bytes = frame('0427 0001 02 1400 0001 aa 1501 0000 3fff 0003 010203');
    expect(tlvsOf(bytes)).toEqual({
      messageState: 2,
      others: [
        { tag: 0x1400, value: hex('aa') },
        { tag: 0x1501, value: Buffer.alloc(0) },
        { tag: 0x3fff, value: hex('010203') },
      ],
    });
    expect(encodeSmpp(decodeSmpp(bytes, 0x34), 0x34).toString('hex')).toBe(bytes.toString('hex'));
  });

  it('keeps a known tag with the wrong length raw (byte-exact), not as a wrong value', () => {
    const bytes = frame('0427 0002 0001');
    expect(tlvsOf(bytes)).toEqual({ others: [{ tag: 0x0427, value: hex('0001') }] });
    expect(encodeSmpp(decodeSmpp(bytes, 0x34), 0x34).equals(bytes)).toBe(true);
  });

  it('keeps the first of a repeated single-valued TLV and the repeat raw', () => {
    const bytes = frame('0427 0001 02 0427 0001 03');
    expect(tlvsOf(bytes)).toEqual({ messageState: 2, others: [{ tag: 0x0427, value: hex('03') }] });
    expect(encodeSmpp(decodeSmpp(bytes, 0x34), 0x34).equals(bytes)).toBe(true);
  });

  it('reads receipted_message_id sent without its NUL (seen from real SMSCs)', () => {
    expect(tlvsOf(frame('001e 0002 6d31'))).toEqual({ receiptedMessageId: 'm1' });
  });

  it('keeps a C-Octet TLV with a NUL inside raw', () => {
    expect(tlvsOf(frame('001e 0004 6d00 3100'))).toEqual({ others: [{ tag: 0x001e, value: hex('6d003100') }] });
  });

  it('collects repeated broadcast_area_identifier in order (5.0 §4.8.4.4)', () => {
    expect(tlvsOf(frame('0606 0002 00 41 0606 0003 02 0102'))).toEqual({
      broadcastAreaIdentifier: [
        { format: 0, details: hex('41') },
        { format: 2, details: hex('0102') },
      ],
    });
  });

  it('names every tag of 3.4 table 5-6 and the 5.0 additions under the spec name', () => {
    // Tags transcribed from the spec tables, independently of TlvDefinitions.
    const spec: Record<string, number> = {
      dest_addr_subunit: 0x0005,
      dest_network_type: 0x0006,
      dest_bearer_type: 0x0007,
      dest_telematics_id: 0x0008,
      source_addr_subunit: 0x000d,
      source_network_type: 0x000e,
      source_bearer_type: 0x000f,
      source_telematics_id: 0x0010,
      qos_time_to_live: 0x0017,
      payload_type: 0x0019,
      additional_status_info_text: 0x001d,
      receipted_message_id: 0x001e,
      ms_msg_wait_facilities: 0x0030,
      privacy_indicator: 0x0201,
      source_subaddress: 0x0202,
      dest_subaddress: 0x0203,
      user_message_reference: 0x0204,
      user_response_code: 0x0205,
      source_port: 0x020a,
      destination_port: 0x020b,
      sar_msg_ref_num: 0x020c,
      language_indicator: 0x020d,
      sar_total_segments: 0x020e,
      sar_segment_seqnum: 0x020f,
      sc_interface_version: 0x0210,
      callback_num_pres_ind: 0x0302,
      callback_num_atag: 0x0303,
      number_of_messages: 0x0304,
      callback_num: 0x0381,
      dpf_result: 0x0420,
      set_dpf: 0x0421,
      ms_availability_status: 0x0422,
      network_error_code: 0x0423,
      message_payload: 0x0424,
      delivery_failure_reason: 0x0425,
      more_messages_to_send: 0x0426,
      message_state: 0x0427,
      ussd_service_op: 0x0501,
      display_time: 0x1201,
      sms_signal: 0x1203,
      ms_validity: 0x1204,
      alert_on_message_delivery: 0x130c,
      its_reply_type: 0x1380,
      its_session_info: 0x1383,
      congestion_state: 0x0428,
      broadcast_channel_indicator: 0x0600,
      broadcast_content_type: 0x0601,
      broadcast_content_type_info: 0x0602,
      broadcast_message_class: 0x0603,
      broadcast_rep_num: 0x0604,
      broadcast_frequency_interval: 0x0605,
      broadcast_area_identifier: 0x0606,
      broadcast_error_status: 0x0607,
      broadcast_area_success: 0x0608,
      broadcast_end_time: 0x0609,
      broadcast_service_group: 0x060a,
      billing_identification: 0x060b,
      source_network_id: 0x060d,
      dest_network_id: 0x060e,
      source_node_id: 0x060f,
      dest_node_id: 0x0610,
      dest_addr_np_resolution: 0x0611,
      dest_addr_np_information: 0x0612,
      dest_addr_np_country: 0x0613,
    };
    expect({ ...TlvTag }).toEqual(spec);
    expect(Object.keys(TlvDefinitions)).toHaveLength(Object.keys(spec).length);
  });
});
