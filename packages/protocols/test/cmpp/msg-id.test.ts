import { describe, expect, it } from 'vitest';
import { MsgIdGenerator, msgIdText, packMsgId, parseMsgIdText, unpackMsgId } from '../../src/cmpp/index.js';

describe('Msg_Id bit layout (reference §1.10)', () => {
  // Worked out by hand from the bit table: month 4 | day 5 | hour 5 | minute 6 | second 6 | gateway 22 | sequence 16.
  it.each([
    // gocmpp submit_test.go's SUBMIT_RESP id: b2b9da80 00010000 → 11-05 14:29:42, gateway 1, sequence 0.
    [0xb2b9da8000010000n, { month: 11, day: 5, hour: 14, minute: 29, second: 42, gateway: 1, sequence: 0 }],
    // gocmpp deliver_test.go's ids.
    [0xb4c5530000010000n, { month: 11, day: 9, hour: 17, minute: 21, second: 12, gateway: 1, sequence: 0 }],
    [0xb525628000010000n, { month: 11, day: 10, hour: 9, minute: 22, second: 10, gateway: 1, sequence: 0 }],
    // Every field at its maximum: 1100 11111 10111 111011 111011, then 22 and 16 one-bits.
    [
      0xcfdfbeffffffffffn,
      { month: 12, day: 31, hour: 23, minute: 59, second: 59, gateway: 0x3fffff, sequence: 0xffff },
    ],
    [0x1080000000070001n, { month: 1, day: 1, hour: 0, minute: 0, second: 0, gateway: 7, sequence: 1 }],
  ])('0x%s', (id, parts) => {
    expect(unpackMsgId(id)).toEqual(parts);
    expect(packMsgId(parts)).toBe(id);
  });

  it('refuses parts that do not fit their bits', () => {
    expect(() => packMsgId({ month: 16, day: 1, hour: 0, minute: 0, second: 0, gateway: 0, sequence: 0 })).toThrow(
      /month 16 does not fit 4 bits/,
    );
    expect(() =>
      packMsgId({ month: 1, day: 1, hour: 0, minute: 0, second: 0, gateway: 0x400000, sequence: 0 }),
    ).toThrow(/gateway/);
    expect(() => packMsgId({ month: 1, day: 1, hour: 0, minute: 0, second: 0, gateway: 0, sequence: 0x10000 })).toThrow(
      /sequence/,
    );
  });

  it('text form is the unsigned decimal value', () => {
    expect(msgIdText(0xb2b9da8000010000n)).toBe('12878564852733378560');
    expect(msgIdText(0xffffffffffffffffn)).toBe('18446744073709551615');
    expect(parseMsgIdText('12878564852733378560')).toBe(0xb2b9da8000010000n);
    expect(parseMsgIdText('0')).toBe(0n);
    for (const bad of ['', '18446744073709551616', '-1', '12a', ' 1', '1'.repeat(21), '0x10'])
      expect(parseMsgIdText(bad)).toBeNull();
  });
});

describe('MsgIdGenerator', () => {
  // 2026-11-21 15:30:07 Beijing time.
  const at = new Date('2026-11-21T07:30:07Z');

  it('stamps Beijing time, the gateway code and a running sequence', () => {
    const ids = new MsgIdGenerator({ gatewayCode: 0x12345 });
    expect(unpackMsgId(ids.next(at))).toEqual({
      month: 11,
      day: 21,
      hour: 15,
      minute: 30,
      second: 7,
      gateway: 0x12345,
      sequence: 0,
    });
    expect(unpackMsgId(ids.next(at)).sequence).toBe(1);
  });

  it('gives a submit to N numbers N consecutive ids (reference §1.5)', () => {
    const ids = new MsgIdGenerator({ gatewayCode: 9, startSequence: 10 });
    const first = ids.next(at, 5);
    expect(unpackMsgId(first).sequence).toBe(10);
    expect(unpackMsgId(ids.next(at)).sequence).toBe(15);
  });

  it('never lets a block straddle the sequence wrap (the block would carry into the gateway bits)', () => {
    const ids = new MsgIdGenerator({ gatewayCode: 9, startSequence: 0xfffd });
    const first = ids.next(at, 5);
    expect(unpackMsgId(first)).toMatchObject({ second: 7, gateway: 9, sequence: 0 });
    expect(unpackMsgId(first + 4n)).toMatchObject({ gateway: 9, sequence: 4 });
  });

  it('keeps ids unique past 65,536 in one second by moving on to the next second', () => {
    const ids = new MsgIdGenerator({ gatewayCode: 3 });
    const seen = new Set<bigint>();
    for (let i = 0; i < 70_000; i++) seen.add(ids.next(at));
    expect(seen.size).toBe(70_000);
    const last = unpackMsgId(ids.next(at));
    expect(last.second).toBe(8); // borrowed 15:30:08
  });

  it('10,000 submits a second for 3 seconds never borrow a second', () => {
    const ids = new MsgIdGenerator({ gatewayCode: 3, startSequence: 60_000 });
    const seen = new Set<bigint>();
    for (let s = 0; s < 3; s++) {
      const now = new Date(at.getTime() + s * 1000 + 999);
      for (let i = 0; i < 10_000; i++) {
        const id = ids.next(now);
        seen.add(id);
        expect(unpackMsgId(id).second).toBe(7 + s);
      }
    }
    expect(seen.size).toBe(30_000);
  });

  it('stays unique when the clock steps backwards', () => {
    const ids = new MsgIdGenerator({ gatewayCode: 3 });
    const seen = new Set<bigint>();
    for (let i = 0; i < 40_000; i++) seen.add(ids.next(at));
    for (let i = 0; i < 40_000; i++) seen.add(ids.next(new Date(at.getTime() - 5000)));
    expect(seen.size).toBe(80_000);
  });

  it('mixed block sizes stay unique and consecutive within a block', () => {
    const ids = new MsgIdGenerator({ gatewayCode: 3, startSequence: 65_000 });
    const seen = new Set<bigint>();
    let issued = 0;
    const gateways = new Set<number>();
    for (let i = 0; i < 3_000; i++) {
      const count = (i % 99) + 1;
      const first = ids.next(at, count);
      issued += count;
      for (let k = 0n; k < BigInt(count); k++) seen.add(first + k);
      gateways.add(unpackMsgId(first + BigInt(count - 1)).gateway);
    }
    expect(seen.size).toBe(issued);
    expect([...gateways]).toEqual([3]);
  });

  it('refuses a gateway code wider than 22 bits', () => {
    expect(() => new MsgIdGenerator({ gatewayCode: 0x400000 })).toThrow(/22 bits/);
  });
});
