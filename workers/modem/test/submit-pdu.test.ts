import { describe, expect, it } from 'vitest';
import type { OutboundSegment } from '@smshub/protocols';
import { encodeGsm7, pduHex } from '@smshub/sms';
import { submitPdu } from '../src/submit-pdu.js';

const segment: OutboundSegment = {
  to: '8613800138000',
  from: '1069000',
  encoding: 'gsm7',
  payload: encodeGsm7('Hi'),
  udh: null,
  part: null,
  wantReport: true,
  priority: 0,
};
const now = new Date('2026-01-01T00:00:00Z');

describe('the SMS-SUBMIT for a segment', () => {
  it.each<[string, Partial<OutboundSegment>, 'e164' | 'national', number | null, string]>([
    // 00 SCA; 21 = SRR | SUBMIT (no VP); MR 00; DA 0D 91 …; PID 00; DCS 00; UDL 02; "Hi" = C8 34
    ['E.164 digits as TON international, no validity', {}, 'e164', null, '00 21 00 0D 91 683108108300F0 00 00 02 C834'],
    // 81 = TON unknown for a national number
    [
      'a national number as TON unknown',
      { to: '13800138000' },
      'national',
      null,
      '00 21 00 0B 81 3108108300F0 00 00 02 C834',
    ],
    // VPF relative (10): 31; 24 h = A7 (TS 23.040 §9.2.3.12.1)
    ['the default validity', {}, 'e164', 24 * 60, '00 31 00 0D 91 683108108300F0 00 00 A7 02 C834'],
    // validUntil 2 hours ahead: (2h / 5 min) - 1 = 23 = 17; no report: 11
    [
      'validUntil as a relative period',
      { validUntil: new Date('2026-01-01T02:00:00Z'), wantReport: false },
      'e164',
      null,
      '00 11 00 0D 91 683108108300F0 00 00 17 02 C834',
    ],
    // UCS2 part 1 of 2: 61 = UDHI | SRR | SUBMIT; DCS 08; UDL 6 + 2
    [
      'a UCS2 part with its UDH',
      {
        encoding: 'ucs2',
        payload: Buffer.from([0x4f, 0x60]),
        udh: Buffer.from([5, 0, 3, 9, 2, 1]),
        part: { ref: 9, total: 2, seq: 1 },
      },
      'e164',
      null,
      '00 61 00 0D 91 683108108300F0 00 08 08 050003090201 4F60',
    ],
  ])('%s', (_name, change, numbers, defaultValidityMinutes, hex) => {
    const message = submitPdu({ ...segment, ...change }, { numbers, defaultValidityMinutes, now });
    expect(message === null ? null : pduHex(message.pdu)).toBe(hex.replace(/ /g, ''));
  });

  it('has no PDU for encodings GSM does not carry', () => {
    expect(
      submitPdu({ ...segment, encoding: 'gbk' }, { numbers: 'e164', defaultValidityMinutes: null, now }),
    ).toBeNull();
  });
});
