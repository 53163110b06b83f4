import fc from 'fast-check';
import smpp from 'smpp';
import { describe, expect, it } from 'vitest';
import { CommandStatus, decodeSmpp, encodeSmpp, type SmppPdu, TlvTag, type Tlvs } from '../../src/smpp/index.js';
import { pduArb, tlvsArb } from './arbitraries.js';
import { toNpmOptions } from './npm-smpp-form.js';
import { vectors } from './vectors.js';

/*
 * An independent implementation as a second opinion: npm `smpp` 0.5.1 (SMPP 5.0 command set).
 * Its bytes must decode in ours and ours in its, and both must encode a PDU identically.
 * Not comparable: unknown TLVs (it cannot encode them), error responses with a body (it always
 * drops the body when command_status ≠ 0) and 3.3 (it has no such mode).
 */

/** Fields its decoder rewrites through filters (text by data_coding, times to Date, TLV structs). */
const filtered = new Set([
  'short_message',
  'message_payload',
  'schedule_delivery_time',
  'validity_period',
  'final_date',
  'broadcast_area_identifier',
  'broadcast_content_type',
  'broadcast_frequency_interval',
  'network_error_code',
]);

function comparable(pdu: SmppPdu): boolean {
  const tlvs = 'tlvs' in pdu ? pdu.tlvs : undefined;
  if (tlvs?.others !== undefined || tlvs?.alertOnMessageDelivery !== undefined) return false;
  if (pdu.commandStatus !== 0 && encodeSmpp(pdu, 0x50).length > 16) return false;
  // Its PDU is one flat object: a TLV named like a mandatory field (query_sm_resp's
  // message_state) cannot be given to it.
  if (tlvs !== undefined && 'messageState' in tlvs && pdu.command === 'query_sm_resp') return false;
  return true;
}

describe('npm smpp agrees with our golden vectors', () => {
  for (const vector of vectors) {
    if (!vector.versions.includes(0x50) || !comparable(vector.pdu)) continue;
    const options = toNpmOptions(vector.pdu);

    it(`${vector.name}: it encodes our bytes`, () => {
      const theirs = new smpp.PDU(vector.pdu.command, options).toBuffer();
      expect(theirs.toString('hex')).toBe(vector.bytes.toString('hex'));
      expect(decodeSmpp(theirs, 0x50)).toEqual(vector.pdu);
    });

    it(`${vector.name}: it decodes our bytes to the same fields`, () => {
      const theirs = new smpp.PDU(encodeSmpp(vector.pdu, 0x50));
      expect(theirs.command).toBe(vector.pdu.command);
      expect(theirs.sequence_number).toBe(vector.pdu.sequence);
      expect(theirs.command_status).toBe(vector.pdu.commandStatus);
      if (vector.bytes.length === 16) return; // a bare header: it reads no fields at all
      for (const [field, value] of Object.entries(options)) {
        if (filtered.has(field) || field === 'sequence_number' || field === 'command_status') continue;
        expect(theirs[field], field).toEqual(value);
      }
    });
  }

  it('reads the text of our submit_sm and the receipt TLVs of our deliver_sm', () => {
    const submit = vectors.find((v) => v.name === 'submit_sm with UDH')!;
    const theirSubmit = new smpp.PDU(submit.bytes);
    expect(theirSubmit.short_message).toEqual({
      udh: [Buffer.from('0003 2a 02 01'.replace(/ /g, ''), 'hex')],
      message: 'hi',
    });
    const receipt = vectors.find((v) => v.name === 'deliver_sm receipt')!;
    const theirReceipt = new smpp.PDU(receipt.bytes);
    expect(theirReceipt.receipted_message_id).toBe('m1');
    expect(theirReceipt.message_state).toBe(2);
    expect(theirReceipt.short_message).toEqual({ message: 'id:m1 stat:DELIVRD' });
  });

  it('has the same command_status values under the same names', () => {
    for (const [name, value] of Object.entries(smpp.errors))
      expect(CommandStatus[name as keyof typeof CommandStatus], name).toBe(value);
  });

  it('has the same TLV tags (npm names destination_port "dest_port")', () => {
    const ours = new Map(
      Object.entries(TlvTag).map(([name, tag]) => [name === 'destination_port' ? 'dest_port' : name, tag]),
    );
    for (const [name, def] of Object.entries(smpp.tlvs)) {
      if (name === 'alert_on_msg_delivery' || name === 'failed_broadcast_area_identifier') continue; // its aliases
      expect(ours.get(name), name).toBe(def.id);
    }
  });
});

/** TLVs it encodes the way we do: not alert_on_message_delivery (it writes an int8), no unknown tags. */
const npmTlvs = tlvsArb.map((tlvs): Tlvs | undefined => {
  if (tlvs === undefined) return undefined;
  const { others: _others, alertOnMessageDelivery: _alert, ...rest } = tlvs;
  return Object.keys(rest).length === 0 ? undefined : rest;
});

describe('npm smpp encodes random PDUs to the same bytes', () => {
  it('for every 5.0 command', () => {
    fc.assert(
      fc.property(pduArb(0x50, { tlvs: npmTlvs, wellFormedTimes: true }), (generated) => {
        const pdu = { ...generated, commandStatus: 0 } as SmppPdu;
        fc.pre(comparable(pdu));
        const ours = encodeSmpp(pdu, 0x50);
        const theirs = new smpp.PDU(pdu.command, toNpmOptions(pdu)).toBuffer();
        expect(theirs.toString('hex')).toBe(ours.toString('hex'));
      }),
      { numRuns: 2000 },
    );
  });
});
