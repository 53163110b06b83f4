import { describe, expect, it } from 'vitest';
import { operatorSms } from '../src/index.js';

describe('operatorSms', () => {
  it('normalises numbers as intake stores them and counts Chinese numbers as UCS2', () => {
    const sms = operatorSms(['+86 138-0013-8000', '+447400123456', 'not a number'], '【smshub告警】通道 cmcc 故障');
    expect(sms).toEqual([
      {
        recipient: '13800138000',
        carrierCode: 'CMCC',
        text: '【smshub告警】通道 cmcc 故障',
        encoding: 'ucs2',
        segmentCount: 1,
      },
      {
        recipient: '447400123456',
        carrierCode: 'INTL',
        text: '【smshub告警】通道 cmcc 故障',
        encoding: 'ucs2',
        segmentCount: 1,
      },
    ]);
    expect(operatorSms(['+447400123456'], 'channel cmcc down')[0]).toMatchObject({ encoding: 'gsm7', segmentCount: 1 });
  });

  it('reads contacts stored as intake stores numbers (E.164 digits without the +)', () => {
    expect(operatorSms(['13800138000', '447400123456'], 'x').map((s) => [s.recipient, s.carrierCode])).toEqual([
      ['13800138000', 'CMCC'],
      ['447400123456', 'INTL'],
    ]);
  });
});
