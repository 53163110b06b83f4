import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DeliveryReceipt, formatDeliveryReceipt, parseDeliveryReceipt } from '../../src/smpp/index.js';

/** Receipt texts as SMSCs send them (3.4 Appendix B, and the variants reference §5.7 lists). */
const receipts: { name: string; text: string; receipt: DeliveryReceipt | null }[] = [
  {
    name: "the spec's example layout",
    text: 'id:0123456789 sub:001 dlvrd:001 submit date:0809011130 done date:0809011131 stat:DELIVRD err:000 text:Hello world',
    receipt: {
      id: '0123456789',
      sub: 1,
      dlvrd: 1,
      submitDate: '0809011130',
      doneDate: '0809011131',
      stat: 'DELIVRD',
      err: '000',
      text: 'Hello world',
    },
  },
  {
    name: 'hex id, capitalised labels, no text part',
    text: 'ID:1A2B3C4D5E6F Sub:001 Dlvrd:000 Submit Date:2401020304 Done Date:2401020305 Stat:UNDELIV Err:034',
    receipt: {
      id: '1A2B3C4D5E6F',
      sub: 1,
      dlvrd: 0,
      submitDate: '2401020304',
      doneDate: '2401020305',
      stat: 'UNDELIV',
      err: '034',
      text: undefined,
    },
  },
  {
    name: 'a long (UUID) id and dates with seconds',
    text: 'id:0d1f6c2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5 sub:001 dlvrd:001 submit date:240102030405 done date:240102030406 stat:DELIVRD err:000 Text:',
    receipt: {
      id: '0d1f6c2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5',
      sub: 1,
      dlvrd: 1,
      submitDate: '240102030405',
      doneDate: '240102030406',
      stat: 'DELIVRD',
      err: '000',
      text: '',
    },
  },
  {
    name: 'labels out of order, underscores, an unknown field',
    text: 'stat:EXPIRED id:42 foo:bar submit_date:2401020304 done_date:2401030304 err:000',
    receipt: {
      id: '42',
      sub: undefined,
      dlvrd: undefined,
      submitDate: '2401020304',
      doneDate: '2401030304',
      stat: 'EXPIRED',
      err: '000',
      text: undefined,
    },
  },
  {
    name: 'text that contains labels itself',
    text: 'id:7 stat:DELIVRD text:id:9 stat:REJECTD',
    receipt: {
      id: '7',
      sub: undefined,
      dlvrd: undefined,
      submitDate: undefined,
      doneDate: undefined,
      stat: 'DELIVRD',
      err: undefined,
      text: 'id:9 stat:REJECTD',
    },
  },
  {
    name: 'a space after a colon, and an empty value before the next label',
    text: 'id: 77 stat: REJECTD err: text:x',
    receipt: {
      id: '77',
      sub: undefined,
      dlvrd: undefined,
      submitDate: undefined,
      doneDate: undefined,
      stat: 'REJECTD',
      err: '',
      text: 'x',
    },
  },
  {
    name: 'non-numeric counters are left out',
    text: 'id:5 sub:abc dlvrd:1 stat:DELIVRD',
    receipt: {
      id: '5',
      sub: undefined,
      dlvrd: 1,
      submitDate: undefined,
      doneDate: undefined,
      stat: 'DELIVRD',
      err: undefined,
      text: undefined,
    },
  },
  { name: 'no stat', text: 'id:1 sub:001 dlvrd:001', receipt: null },
  { name: 'no id', text: 'sub:001 stat:DELIVRD', receipt: null },
  { name: 'an MO text', text: 'Hello, is my order on its way?', receipt: null },
  { name: 'empty', text: '', receipt: null },
];

describe('parseDeliveryReceipt', () => {
  for (const r of receipts) {
    it(r.name, () => {
      expect(parseDeliveryReceipt(r.text)).toEqual(r.receipt);
    });
  }

  it('never throws on random text', () => {
    const labelled = fc.array(
      fc.oneof(
        fc.constantFrom('id:', 'sub:', 'stat:', 'err:', 'text:', 'submit date:', 'done ', ' ', ':', 'ID:'),
        fc.string({ maxLength: 8 }),
      ),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          labelled.map((parts) => parts.join('')),
        ),
        (text) => {
          parseDeliveryReceipt(text);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('formatDeliveryReceipt', () => {
  it("writes the spec's layout, dates in the SMSC's zone, text cut to 20 characters", () => {
    const text = formatDeliveryReceipt(
      {
        id: '0123456789',
        submitDate: new Date('2008-09-01T03:30:00Z'),
        doneDate: new Date('2008-09-01T03:31:59Z'),
        stat: 'DELIVRD',
        err: 0,
        text: 'Hello world, this is longer than twenty',
      },
      480,
    );
    expect(text).toBe(
      'id:0123456789 sub:001 dlvrd:001 submit date:0809011130 done date:0809011131 stat:DELIVRD err:000 text:Hello world, this is',
    );
  });

  it('counts dlvrd 0 for an undelivered message and keeps a string err as given', () => {
    expect(
      formatDeliveryReceipt({
        id: 'ab',
        sub: 2,
        submitDate: '2401020304',
        doneDate: '2401020305',
        stat: 'UNDELIV',
        err: '0x1',
      }),
    ).toBe('id:ab sub:002 dlvrd:000 submit date:2401020304 done date:2401020305 stat:UNDELIV err:0x1 text:');
  });

  it('parse(format(receipt)) gives the receipt back', () => {
    const word = fc.stringMatching(/^[0-9A-Za-z-]{1,40}$/);
    const date = fc.stringMatching(/^[0-9]{10}$/);
    fc.assert(
      fc.property(
        word,
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 999 }),
        date,
        date,
        fc.constantFrom('DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD', 'ENROUTE'),
        fc.stringMatching(/^[0-9]{3}$/),
        fc.string({ maxLength: 20 }),
        (id, sub, dlvrd, submitDate, doneDate, stat, err, text) => {
          const written = formatDeliveryReceipt({ id, sub, dlvrd, submitDate, doneDate, stat, err, text });
          expect(parseDeliveryReceipt(written)).toEqual({ id, sub, dlvrd, submitDate, doneDate, stat, err, text });
        },
      ),
      { numRuns: 2000 },
    );
  });
});
