import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '@smshub/protocols';
import { decodeSgip, encodeSgip } from '@smshub/protocols/sgip';
import { pduArb } from './arbitraries.js';

/** Runs the decoder; anything thrown other than DecodeError fails the property. */
function decodesOrRefuses(frame: Buffer): void {
  try {
    decodeSgip(frame);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
  }
}

/** A copy of `frame` cut to `length` bytes with Message_Length rewritten to match. */
function truncated(frame: Buffer, length: number): Buffer {
  const copy = Buffer.from(frame.subarray(0, length));
  if (copy.length >= 4) copy.writeUInt32BE(copy.length, 0);
  return copy;
}

describe('sgip codec properties', () => {
  it('decode ∘ encode is the identity over generated PDUs', () => {
    fc.assert(
      fc.property(pduArb, (pdu) => {
        expect(decodeSgip(encodeSgip(pdu))).toEqual(pdu);
      }),
      { numRuns: 2000 },
    );
  });

  it('encode gives a frame whose Message_Length is its size', () => {
    fc.assert(
      fc.property(pduArb, (pdu) => {
        const frame = encodeSgip(pdu);
        expect(frame.readUInt32BE(0)).toBe(frame.length);
      }),
    );
  });

  it('random bytes make the decoder throw only DecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => decodesOrRefuses(Buffer.from(bytes))),
      { numRuns: 3000 },
    );
  });

  it('random bodies behind a valid header (known command ids, right length) throw only DecodeError', () => {
    const ids = [1, 2, 3, 4, 5, 0x10, 0x11, 0x1000, 0x80000001, 0x80000002, 0x80000003, 0x80000004, 0x80000005];
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.uint8Array({ maxLength: 400 }), (commandId, body) => {
        const frame = Buffer.alloc(20 + body.length);
        frame.writeUInt32BE(frame.length, 0);
        frame.writeUInt32BE(commandId, 4);
        Buffer.from(body).copy(frame, 20);
        decodesOrRefuses(frame);
      }),
      { numRuns: 3000 },
    );
  });

  it('every truncation of a valid frame (length field fixed up) throws only DecodeError', () => {
    fc.assert(
      fc.property(pduArb, fc.nat(), (pdu, cut) => {
        const frame = encodeSgip(pdu);
        const length = cut % frame.length;
        expect(() => decodeSgip(truncated(frame, length))).toThrow(DecodeError);
      }),
      { numRuns: 2000 },
    );
  });

  it('single-byte corruptions of a valid frame throw only DecodeError', () => {
    fc.assert(
      fc.property(pduArb, fc.nat(), u8Value(), (pdu, at, value) => {
        const frame = Buffer.from(encodeSgip(pdu));
        frame[at % frame.length] = value;
        decodesOrRefuses(frame);
      }),
      { numRuns: 2000 },
    );
  });
});

function u8Value(): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: 0xff });
}
