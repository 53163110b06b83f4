import { describe, expect, it } from 'vitest';
import { CommandId, decodeSmpp, encodeSmpp, type SmppPdu } from '../../src/smpp/index.js';
import { vectors } from './vectors.js';

describe('smpp golden vectors', () => {
  for (const vector of vectors) {
    for (const version of vector.versions) {
      const v = `v${(version >> 4).toString()}.${(version & 15).toString()}`;
      it(`${vector.name} decodes (${v})`, () => {
        expect(decodeSmpp(vector.bytes, version)).toEqual(vector.pdu);
      });
      it(`${vector.name} encodes (${v})`, () => {
        expect(encodeSmpp(vector.pdu, version).toString('hex')).toBe(vector.bytes.toString('hex'));
      });
    }
  }

  it('covers every command id at least once', () => {
    const covered = new Set(vectors.map((v) => v.pdu.command));
    expect([...Object.keys(CommandId)].filter((c) => !covered.has(c as SmppPdu['command']))).toEqual([]);
  });
});
