import { describe, expect, it } from 'vitest';
import {
  decodeDeliverPdu,
  decodeScToMsPdu,
  decodeStatusReportPdu,
  decodeSubmitPdu,
  encodeGsm7,
  encodeSubmitPdu,
  parsePduHex,
  phoneAddress,
  TpduError,
  type SmsSubmit,
} from '@smshub/sms';
import { thrown } from '../thrown.js';

const bytes = (spaced: string): Buffer => Buffer.from(spaced.replace(/ /g, ''), 'hex');

describe('parsePduHex', () => {
  it.each([
    ['0', 'odd number of characters'],
    ['0G', '"G" at character 1'],
    ['00 1', '" " at character 2'],
    ['+CMGS', 'odd number'],
  ])('refuses %j (%s)', (text, message) => {
    const error = thrown(() => parsePduHex(text));
    expect(error).toBeInstanceOf(TpduError);
    expect((error as TpduError).message).toContain(message);
  });

  it('reads both cases', () => {
    expect(parsePduHex('0aFf')).toEqual(Buffer.from([0x0a, 0xff]));
  });
});

describe('decoding a damaged PDU is a TpduError naming the place', () => {
  it.each<[string, (pdu: Buffer) => unknown, string, string]>([
    ['empty', decodeSubmitPdu, '', 'service centre address length'],
    ['SCA longer than the PDU', decodeSubmitPdu, '07 91 7283', 'truncated'],
    ['SCA over 11 octets', decodeDeliverPdu, '0C 91 000000000000000000000000', 'longer than 11'],
    ['a DELIVER read as SUBMIT', decodeSubmitPdu, '00 04 03 81 21F3 00 00 42305041030023 01 31', 'is not SMS-SUBMIT'],
    ['a SUBMIT read as DELIVER', decodeDeliverPdu, '00 11 00 03 81 21F3 00 00 AA 01 31', 'is not SMS-DELIVER'],
    ['an SMS-COMMAND from the SC side', decodeScToMsPdu, '00 03', 'neither SMS-DELIVER'],
    ['address of 21 semi-octets', decodeSubmitPdu, '00 01 00 15 91 0000000000000000000000 00 00 00', 'longer than 20'],
    ['filler inside the digits', decodeSubmitPdu, '00 01 00 04 81 21F3 00 00 00', 'filler nibble at digit 4'],
    ['address cut short', decodeSubmitPdu, '00 01 00 0B 91 6407', 'truncated: TP-DA'],
    ['UDL past the data', decodeSubmitPdu, '00 01 00 03 81 21F3 00 08 04 0041', 'truncated: TP-UD'],
    ['GSM UDL over 160', decodeSubmitPdu, '00 01 00 03 81 21F3 00 00 A1 00', 'exceeds 160 septets'],
    ['UCS2 UDL over 140', decodeSubmitPdu, '00 01 00 03 81 21F3 00 08 8D 00', 'exceeds 140 octets'],
    ['odd UCS2 length', decodeDeliverPdu, '00 00 03 81 21F3 00 08 42305041030023 03 004100', 'odd length 3'],
    ['header longer than the data', decodeSubmitPdu, '00 41 00 03 81 21F3 00 08 03 05 0003', 'user data header'],
    [
      'GSM header longer than TP-UDL',
      decodeSubmitPdu,
      '00 41 00 03 81 21F3 00 00 03 02 7000',
      'longer than TP-UDL 3 septets',
    ],
    ['trailing bytes', decodeSubmitPdu, '00 01 00 03 81 21F3 00 04 01 41 42', '1 unexpected trailing bytes'],
    ['month 13', decodeDeliverPdu, '00 00 03 81 21F3 00 00 42315041030023 00', 'is not a valid time'],
    ['31 February', decodeDeliverPdu, '00 00 03 81 21F3 00 00 42201341030023 00', 'is not a valid time'],
    [
      'hex letter in the time stamp',
      decodeStatusReportPdu,
      '00 06 00 03 81 21F3 4A305041030023 42305041030023 00',
      'non-decimal',
    ],
    [
      'time zone units not decimal',
      decodeStatusReportPdu,
      '00 06 00 03 81 21F3 42305041030003 420305041030A3 00',
      'time zone',
    ],
    [
      'TP-PI announcing a missing DCS',
      decodeStatusReportPdu,
      '00 06 00 03 81 21F3 42305041030023 42305041030023 00 02',
      'truncated: TP-DCS',
    ],
  ])('%s', (_name, decode, hex, message) => {
    const error = thrown(() => decode(bytes(hex)));
    expect(error).toBeInstanceOf(TpduError);
    expect((error as TpduError).message).toContain(message);
  });

  it('gives the byte offset', () => {
    const error = thrown(() => decodeSubmitPdu(bytes('00 01 00 04 81 21F3 00 00 00'))) as TpduError;
    expect(error.offset).toBe(6);
    expect(error.tpdu).toBe('sms-submit');
  });
});

describe('encoding refuses what cannot be sent', () => {
  const base: SmsSubmit = {
    messageReference: 0,
    destination: phoneAddress('+8613800138000'),
    rejectDuplicates: false,
    replyPath: false,
    statusReportRequest: false,
    protocolIdentifier: 0,
    dataCodingScheme: 0,
    validityPeriod: null,
    userData: { header: null, payload: encodeGsm7('hi') },
  };

  it.each<[string, Partial<SmsSubmit>, string]>([
    ['161 septets', { userData: { header: null, payload: Buffer.alloc(161) } }, 'exceeds 140'],
    [
      '141 octets of UCS2',
      { dataCodingScheme: 8, userData: { header: null, payload: Buffer.alloc(142) } },
      'exceeds 140',
    ],
    ['a byte that is no septet', { userData: { header: null, payload: Buffer.from([0x80]) } }, 'not a septet'],
    [
      'a header whose UDHL is wrong',
      { userData: { header: Buffer.from([0x05, 0x00, 0x03]), payload: Buffer.alloc(0) } },
      'does not start with its own length',
    ],
    ['a letter in the number', { destination: phoneAddress('+86138x') }, '"x" at position 5'],
    ['21 digits', { destination: phoneAddress('1'.repeat(21)) }, 'more than 20 digits'],
    ['TP-MR 256', { messageReference: 256 }, 'TP-MR 256 is not 0–255'],
    ['a relative TP-VP of -1', { validityPeriod: { format: 'relative', value: -1 } }, 'TP-VP -1'],
    [
      'an absolute TP-VP of 3 octets',
      { validityPeriod: { format: 'absolute', octets: Buffer.alloc(3) } },
      'must be 7 octets',
    ],
    ['numbering plan 16', { destination: { type: 'unknown', plan: 16, value: '1' } }, 'numbering plan 16'],
  ])('%s', (_name, change, message) => {
    const error = thrown(() => encodeSubmitPdu({ ...base, ...change }));
    expect(error).toBeInstanceOf(TpduError);
    expect((error as TpduError).message).toContain(message);
  });

  it('refuses an alphanumeric service centre address', () => {
    expect(thrown(() => encodeSubmitPdu(base, { type: 'alphanumeric', plan: 0, value: 'SMSC' }))).toBeInstanceOf(
      TpduError,
    );
  });
});
