import { TpduError } from './tpdu-error.js';

/** Writer over one buffer sized for the whole PDU up front; `finish` checks the size was right. */
export class TpduWriter {
  readonly buf: Buffer;
  offset = 0;

  constructor(
    readonly tpdu: string,
    size: number,
  ) {
    this.buf = Buffer.alloc(size);
  }

  u8(value: number): this {
    this.buf[this.offset++] = value & 0xff;
    return this;
  }

  /** A one-octet field whose value comes from the caller, so it is checked rather than truncated. */
  field(value: number, name: string): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xff)
      throw new TpduError(this.tpdu, `${name} ${value} is not 0–255`);
    return this.u8(value);
  }

  bytes(value: Uint8Array): this {
    this.buf.set(value, this.offset);
    this.offset += value.length;
    return this;
  }

  /** Room for a field the caller fills in place (semi-octets, packed septets). */
  reserve(count: number): number {
    const at = this.offset;
    this.offset += count;
    return at;
  }

  finish(): Buffer {
    if (this.offset !== this.buf.length) {
      throw new TpduError(this.tpdu, `internal: wrote ${this.offset} of ${this.buf.length} bytes`);
    }
    return this.buf;
  }
}
