import { DecodeError, EncodeError } from './errors.js';

/**
 * Offset-based writer over one buffer allocated for the whole PDU. Codecs compute the exact PDU
 * size first, then write each field in order; `finish` checks that the size was right.
 */
export class PduWriter {
  readonly buf: Buffer;
  offset = 0;

  constructor(
    readonly protocol: string,
    size: number,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }

  u8(value: number): this {
    this.buf[this.offset] = value & 0xff;
    this.offset += 1;
    return this;
  }

  u16(value: number): this {
    this.buf.writeUInt16BE(value & 0xffff, this.offset);
    this.offset += 2;
    return this;
  }

  u32(value: number): this {
    this.buf.writeUInt32BE(value >>> 0, this.offset);
    this.offset += 4;
    return this;
  }

  u64(value: bigint): this {
    this.buf.writeBigUInt64BE(BigInt.asUintN(64, value), this.offset);
    this.offset += 8;
    return this;
  }

  /** Fixed-size octet string: left-aligned, right-padded with 0x00. Longer values are an error. */
  octets(value: string | Buffer, size: number, field: string): this {
    const start = this.offset;
    let written: number;
    if (typeof value === 'string') {
      if (value.length > size) throw new EncodeError(this.protocol, `${field} is longer than ${size} bytes`);
      written = this.buf.write(value, start, size, 'latin1');
    } else {
      if (value.length > size) throw new EncodeError(this.protocol, `${field} is longer than ${size} bytes`);
      written = value.copy(this.buf, start);
    }
    this.buf.fill(0, start + written, start + size);
    this.offset += size;
    return this;
  }

  /** NUL-terminated string; `max` counts the NUL, as the SMPP specification does. */
  cstring(value: string, max: number, field: string): this {
    if (value.length + 1 > max) throw new EncodeError(this.protocol, `${field} is longer than ${max - 1} characters`);
    this.offset += this.buf.write(value, this.offset, 'latin1');
    this.buf[this.offset] = 0;
    this.offset += 1;
    return this;
  }

  bytes(value: Buffer): this {
    this.offset += value.copy(this.buf, this.offset);
    return this;
  }

  zeros(count: number): this {
    this.buf.fill(0, this.offset, this.offset + count);
    this.offset += count;
    return this;
  }

  finish(): Buffer {
    if (this.offset !== this.buf.length) {
      throw new EncodeError(this.protocol, `internal: wrote ${this.offset} of ${this.buf.length} bytes`);
    }
    return this.buf;
  }
}

/** Byte length of a string written by `PduWriter.cstring` (NUL included). */
export function cstringSize(value: string): number {
  return value.length + 1;
}

/**
 * Offset-based reader. Every read checks bounds and throws DecodeError with the offset, so a
 * truncated or hostile frame can never make a codec throw anything else.
 */
export class PduReader {
  offset: number;

  constructor(
    readonly protocol: string,
    readonly buf: Buffer,
    offset = 0,
    readonly end = buf.length,
  ) {
    this.offset = offset;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  private need(count: number, field: string): void {
    if (this.offset + count > this.end) {
      throw new DecodeError(
        this.protocol,
        `truncated: ${field} needs ${count} bytes, ${this.remaining} left`,
        this.offset,
      );
    }
  }

  u8(field = 'uint8'): number {
    this.need(1, field);
    return this.buf[this.offset++]!;
  }

  u16(field = 'uint16'): number {
    this.need(2, field);
    const value = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  u32(field = 'uint32'): number {
    this.need(4, field);
    const value = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  u64(field = 'uint64'): bigint {
    this.need(8, field);
    const value = this.buf.readBigUInt64BE(this.offset);
    this.offset += 8;
    return value;
  }

  /** Raw bytes, as a view on the frame (no copy). */
  bytes(count: number, field = 'bytes'): Buffer {
    this.need(count, field);
    const value = this.buf.subarray(this.offset, this.offset + count);
    this.offset += count;
    return value;
  }

  /**
   * Fixed-size text field: read `size` bytes, cut at the first NUL, drop trailing spaces
   * (some gateways pad with spaces instead of NULs).
   */
  fixedString(size: number, field = 'string'): string {
    this.need(size, field);
    const start = this.offset;
    let stop = this.buf.indexOf(0, start);
    if (stop < 0 || stop > start + size) stop = start + size;
    while (stop > start && this.buf[stop - 1] === 0x20) stop--;
    this.offset += size;
    return this.buf.toString('latin1', start, stop);
  }

  /** NUL-terminated string of at most `max` bytes including the NUL. */
  cstring(max: number, field = 'c-string'): string {
    const start = this.offset;
    const limit = Math.min(this.end, start + max);
    const nul = this.buf.indexOf(0, start);
    if (nul < 0 || nul >= limit) {
      throw new DecodeError(this.protocol, `${field} has no NUL within ${max} bytes`, start);
    }
    this.offset = nul + 1;
    return this.buf.toString('latin1', start, nul);
  }

  /** Everything up to the end of the frame. */
  rest(): Buffer {
    const value = this.buf.subarray(this.offset, this.end);
    this.offset = this.end;
    return value;
  }

  /** Fails when bytes are left over where the layout says the PDU ends. */
  expectEnd(what: string): void {
    if (this.offset !== this.end) {
      throw new DecodeError(this.protocol, `${what}: ${this.end - this.offset} unexpected trailing bytes`, this.offset);
    }
  }
}
