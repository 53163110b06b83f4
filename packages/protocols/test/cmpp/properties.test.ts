import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmppProtocol } from '../../src/cmpp/index.js';
import { DecodeError } from '../../src/engine/errors.js';
import { arbitraryPdu } from './arbitraries.js';

const versions = [0x20, 0x30] as const;

/** Decoding must either succeed or throw DecodeError — never anything else. */
function decodeOrDecodeError(version: 0x20 | 0x30, frame: Buffer): void {
  try {
    cmppProtocol(version).decode(frame);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
  }
}

describe.each(versions)('CMPP 0x%s properties', (version) => {
  const protocol = cmppProtocol(version);

  it('decode ∘ encode is the identity over generated PDUs', () => {
    fc.assert(
      fc.property(arbitraryPdu(version), (pdu) => {
        const frame = protocol.encode(pdu);
        expect(frame.readUInt32BE(0)).toBe(frame.length);
        expect(frame.length).toBeLessThanOrEqual(protocol.maxPduLength);
        expect(protocol.decode(frame)).toEqual(pdu);
      }),
      { numRuns: 2000 },
    );
  });

  it('every truncation of a valid frame throws DecodeError', () => {
    fc.assert(
      fc.property(arbitraryPdu(version), fc.nat(), (pdu, cut) => {
        const frame = protocol.encode(pdu);
        const truncated = frame.subarray(0, cut % frame.length);
        expect(() => protocol.decode(truncated)).toThrow(DecodeError);
      }),
      { numRuns: 2000 },
    );
  });

  // With Total_Length rewritten to match, a cut frame may still be well formed (a 3.0
  // CONNECT_RESP cut to 30 bytes is a 2.0 one, which the tolerant decoder accepts).
  it('truncations with a matching Total_Length decode or throw only DecodeError', () => {
    fc.assert(
      fc.property(arbitraryPdu(version), fc.nat(), (pdu, cut) => {
        const truncated = Buffer.from(protocol.encode(pdu).subarray(0, cut % 400));
        if (truncated.length >= 4) truncated.writeUInt32BE(truncated.length, 0);
        decodeOrDecodeError(version, truncated);
      }),
      { numRuns: 2000 },
    );
  });

  it('valid frames with bytes changed decode or throw only DecodeError', () => {
    fc.assert(
      fc.property(
        arbitraryPdu(version),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (pdu, edits) => {
          const frame = Buffer.from(protocol.encode(pdu));
          for (const [at, value] of edits) frame[at % frame.length] = value;
          decodeOrDecodeError(version, frame);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('random bytes behind a consistent header decode or throw only DecodeError', () => {
    const commandIds = [1, 2, 4, 5, 6, 7, 8, 9, 0x10, 0x17, 0x18, 3, 0xffffffff].flatMap((id) => [
      id,
      (id | 0x80000000) >>> 0,
    ]);
    fc.assert(
      fc.property(
        fc.constantFrom(...commandIds),
        fc.nat(),
        fc.uint8Array({ maxLength: 400 }),
        (commandId, sequence, body) => {
          const frame = Buffer.alloc(12 + body.length);
          frame.writeUInt32BE(frame.length, 0);
          frame.writeUInt32BE(commandId, 4);
          frame.writeUInt32BE(sequence, 8);
          frame.set(body, 12);
          decodeOrDecodeError(version, frame);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('arbitrary bytes decode or throw only DecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => decodeOrDecodeError(version, Buffer.from(bytes))),
      { numRuns: 2000 },
    );
  });
});
