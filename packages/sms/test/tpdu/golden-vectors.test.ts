import { describe, expect, it } from 'vitest';
import {
  buildConcatUdh,
  decodeDeliverPdu,
  decodeScToMsPdu,
  decodeStatusReportPdu,
  decodeSubmitPdu,
  encodeDeliverPdu,
  encodeGsm7,
  encodeStatusReportPdu,
  encodeSubmitPdu,
  encodeText,
  parsePduHex,
  pduHex,
  phoneAddress,
  TP_DCS,
  type SmsDeliver,
  type SmsStatusReport,
  type SmsSubmit,
} from '@smshub/sms';

const encodeUcs2Text = (text: string): Buffer => encodeText(text, 'ucs2');

/** Hex with spaces between fields, as the vectors below are written. */
const pdu = (spaced: string): Buffer => parsePduHex(spaced.replace(/ /g, ''));

const hello = { header: null, payload: encodeGsm7('hellohello') };

interface SubmitVector {
  readonly name: string;
  readonly hex: string;
  readonly tpduLength: number;
  readonly serviceCentre: ReturnType<typeof phoneAddress> | null;
  readonly submit: SmsSubmit;
}

const submitVectors: SubmitVector[] = [
  {
    // The classic example from dreamfabric.com "SMS messages and the PDU format" (mirrored at
    // turbocontrol.com/CoolStuff): SCA 00, first octet 11 (SUBMIT, VPF relative), MR 00, DA
    // +46708251358, PID 00, DCS 00, VP AA (4 days), UDL 0A septets, "hellohello" packed.
    name: 'dreamfabric SMS-SUBMIT "hellohello"',
    hex: '00 11 00 0B 91 6407281553F8 00 00 AA 0A E8329BFD4697D9EC37',
    tpduLength: 23,
    serviceCentre: null,
    submit: {
      messageReference: 0,
      destination: phoneAddress('+46708251358'),
      rejectDuplicates: false,
      replyPath: false,
      statusReportRequest: false,
      protocolIdentifier: 0,
      dataCodingScheme: TP_DCS.gsm7,
      validityPeriod: { format: 'relative', value: 0xaa },
      userData: hello,
    },
  },
  {
    // Neoway N11 V2 AT Command Manual, appendix A.1: UCS2 "hello" to 13421839693 (TON unknown,
    // 81), first octet 01 (no VP), DCS 08, UDL 0A octets; AT+CMGS=23.
    name: 'Neoway UCS2 "hello", SIM SMSC',
    hex: '00 01 00 0B 81 3124819396F3 00 08 0A 00680065006C006C006F',
    tpduLength: 23,
    serviceCentre: null,
    submit: {
      messageReference: 0,
      destination: phoneAddress('13421839693', 'unknown'),
      rejectDuplicates: false,
      replyPath: false,
      statusReportRequest: false,
      protocolIdentifier: 0,
      dataCodingScheme: TP_DCS.ucs2,
      validityPeriod: null,
      userData: { header: null, payload: encodeUcs2Text('hello') },
    },
  },
  {
    // The same manual's variant with China Unicom's SMSC +8613010888500 in front (08 91 …F0):
    // the TPDU and AT+CMGS=23 are unchanged.
    name: 'Neoway UCS2 "hello", explicit SMSC',
    hex: '08 91 683110808805F0 01 00 0B 81 3124819396F3 00 08 0A 00680065006C006C006F',
    tpduLength: 23,
    serviceCentre: phoneAddress('+8613010888500'),
    submit: {
      messageReference: 0,
      destination: phoneAddress('13421839693', 'unknown'),
      rejectDuplicates: false,
      replyPath: false,
      statusReportRequest: false,
      protocolIdentifier: 0,
      dataCodingScheme: TP_DCS.ucs2,
      validityPeriod: null,
      userData: { header: null, payload: encodeUcs2Text('hello') },
    },
  },
  {
    // Derived by hand from TS 23.040 §9.2.3.24: UDH 05 00 03 CC 02 01 is 48 bits, so 1 fill bit
    // puts the text on septet 7; TP-UDL = 7 + 2 = 9 septets. 'H' (0x48) at bit 1 of octet 6 is
    // 0x90, 'i' (0x69) fills octet 7. First octet 71 = UDHI | SRR | VPF relative | SUBMIT; VP A7 =
    // 24 h (§9.2.3.12.1); DA +8613800138000 is 13 semi-octets, the last filled with F.
    name: 'GSM 7-bit part 1 of 2 with a concatenation header and fill bit',
    hex: '00 71 00 0D 91 683108108300F0 00 00 A7 09 050003CC0201 9069',
    tpduLength: 23,
    serviceCentre: null,
    submit: {
      messageReference: 0,
      destination: phoneAddress('+8613800138000'),
      rejectDuplicates: false,
      replyPath: false,
      statusReportRequest: true,
      protocolIdentifier: 0,
      dataCodingScheme: TP_DCS.gsm7,
      validityPeriod: { format: 'relative', value: 0xa7 },
      userData: { header: buildConcatUdh({ ref: 0xcc, total: 2, seq: 1 }), payload: encodeGsm7('Hi') },
    },
  },
  {
    // By hand: UCS2 part 2 of 2, "你好" = 4F60 597D; TP-UDL counts octets, header included:
    // 6 + 4 = 0A. First octet 61 = UDHI | SRR | SUBMIT (no VP); national TON is A1 (§9.1.2.5).
    // MR 2A is kept as given (a real ME replaces it).
    name: 'UCS2 part 2 of 2, national number, no validity period',
    hex: '00 61 2A 0B A1 3108108300F0 00 08 0A 0500030A0202 4F60597D',
    tpduLength: 23,
    serviceCentre: null,
    submit: {
      messageReference: 0x2a,
      destination: phoneAddress('13800138000', 'national'),
      rejectDuplicates: false,
      replyPath: false,
      statusReportRequest: true,
      protocolIdentifier: 0,
      dataCodingScheme: TP_DCS.ucs2,
      validityPeriod: null,
      userData: { header: buildConcatUdh({ ref: 0x0a, total: 2, seq: 2 }), payload: encodeUcs2Text('你好') },
    },
  },
  {
    // By hand: every first-octet flag set — RP 80, UDHI 40, SRR 20, VPF relative 10, RD 04,
    // SUBMIT 01 = F5; PID 7F. An empty header (UDHL 00) is 8 bits, so 6 fill bits follow and it
    // counts 2 septets: TP-UDL 03 with "@" (septet 00); TP-UD = 00, then 13 zero bits in 2 octets.
    name: 'all flags, empty header, an @ after six fill bits',
    hex: '00 F5 FF 03 81 21F3 7F 00 00 03 00 00 00',
    tpduLength: 13,
    serviceCentre: null,
    submit: {
      messageReference: 0xff,
      destination: phoneAddress('123', 'unknown'),
      rejectDuplicates: true,
      replyPath: true,
      statusReportRequest: true,
      protocolIdentifier: 0x7f,
      dataCodingScheme: TP_DCS.gsm7,
      validityPeriod: { format: 'relative', value: 0 },
      userData: { header: Buffer.from([0x00]), payload: encodeGsm7('@') },
    },
  },
];

describe('SMS-SUBMIT golden vectors (TS 23.040 §9.2.2.2)', () => {
  it.each(submitVectors)('encodes $name', ({ hex, tpduLength, serviceCentre, submit }) => {
    const encoded = encodeSubmitPdu(submit, serviceCentre);
    expect(pduHex(encoded.pdu)).toBe(hex.replace(/ /g, ''));
    expect(encoded.tpduLength).toBe(tpduLength);
  });

  it.each(submitVectors)('decodes $name', ({ hex, serviceCentre, submit }) => {
    const decoded = decodeSubmitPdu(pdu(hex));
    expect(decoded.serviceCentre).toEqual(serviceCentre);
    expect(decoded.tpdu).toMatchObject({
      ...submit,
      userData: { header: submit.userData.header, payload: submit.userData.payload },
    });
  });

  it('reads the concatenation counters of a part', () => {
    const decoded = decodeSubmitPdu(pdu('00 71 00 0D 91 683108108300F0 00 00 A7 09 050003CC0201 9069'));
    expect(decoded.tpdu.alphabet).toBe('gsm7');
    expect(decoded.tpdu.userData.concat).toEqual({ ref: 0xcc, total: 2, seq: 1 });
  });
});

describe('SMS-DELIVER golden vectors (TS 23.040 §9.2.2.1)', () => {
  it('decodes the dreamfabric example', () => {
    // dreamfabric.com (mirrored at luteus.biz, "R01-SMS_PDU"): SMSC +27381000015, first octet
    // 04 (MMS set: no more messages), sender 27838890001 with type C8 (TON 100 subscriber, NPI
    // 1000 national), SCTS 99-03-29 15:16:59 GMT+2 (80 = +8 quarters), "hellohello".
    const { serviceCentre, tpdu } = decodeDeliverPdu(
      pdu('07 91 7283010010F5 04 0B C8 7238880900F1 00 00 99309251619580 0A E8329BFD4697D9EC37'),
    );
    expect(serviceCentre).toEqual({ type: 'international', plan: 1, value: '27381000015' });
    expect(tpdu.originator).toEqual({ type: 'subscriber', plan: 8, value: '27838890001' });
    expect(tpdu.moreMessages).toBe(false);
    expect(tpdu.serviceCentreTime).toEqual({ date: new Date('1999-03-29T13:16:59Z'), offsetMinutes: 120 });
    expect(tpdu.alphabet).toBe('gsm7');
    expect(tpdu.text).toBe('hellohello');
    expect(tpdu.userData.concat).toBeUndefined();
  });

  const part: SmsDeliver = {
    originator: phoneAddress('+8613810001350'),
    moreMessages: false,
    loopPrevention: false,
    statusReportIndication: false,
    replyPath: false,
    protocolIdentifier: 0,
    dataCodingScheme: TP_DCS.ucs2,
    serviceCentreTime: { date: new Date('2024-03-05T06:30:00Z'), offsetMinutes: 480 },
    userData: { header: buildConcatUdh({ ref: 0x7b, total: 2, seq: 1 }), payload: encodeUcs2Text('你好') },
  };
  // By hand: SMSC +8613800210500; first octet 44 = UDHI | MMS; OA 13 semi-octets; SCTS
  // 2024-03-05 14:30:00 at GMT+8 = 32 quarters, written 23 (§9.2.3.11); UDL 6 + 4 octets.
  const partHex = '08 91 683108200105F0 44 0D 91 683118001053F0 00 08 42305041030023 0A 0500037B0201 4F60597D';

  it('encodes a UCS2 part with a concatenation header and GMT+8', () => {
    expect(pduHex(encodeDeliverPdu(part, phoneAddress('+8613800210500')).pdu)).toBe(partHex.replace(/ /g, ''));
  });

  it('decodes it back, with the text and the concatenation counters', () => {
    const { tpdu } = decodeDeliverPdu(pdu(partHex));
    expect(tpdu).toMatchObject({ ...part, userData: { header: part.userData.header, payload: part.userData.payload } });
    expect(tpdu.text).toBe('你好');
    expect(tpdu.userData.concat).toEqual({ ref: 0x7b, total: 2, seq: 1 });
  });

  it('decodes an alphanumeric sender (TON 101, packed GSM 7-bit, §9.1.2.5)', () => {
    // "Test": septets 54 65 73 74 pack to D4 F2 9C 0E (28 bits = 7 semi-octets).
    const { tpdu } = decodeDeliverPdu(pdu('00 04 07 D0 D4F29C0E 00 00 42305041030023 01 31'));
    expect(tpdu.originator).toEqual({ type: 'alphanumeric', plan: 0, value: 'Test' });
    expect(tpdu.text).toBe('1');
  });
});

describe('SMS-STATUS-REPORT golden vectors (TS 23.040 §9.2.2.3)', () => {
  it('decodes the published +CDS example', () => {
    // amro.blogspot.com, "receiving an SMS status report message" (2007): the TPDU after +CDS;
    // the blog's modem left out the service centre address, so 00 is put in front here.
    // 06 = STATUS-REPORT with MMS; MR 00; RA +20121875612; SCTS 07-09-12 15:10:12 GMT+2;
    // DT 15:10:17; ST 00 = received by the SME.
    const { tpdu } = decodeStatusReportPdu(pdu('00 06 00 0B 91 0221815716F2 70902151012180 70902151017180 00'));
    expect(tpdu.messageReference).toBe(0);
    expect(tpdu.recipient).toEqual({ type: 'international', plan: 1, value: '20121875612' });
    expect(tpdu.serviceCentreTime).toEqual({ date: new Date('2007-09-12T13:10:12Z'), offsetMinutes: 120 });
    expect(tpdu.dischargeTime).toEqual({ date: new Date('2007-09-12T13:10:17Z'), offsetMinutes: 120 });
    expect(tpdu.status).toBe(0);
    expect(tpdu.state).toBe('DELIVRD');
    expect(tpdu.protocolIdentifier).toBeNull();
    expect(tpdu.userData).toBeNull();
  });

  const expired: SmsStatusReport = {
    messageReference: 0x9c,
    recipient: phoneAddress('+8613800138000'),
    serviceCentreTime: { date: new Date('2025-12-31T20:00:00Z'), offsetMinutes: -300 },
    dischargeTime: { date: new Date('2026-01-02T20:00:05Z'), offsetMinutes: -300 },
    status: 0x46,
    aboutCommand: false,
    moreMessages: false,
    loopPrevention: false,
    protocolIdentifier: null,
    dataCodingScheme: null,
    userData: null,
  };
  // By hand: GMT-5 = 20 quarters with the sign bit: tens 2 | 8 = A, units 0 → octet 0A. Local
  // times 25-12-31 15:00:00 and 26-01-02 15:00:05. ST 46 = validity period expired.
  const expiredHex = '00 06 9C 0D 91 683108108300F0 5221135100000A 6210205100500A 46';

  it('encodes a report of an expired message with a negative time zone', () => {
    expect(pduHex(encodeStatusReportPdu(expired).pdu)).toBe(expiredHex.replace(/ /g, ''));
  });

  it('decodes it back as EXPIRED', () => {
    const { tpdu } = decodeStatusReportPdu(pdu(expiredHex));
    expect(tpdu).toEqual({ ...expired, state: 'EXPIRED' });
  });

  it('reads the optional PID, DCS and user data TP-PI announces (§9.2.3.27)', () => {
    // By hand: PI 07 = PID + DCS + UDL; PID 00, DCS 00, UDL 02 septets "ok": 'o' 6F, 'k' 6B pack
    // to 6F | (6B << 7 & FF) = EF, then 6B >> 1 = 35. ST 21 = SME busy, the SC still trying.
    const { tpdu } = decodeStatusReportPdu(
      pdu('00 06 01 03 81 21F3 62406080000000 62406080000500 21 07 00 00 02 EF35'),
    );
    expect(tpdu.state).toBe('ENROUTE');
    expect(tpdu.protocolIdentifier).toBe(0);
    expect(tpdu.dataCodingScheme).toBe(0);
    expect(tpdu.userData?.payload).toEqual(encodeGsm7('ok'));
  });

  it('tells a report from an MO message by TP-MTI', () => {
    expect(decodeScToMsPdu(pdu(expiredHex)).tpdu.type).toBe('status-report');
    expect(decodeScToMsPdu(pdu('00 04 07 D0 D4F29C0E 00 00 42305041030023 01 31')).tpdu.type).toBe('deliver');
  });
});
