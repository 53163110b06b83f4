import { PduWriter } from '../engine/bytes.js';
import { EncodeError } from '../engine/errors.js';

/**
 * PduWriter that refuses what would silently corrupt a PDU: integers outside their field, and
 * C-Octet strings with a NUL inside or characters beyond Latin-1 (they would shift every field
 * after them, or be written as some other byte).
 */
export class SmppWriter extends PduWriter {
  constructor(size: number) {
    super('smpp', size);
  }

  override u8(value: number, field = 'uint8'): this {
    if ((value & 0xff) !== value) throw new EncodeError('smpp', `${field} ${value} does not fit one octet`);
    return super.u8(value);
  }

  override u16(value: number, field = 'uint16'): this {
    if ((value & 0xffff) !== value) throw new EncodeError('smpp', `${field} ${value} does not fit two octets`);
    return super.u16(value);
  }

  override u32(value: number, field = 'uint32'): this {
    if (value >>> 0 !== value) throw new EncodeError('smpp', `${field} ${value} does not fit four octets`);
    return super.u32(value);
  }

  override cstring(value: string, max: number, field: string): this {
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code === 0 || code > 0xff) {
        throw new EncodeError(
          'smpp',
          `${field} has ${code === 0 ? 'a NUL' : `U+${code.toString(16).padStart(4, '0')}`} at ${i}; C-Octet strings are Latin-1 without NUL`,
        );
      }
    }
    return super.cstring(value, max, field);
  }
}
