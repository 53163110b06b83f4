import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/index.js';
import { decodeSmpp, encodeSmpp, type SmppVersion } from '../../src/smpp/index.js';
import { pduArb, versionArb } from './arbitraries.js';

const versions: readonly SmppVersion[] = [0x33, 0x34, 0x50];

/** Runs `decode` and fails the property on anything but a result or a DecodeError. */
function decodeOrDecodeError(frame: Buffer, version: SmppVersion): void {
  try {
    decodeSmpp(frame, version);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw new Error(`threw ${String(error)} instead of DecodeError`);
  }
}

describe('smpp codec properties', () => {
  for (const version of versions) {
    it(`decode(encode(pdu)) is pdu, and re-encoding is byte-exact (0x${version.toString(16)})`, () => {
      fc.assert(
        fc.property(pduArb(version), (pdu) => {
          const bytes = encodeSmpp(pdu, version);
          expect(bytes.readUInt32BE(0)).toBe(bytes.length);
          const decoded = decodeSmpp(bytes, version);
          expect(decoded).toEqual(pdu);
          expect(encodeSmpp(decoded, version).equals(bytes)).toBe(true);
        }),
        { numRuns: 1500 },
      );
    });
  }

  it('random bytes make decode return or throw DecodeError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), versionArb, (raw, version) => {
        decodeOrDecodeError(Buffer.from(raw), version);
      }),
      { numRuns: 5000 },
    );
  });

  it('random bodies behind a valid header (length patched) only ever throw DecodeError', () => {
    const ids = [
      1, 2, 3, 4, 5, 7, 8, 9, 0x0b, 0x21, 0x102, 0x103, 0x111, 0x112, 0x113, 0x80000001, 0x80000003, 0x80000004,
      0x80000021, 0x80000112,
    ];
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.uint8Array({ maxLength: 300 }), versionArb, (id, body, version) => {
        const frame = Buffer.alloc(16 + body.length);
        frame.writeUInt32BE(frame.length, 0);
        frame.writeUInt32BE(id, 4);
        frame.set(body, 16);
        decodeOrDecodeError(frame, version);
      }),
      { numRuns: 5000 },
    );
  });

  it('truncated and corrupted valid frames only ever throw DecodeError', () => {
    fc.assert(
      fc.property(
        versionArb.chain((version) => fc.tuple(fc.constant(version), pduArb(version))),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        ([version, pdu], cut, at, byte) => {
          const bytes = encodeSmpp(pdu, version);
          const length = cut % (bytes.length + 1);
          const truncated = Buffer.from(bytes.subarray(0, length));
          decodeOrDecodeError(truncated, version); // length field now disagrees
          if (length >= 16) {
            truncated.writeUInt32BE(length, 0); // agrees: the body parser meets the cut
            decodeOrDecodeError(truncated, version);
          }
          const corrupted = Buffer.from(bytes);
          if (corrupted.length > 16) corrupted[16 + (at % (corrupted.length - 16))] = byte;
          decodeOrDecodeError(corrupted, version);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
