import { describe, expect, it } from 'vitest';
import { MessageIdGenerator, parseMessageId, sameMessageId } from '../../src/smpp/index.js';

describe('gateway message ids', () => {
  // 2024-01-02T03:04:05Z = 1704164645 s = 0x65937d25
  const at = new Date('2024-01-02T03:04:05.999Z');

  it('lays out seconds (bits 63–32), node (31–24) and counter (23–0) as 16 hex digits', () => {
    const ids = new MessageIdGenerator(0x2a, () => 0);
    expect(ids.next(at)).toBe('65937d25' + '2a' + '000000');
    expect(ids.next(at)).toBe('65937d25' + '2a' + '000001');
  });

  it('wraps the counter at 2^24 without touching the node', () => {
    const ids = new MessageIdGenerator(0xff, () => 0xffffff / 0x1000000);
    expect(ids.next(at)).toBe('65937d25ffffffff');
    expect(ids.next(at)).toBe('65937d25ff000000');
  });

  it('parses its own ids back into their parts', () => {
    expect(parseMessageId('65937d252a00beef')).toEqual({
      issuedAt: new Date('2024-01-02T03:04:05Z'),
      node: 0x2a,
      counter: 0xbeef,
    });
    for (const other of ['', '65937d252a00bee', 'zz937d252a00beef', '65937d252a00beef0'])
      expect(parseMessageId(other)).toBeNull();
  });

  it('refuses a node outside 0–255', () => {
    expect(() => new MessageIdGenerator(256)).toThrow(RangeError);
  });

  it('never repeats within a second for one node', () => {
    const ids = new MessageIdGenerator(1);
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(ids.next(at));
    expect(seen.size).toBe(100_000);
  });
});

describe('sameMessageId', () => {
  const cases: [submit: string, receipt: string, same: boolean][] = [
    ['abc123', 'abc123', true],
    ['ABC123', 'abc123', true],
    ['1a2b', '6699', true], // hex in submit_sm_resp, decimal in the receipt text
    ['00123', '123', true],
    ['1a2b', '6698', false],
    ['abc', 'abd', false],
    ['', '', true],
    ['1a2b', '', false],
  ];
  for (const [submit, receipt, same] of cases) {
    it(`"${submit}" vs "${receipt}" → ${String(same)}`, () => {
      expect(sameMessageId(submit, receipt)).toBe(same);
    });
  }
});
