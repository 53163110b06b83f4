import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '@smshub/protocols';
import { buildReportBlock, deliveryStateOf, parseReportBlock } from '@smshub/protocols/smgp';
import { hex } from '../hex.js';

const MSG_ID = '01006101161700012345';

/** The 122-byte block of reference §3.7 (SMGP 3.0 §6.2.63), typed field by field. */
const golden = hex(
  '69643a', // "id:" @0
  MSG_ID, // raw MsgID @3
  '207375623a',
  '303031', // " sub:" "001" @13
  '20646c7672643a',
  '303031', // " dlvrd:" "001" @21
  '207375626d697420646174653a',
  '32363031323131353330', // " submit date:" "2601211530" @31
  '20646f6e6520646174653a',
  '32363031323131353331', // " done date:" "2601211531" @54
  '20737461743a',
  '44454c49565244', // " stat:" "DELIVRD" @75
  '206572723a',
  '303030', // " err:" "000" @88
  '20746578743a',
  '00'.repeat(20), // " text:" + 20 bytes @96
);

const block = {
  msgId: hex(MSG_ID),
  sub: '001',
  dlvrd: '001',
  submitDate: '2601211530',
  doneDate: '2601211531',
  stat: 'DELIVRD',
  err: '000',
};

describe('SMGP status report block', () => {
  it('is 122 bytes', () => expect(golden.length).toBe(122));

  it('builds byte for byte', () => {
    expect(buildReportBlock({ ...block, text: Buffer.alloc(0) }).toString('hex')).toBe(golden.toString('hex'));
  });

  it('parses by offsets', () => {
    expect(parseReportBlock(golden)).toEqual({ ...block, text: Buffer.alloc(20) });
  });

  it('parses go_smgp\'s own test report (smgp/protocol/report_test.go: raw id bytes, capital "Text:")', () => {
    // Go literal "id:\020\020\005\005\060\025W\222c9 sub:001 dlvrd:001 submit date:1805301557
    // done date:1805301557 stat:DELIVRD err:000 Text:fillfillfillfillfill"
    const report = Buffer.concat([
      hex('69643a', '10100505301557926339'),
      Buffer.from(
        ' sub:001 dlvrd:001 submit date:1805301557 done date:1805301557 stat:DELIVRD err:000 Text:fillfillfillfillfill',
        'latin1',
      ),
    ]);
    expect(report.length).toBe(122);
    expect(parseReportBlock(report)).toEqual({
      msgId: hex('10100505301557926339'),
      sub: '001',
      dlvrd: '001',
      submitDate: '1805301557',
      doneDate: '1805301557',
      stat: 'DELIVRD',
      err: '000',
      text: Buffer.from('fillfillfillfillfill'),
    });
  });

  it('parses the CNGP variant with a 4-byte "txt:" label (RongDi cngp_report struct, 121 bytes)', () => {
    const cngp = Buffer.concat([golden.subarray(0, 96), Buffer.from(' txt:', 'latin1'), Buffer.from('hello')]);
    expect(parseReportBlock(cngp, 'cngp')).toMatchObject({ stat: 'DELIVRD', err: '000', text: Buffer.from('hello') });
  });

  it('falls back to labels when the id is written as 20 hex digits', () => {
    const text = Buffer.from(
      `id:${MSG_ID} sub:001 dlvrd:000 submit date:2601211530 done date:2601211545 stat:EXPIRED err:006 text:`,
      'latin1',
    );
    expect(parseReportBlock(text)).toMatchObject({
      msgId: hex(MSG_ID),
      stat: 'EXPIRED',
      err: '006',
      doneDate: '2601211545',
    });
  });

  it.each([
    ['no id label', Buffer.from('stat:DELIVRD', 'latin1')],
    ['no stat label', Buffer.from(`id:${MSG_ID} sub:001`, 'latin1')],
    ['an id that is neither raw nor hex', Buffer.from('id:12345 stat:DELIVRD', 'latin1')],
    ['empty', Buffer.alloc(0)],
  ])('refuses %s with DecodeError', (_name, content) => {
    expect(() => parseReportBlock(content)).toThrow(DecodeError);
  });

  it.each([
    ['DELIVRD', 'DELIVRD'],
    ['EXPIRED', 'EXPIRED'],
    ['DELETED', 'DELETED'],
    ['UNDELIV', 'UNDELIV'],
    ['ACCEPTD', 'ACCEPTD'],
    ['UNKNOWN', 'UNKNOWN'],
    ['REJECTD', 'REJECTD'],
    ['delivrd', 'DELIVRD'],
    ['MA:0001', 'UNDELIV'],
    ['ID:0076', 'UNDELIV'],
  ] as const)('stat %s → %s', (stat, state) => {
    expect(deliveryStateOf(stat)).toBe(state);
  });
});

describe('status report parsing is robust', () => {
  it('random content raises nothing but DecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          parseReportBlock(Buffer.from(bytes));
        } catch (error) {
          if (!(error instanceof DecodeError)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });
  it('any byte of a valid block changed still parses or raises DecodeError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 121 }), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const copy = Buffer.from(golden);
        copy[at] = value;
        try {
          parseReportBlock(copy);
        } catch (error) {
          if (!(error instanceof DecodeError)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
