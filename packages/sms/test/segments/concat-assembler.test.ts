import { describe, expect, it } from 'vitest';
import { ConcatAssembler, ConcatError, splitText, type ConcatPart } from '@smshub/sms';
import { thrown } from '../thrown.js';

const bytes = (text: string): Buffer => Buffer.from(text.replace(/ /g, ''), 'hex');
const part = (seq: number, payload: string, extra: Partial<ConcatPart> = {}): ConcatPart => ({
  source: '13800138000',
  ref: 9,
  total: 3,
  seq,
  encoding: 'ucs2',
  payload: bytes(payload),
  ...extra,
});

describe('ConcatAssembler', () => {
  it('returns the whole text once every part is in, whatever the order', () => {
    const assembler = new ConcatAssembler();
    expect(assembler.add(part(3, '4fe1'), 1000)).toEqual({ status: 'pending', received: 1, total: 3 });
    expect(assembler.add(part(1, '4e2d'), 1001)).toEqual({ status: 'pending', received: 2, total: 3 });
    expect(assembler.pending).toBe(1);
    const done = assembler.add(part(2, '6587'), 1002);
    expect(done).toMatchObject({ status: 'complete', encoding: 'ucs2', text: '中文信' });
    expect(assembler.pending).toBe(0);
  });

  it('joins bytes before decoding, so a surrogate pair or escape split across parts survives', () => {
    const assembler = new ConcatAssembler();
    assembler.add(part(1, '0061 d83d', { total: 2 }), 0);
    expect(assembler.add(part(2, 'de00', { total: 2 }), 0)).toMatchObject({ text: 'a😀' });
    assembler.add(part(1, '41 1b', { total: 2, encoding: 'gsm7' }), 0);
    expect(assembler.add(part(2, '65', { total: 2, encoding: 'gsm7' }), 0)).toMatchObject({ text: 'A€' });
    assembler.add(part(1, 'd6', { total: 2, encoding: 'gbk' }), 0);
    expect(assembler.add(part(2, 'd0', { total: 2, encoding: 'gbk' }), 0)).toMatchObject({ text: '中' });
  });

  it('reports a resent part as a duplicate and keeps the first copy', () => {
    const assembler = new ConcatAssembler();
    assembler.add(part(1, '4e2d', { total: 2 }), 0);
    expect(assembler.add(part(1, 'ffff', { total: 2 }), 1)).toEqual({ status: 'duplicate', received: 1, total: 2 });
    expect(assembler.add(part(2, '6587', { total: 2 }), 2)).toMatchObject({ status: 'complete', text: '中文' });
  });

  it('keeps groups apart by source, reference and total', () => {
    const assembler = new ConcatAssembler();
    assembler.add(part(1, '0041', { total: 2 }), 0);
    expect(assembler.add(part(2, '0042', { total: 2, source: '13900139000' }), 0).status).toBe('pending');
    expect(assembler.add(part(2, '0043', { total: 2, ref: 10 }), 0).status).toBe('pending');
    expect(assembler.add(part(2, '0044', { total: 3 }), 0).status).toBe('pending');
    expect(assembler.pending).toBe(4);
    expect(assembler.add(part(2, '0045', { total: 2 }), 0)).toMatchObject({ text: 'AE' });
  });

  it('hands binary back as bytes only', () => {
    const assembler = new ConcatAssembler();
    assembler.add(part(1, '00ff', { total: 2, encoding: 'binary' }), 0);
    const done = assembler.add(part(2, '10', { total: 2, encoding: 'binary' }), 0);
    expect(done).toMatchObject({ status: 'complete', text: null });
    expect(done.status === 'complete' && done.payload.toString('hex')).toBe('00ff10');
  });

  it('expires groups older than maxAgeMs and returns what arrived', () => {
    const assembler = new ConcatAssembler();
    assembler.add(part(1, '4e2d'), 1_000);
    assembler.add(part(2, '6587'), 3_000);
    assembler.add(part(1, '0041', { ref: 10 }), 4_000);
    expect(assembler.expire(5_000, 4_000)).toEqual([]);
    const expired = assembler.expire(5_001, 4_000);
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ source: '13800138000', ref: 9, total: 3, encoding: 'ucs2', firstSeenAt: 1_000 });
    expect([...(expired[0]?.parts.keys() ?? [])]).toEqual([1, 2]);
    expect(assembler.pending).toBe(1);
  });

  it.each<[string, Partial<ConcatPart>]>([
    ['part 0', { seq: 0 }],
    ['part past total', { seq: 4 }],
    ['total 0', { total: 0, seq: 1 }],
    ['total 256', { total: 256 }],
    ['reference past 16 bits', { ref: 65536 }],
  ])('refuses %s', (_name, extra) => {
    expect(thrown(() => new ConcatAssembler().add(part(1, '0041', extra), 0))).toBeInstanceOf(ConcatError);
  });

  it('refuses a part whose encoding differs from the group', () => {
    const assembler = new ConcatAssembler();
    assembler.add(part(1, '0041'), 0);
    expect(thrown(() => assembler.add(part(2, '41', { encoding: 'gsm7' }), 0))).toBeInstanceOf(ConcatError);
  });

  it('keeps the assembled bytes in the error when the whole does not decode', () => {
    const assembler = new ConcatAssembler();
    assembler.add(part(1, '00', { total: 2 }), 0);
    const error = thrown(() => assembler.add(part(2, '41 42', { total: 2 }), 0));
    expect(error).toBeInstanceOf(ConcatError);
    expect((error as ConcatError).payload?.toString('hex')).toBe('004142');
  });

  it('reassembles what splitText produced, parts in reverse', () => {
    const text = '长短信测试：'.repeat(30) + '😀 done';
    const split = splitText(text, { reference: 77 });
    const assembler = new ConcatAssembler();
    const results = split.segments
      .slice()
      .reverse()
      .map((segment) =>
        assembler.add(
          {
            source: '8613800138000',
            ref: segment.part?.ref ?? 0,
            total: segment.part?.total ?? 1,
            seq: segment.part?.seq ?? 1,
            encoding: split.encoding,
            payload: segment.payload,
          },
          0,
        ),
      );
    expect(results.at(-1)).toMatchObject({ status: 'complete', text });
  });
});
