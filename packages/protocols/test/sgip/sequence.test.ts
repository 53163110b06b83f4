import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '@smshub/protocols';
import {
  parseSequenceText,
  sequenceText,
  sequenceTime,
  SgipSequenceCounter,
  sgipProtocol,
  spNodeId,
  type SgipPdu,
} from '@smshub/protocols/sgip';
import { sequenceArb } from './arbitraries.js';

describe('sgip sequence time MMDDHHMMSS (reference §2.1)', () => {
  it.each([
    // the reference's own example: 11-20 20:32:25 → 1120203225 (Beijing time = UTC+8)
    ['2024-11-20T12:32:25Z', 1120203225],
    ['2025-01-01T00:00:00+08:00', 101000000],
    ['2025-12-31T23:59:59+08:00', 1231235959],
    // 16:00 UTC on 31 Dec is already 1 Jan 00:00 in Beijing
    ['2025-12-31T16:00:00Z', 101000000],
    ['2024-02-29T08:07:06+08:00', 229080706],
  ])('%s → %d', (iso, expected) => {
    expect(sequenceTime(new Date(iso))).toBe(expected);
  });
});

describe('sgip SP node id 3AAAAQQQQQ (reference §2.1)', () => {
  it.each([
    ['010', '12345', 3010012345], // Beijing: 010 → 0100
    ['020', '00001', 3020000001],
    ['0755', '54321', 3075554321], // Shenzhen, 4 digits already
    ['0999', '99999', 3099999999],
  ])('area %s corp %s → %d', (area, corp, expected) => {
    expect(spNodeId(area, corp)).toBe(expected);
    expect(spNodeId(area, corp)).toBeLessThanOrEqual(0xffffffff);
  });

  it.each([
    ['', '12345'],
    ['01000', '12345'],
    ['10', '12345'],
    ['755', '12345'],
    ['0a0', '12345'],
    ['010', '1234'],
    ['010', '123456'],
  ])('refuses area %j corp %j', (area, corp) => {
    expect(() => spNodeId(area, corp)).toThrow(RangeError);
  });
});

describe('sgip sequence text "node:time:seq" (the message id of carrier-forms.ts)', () => {
  it('is plain decimal, unpadded', () => {
    expect(sequenceText({ node: 3010012345, time: 101000000, seq: 0 })).toBe('3010012345:101000000:0');
  });

  it('parses back what it prints', () => {
    fc.assert(
      fc.property(sequenceArb, (seq) => {
        expect(parseSequenceText(sequenceText(seq))).toEqual(seq);
      }),
    );
  });

  it.each(['', '1:2', '1:2:', ':2:3', '1:2:3:4', '1:x:3', '1:2:4294967296', '1:2:-3', '12345678901:1:1'])(
    'refuses %j with DecodeError',
    (text) => {
      expect(() => parseSequenceText(text)).toThrow(DecodeError);
    },
  );
});

describe('sgip sequencer', () => {
  const clock = () => new Date('2024-11-20T12:32:25Z');
  const unbind = (): SgipPdu => ({ command: 'unbind', sequence: { node: 0, time: 0, seq: 0 } });

  it('numbers requests {node, time, counter from 0} and returns the text key', () => {
    const sequencer = new SgipSequenceCounter({ nodeId: 3010012345, now: clock }).sequencer();
    const first = unbind();
    const second = unbind();
    expect(sequencer.assign(first)).toBe('3010012345:1120203225:0');
    expect(first.sequence).toEqual({ node: 3010012345, time: 1120203225, seq: 0 });
    expect(sequencer.assign(second)).toBe('3010012345:1120203225:1');
  });

  it('wraps the counter at 2^32', () => {
    const counter = new SgipSequenceCounter({ nodeId: 1, now: clock, firstSeq: 0xffffffff });
    expect(counter.next().seq).toBe(0xffffffff);
    expect(counter.next().seq).toBe(0);
  });

  it('shares one counter between the sessions of one protocol object', () => {
    const protocol = sgipProtocol({ nodeId: 3010012345, now: clock });
    const a = protocol.sequencer();
    const b = protocol.sequencer();
    const keys = [a.assign(unbind()), b.assign(unbind()), a.assign(unbind())];
    expect(new Set(keys).size).toBe(3);
    expect(keys[1]).toBe('3010012345:1120203225:1');
  });

  it('the engine key of a PDU is its sequence text', () => {
    const protocol = sgipProtocol({ nodeId: 1 });
    expect(protocol.sequenceKey({ command: 'unbind_resp', sequence: { node: 1, time: 2, seq: 3 } })).toBe('1:2:3');
  });

  it('refuses a node id outside uint32', () => {
    expect(() => new SgipSequenceCounter({ nodeId: 2 ** 32 })).toThrow(RangeError);
    expect(() => new SgipSequenceCounter({ nodeId: -1 })).toThrow(RangeError);
  });
});
