import { describe, expect, it } from 'vitest';
import { EncodeError } from '@smshub/protocols';
import { MsgIdGenerator, msgIdFromText, msgIdText, parseSmgpMsgId } from '@smshub/protocols/smgp';

/** MsgID layout (reference §3.6): 6 BCD digits SMGW code, MMDDHHMM, 6-digit sequence. */
describe('SMGP MsgID', () => {
  const specExample = Buffer.from([0x01, 0x00, 0x61, 0x01, 0x16, 0x17, 0x00, 0x01, 0x23, 0x45]);

  it("reads the spec's example 0x01006101161700012345 (gateway 010061, 01-16 17:00, sequence 012345)", () => {
    expect(parseSmgpMsgId(specExample)).toEqual({
      smgwCode: '010061',
      month: 1,
      day: 16,
      hour: 17,
      minute: 0,
      sequence: 12345,
    });
  });

  it('text form is 20 lowercase hex digits, as go_smgp msgID_test.go prints the same id', () => {
    expect(msgIdText(specExample)).toBe('01006101161700012345');
    expect(msgIdText(Buffer.from('ABCDEF0123456789ABCD', 'hex'))).toBe('abcdef0123456789abcd');
    expect(msgIdFromText('01006101161700012345')).toEqual(specExample);
  });

  it.each(['0100610116170001234', '0100610116170001234g', ''])('text "%s" is refused', (text) => {
    expect(() => msgIdFromText(text)).toThrow(EncodeError);
  });

  it('non-BCD ids do not parse into fields', () => {
    expect(parseSmgpMsgId(Buffer.from('ab006101161700012345', 'hex'))).toBeNull();
    expect(parseSmgpMsgId(Buffer.alloc(9))).toBeNull();
  });

  it('generates the spec layout from Beijing wall-clock time', () => {
    const generator = new MsgIdGenerator('010061', 12345);
    // 2003-01-16 17:00:30 in Beijing = 09:00:30 UTC.
    expect(msgIdText(generator.next(new Date('2003-01-16T09:00:30Z')))).toBe('01006101161700012345');
    expect(msgIdText(generator.next(new Date('2003-01-16T09:00:59Z')))).toBe('01006101161700012346');
    expect(msgIdText(generator.next(new Date('2003-12-31T15:59:00Z')))).toBe('01006112312359012347');
  });

  it('the sequence wraps from 999999 to 000000', () => {
    const generator = new MsgIdGenerator('755061', 999_999);
    const at = new Date('2026-01-21T07:30:00Z');
    expect(msgIdText(generator.next(at))).toBe('75506101211530999999');
    expect(msgIdText(generator.next(at))).toBe('75506101211530000000');
  });

  it('10,000 ids in one minute are all different', () => {
    const generator = new MsgIdGenerator('010061');
    const at = new Date('2026-01-21T07:30:00Z');
    const ids = new Set(Array.from({ length: 10_000 }, () => msgIdText(generator.next(at))));
    expect(ids.size).toBe(10_000);
  });

  it.each(['01006', '01006a', '0100611'])('SMGW code "%s" is refused', (code) => {
    expect(() => new MsgIdGenerator(code)).toThrow(EncodeError);
  });
});
