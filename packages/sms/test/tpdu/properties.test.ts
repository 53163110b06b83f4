import fc from 'fast-check';
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
  parsePduHex,
  pduHex,
  readDataCodingScheme,
  TpduError,
  type ServiceCentreTime,
  type SmsDeliver,
  type SmsStatusReport,
  type SmsSubmit,
  type TpAddress,
  type UserData,
  type ValidityPeriod,
} from '@smshub/sms';

/** TS 23.040 field layouts, exercised over generated values: encode then decode gives them back. */

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789*#abc'.split('')), minLength: min, maxLength: max });

const phone: fc.Arbitrary<TpAddress> = fc.record({
  type: fc.constantFrom(
    'unknown',
    'international',
    'national',
    'network-specific',
    'subscriber',
    'abbreviated',
    'reserved' as const,
  ),
  plan: fc.integer({ min: 0, max: 15 }),
  value: digits(0, 20),
});

const gsmText = (maxSeptets: number) =>
  fc
    .string({
      unit: fc.constantFrom(...'@£$Δ_ !"#0123456789:;<=>?ABCZabcz{}[]~€\\|^äöñüà\n'.split('')),
      maxLength: maxSeptets,
    })
    .filter((text) => encodeGsm7(text).length <= maxSeptets);

const address: fc.Arbitrary<TpAddress> = fc.oneof(
  { weight: 4, arbitrary: phone },
  { weight: 1, arbitrary: gsmText(11).map((value): TpAddress => ({ type: 'alphanumeric', plan: 0, value })) },
);

const serviceCentre = fc.option(
  fc.record({ type: fc.constantFrom('international', 'unknown' as const), plan: fc.constant(1), value: digits(0, 20) }),
  { nil: null },
);

const header: fc.Arbitrary<Buffer | null> = fc.oneof(
  fc.constant(null),
  fc
    .record({
      ref: fc.integer({ min: 0, max: 0xffff }),
      total: fc.integer({ min: 1, max: 255 }),
      bits: fc.constantFrom(8 as const, 16 as const),
    })
    .chain(({ ref, total, bits }) =>
      fc
        .integer({ min: 1, max: total })
        .map((seq) => buildConcatUdh({ ref: bits === 8 ? ref & 0xff : ref, total, seq }, bits)),
    ),
  // Other information elements: any IEI, any data, as long as the header holds together.
  fc.array(fc.uint8Array({ maxLength: 6 }), { maxLength: 3 }).map((elements) => {
    const body = Buffer.concat(elements.map((data, i) => Buffer.from([0x70 + i, data.length, ...data])));
    return Buffer.concat([Buffer.from([body.length]), body]);
  }),
);

/** A DCS and user data that fit TP-UD (140 octets), in the DCS's alphabet. */
const codedUserData: fc.Arbitrary<{ dcs: number; userData: UserData }> = fc
  .record({ dcs: fc.oneof(fc.constantFrom(0x00, 0x04, 0x08), fc.integer({ min: 0, max: 255 })), header })
  .chain(({ dcs, header }) => {
    const headerOctets = header?.length ?? 0;
    const septets = readDataCodingScheme(dcs).alphabet === 'gsm7';
    const room = septets ? 160 - Math.ceil((headerOctets * 8) / 7) : 140 - headerOctets;
    const payload = septets
      ? fc.uint8Array({ maxLength: room }).map((bytes) => Buffer.from(bytes.map((byte) => byte & 0x7f)))
      : fc.uint8Array({ maxLength: room }).map((bytes) => Buffer.from(bytes));
    return payload.map((payload) => ({ dcs, userData: { header, payload } }));
  });

/** Whole seconds; local time stays inside 1990–2089, the two-digit year's range. */
const time: fc.Arbitrary<ServiceCentreTime> = fc
  .record({
    seconds: fc.integer({ min: Date.UTC(1990, 0, 2) / 1000, max: Date.UTC(2089, 11, 30) / 1000 }),
    quarters: fc.integer({ min: -79, max: 79 }),
  })
  .map(({ seconds, quarters }) => ({ date: new Date(seconds * 1000), offsetMinutes: quarters * 15 }));

const validity: fc.Arbitrary<ValidityPeriod | null> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 0, max: 255 }).map((value): ValidityPeriod => ({ format: 'relative', value })),
  fc
    .record({
      format: fc.constantFrom('absolute', 'enhanced' as const),
      octets: fc.uint8Array({ minLength: 7, maxLength: 7 }),
    })
    .map(({ format, octets }): ValidityPeriod => ({ format, octets: Buffer.from(octets) })),
);

const submit: fc.Arbitrary<SmsSubmit> = fc
  .record({
    messageReference: fc.integer({ min: 0, max: 255 }),
    destination: address,
    rejectDuplicates: fc.boolean(),
    replyPath: fc.boolean(),
    statusReportRequest: fc.boolean(),
    protocolIdentifier: fc.integer({ min: 0, max: 255 }),
    validityPeriod: validity,
    coded: codedUserData,
  })
  .map(({ coded, ...rest }) => ({ ...rest, dataCodingScheme: coded.dcs, userData: coded.userData }));

const deliver: fc.Arbitrary<SmsDeliver> = fc
  .record({
    originator: address,
    moreMessages: fc.boolean(),
    loopPrevention: fc.boolean(),
    statusReportIndication: fc.boolean(),
    replyPath: fc.boolean(),
    protocolIdentifier: fc.integer({ min: 0, max: 255 }),
    serviceCentreTime: time,
    coded: codedUserData,
  })
  // UCS2 text of odd length is not text; such a DELIVER is refused on decoding (tested elsewhere).
  .filter(({ coded }) => readDataCodingScheme(coded.dcs).alphabet !== 'ucs2' || coded.userData.payload.length % 2 === 0)
  .map(({ coded, ...rest }) => ({ ...rest, dataCodingScheme: coded.dcs, userData: coded.userData }));

const statusReport: fc.Arbitrary<SmsStatusReport> = fc
  .record({
    messageReference: fc.integer({ min: 0, max: 255 }),
    recipient: address,
    serviceCentreTime: time,
    dischargeTime: time,
    status: fc.integer({ min: 0, max: 255 }),
    aboutCommand: fc.boolean(),
    moreMessages: fc.boolean(),
    loopPrevention: fc.boolean(),
    protocolIdentifier: fc.option(fc.integer({ min: 0, max: 255 }), { nil: null }),
    coded: fc.option(codedUserData, { nil: null }),
    withDcs: fc.boolean(),
  })
  .map(({ coded, withDcs, ...rest }) => ({
    ...rest,
    // Without TP-DCS the user data is read as GSM 7-bit, so only a DCS of 0 may be left out.
    dataCodingScheme: coded === null ? (withDcs ? 0 : null) : withDcs || coded.dcs !== 0 ? coded.dcs : null,
    userData: coded === null ? null : coded.userData,
  }));

/** Decoded user data as plain fields, so buffers compare by content. */
function plain(userData: UserData | null): unknown {
  return userData === null
    ? null
    : { header: userData.header === null ? null : pduHex(userData.header), payload: pduHex(userData.payload) };
}

describe('encode then decode gives the TPDU back', () => {
  it('SMS-SUBMIT', () => {
    fc.assert(
      fc.property(submit, serviceCentre, (message, sca) => {
        const encoded = encodeSubmitPdu(message, sca);
        const decoded = decodeSubmitPdu(encoded.pdu);
        expect(decoded.serviceCentre).toEqual(sca);
        const { userData, alphabet: _alphabet, ...fields } = decoded.tpdu;
        const { userData: sent, ...sentFields } = message;
        expect(fields).toEqual(sentFields);
        expect(plain(userData)).toEqual(plain(sent));
        expect(encoded.pdu.length - encoded.tpduLength).toBe(
          1 + (sca === null ? 0 : 1 + Math.ceil(sca.value.length / 2)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('SMS-DELIVER', () => {
    fc.assert(
      fc.property(deliver, serviceCentre, (message, sca) => {
        const decoded = decodeDeliverPdu(encodeDeliverPdu(message, sca).pdu);
        const { userData, alphabet: _alphabet, text: _text, ...fields } = decoded.tpdu;
        const { userData: sent, ...sentFields } = message;
        expect(fields).toEqual(sentFields);
        expect(plain(userData)).toEqual(plain(sent));
      }),
      { numRuns: 500 },
    );
  });

  it('SMS-STATUS-REPORT', () => {
    fc.assert(
      fc.property(statusReport, serviceCentre, (message, sca) => {
        const decoded = decodeStatusReportPdu(encodeStatusReportPdu(message, sca).pdu);
        const { userData, state: _state, ...fields } = decoded.tpdu;
        const { userData: sent, ...sentFields } = message;
        expect(fields).toEqual(sentFields);
        expect(plain(userData)).toEqual(plain(sent));
      }),
      { numRuns: 500 },
    );
  });
});

/** Runs `decode`; anything thrown other than a TpduError fails the property. */
function decodesOrTpduError(decode: () => unknown): boolean {
  try {
    decode();
    return true;
  } catch (error) {
    if (error instanceof TpduError) return false;
    throw error;
  }
}

describe('hostile input throws TpduError and nothing else', () => {
  const decoders = [decodeSubmitPdu, decodeDeliverPdu, decodeStatusReportPdu, decodeScToMsPdu];

  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        for (const decode of decoders) decodesOrTpduError(() => decode(Buffer.from(bytes)));
      }),
      { numRuns: 2000 },
    );
  });

  it('random hex text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFabcdefXZ +'.split('')), maxLength: 120 }),
        (text) => {
          for (const decode of decoders) decodesOrTpduError(() => decode(parsePduHex(text)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('every truncation of a valid SUBMIT or DELIVER is refused', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          submit.map((m) => ({ kind: 'submit' as const, pdu: encodeSubmitPdu(m).pdu })),
          deliver.map((m) => ({ kind: 'deliver' as const, pdu: encodeDeliverPdu(m).pdu })),
        ),
        ({ kind, pdu }) => {
          const decode = kind === 'submit' ? decodeSubmitPdu : decodeDeliverPdu;
          for (let length = 0; length < pdu.length; length++) {
            expect(decodesOrTpduError(() => decode(pdu.subarray(0, length)))).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('truncations and bit flips of valid status reports decode or throw TpduError', () => {
    fc.assert(
      fc.property(statusReport, fc.nat(), fc.integer({ min: 0, max: 7 }), (report, at, bit) => {
        const pdu = encodeStatusReportPdu(report).pdu;
        for (let length = 0; length < pdu.length; length++)
          decodesOrTpduError(() => decodeStatusReportPdu(pdu.subarray(0, length)));
        const flipped = Buffer.from(pdu);
        const index = at % flipped.length;
        flipped[index] = (flipped[index] ?? 0) ^ (1 << bit);
        decodesOrTpduError(() => decodeScToMsPdu(flipped));
      }),
      { numRuns: 300 },
    );
  });
});
