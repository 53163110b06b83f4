import { TpduError } from './tpdu-error.js';

/**
 * Bounds-checked reader over one PDU. @smshub/protocols has the same idea (PduReader), but that
 * package depends on this one, so the TPDU codec keeps its own: every read past the end is a
 * TpduError naming the field and the offset.
 */
export class TpduReader {
  offset = 0;

  constructor(
    readonly tpdu: string,
    readonly buf: Buffer,
  ) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.offset++] ?? 0;
  }

  /** A view on the PDU, not a copy. */
  bytes(count: number, field: string): Buffer {
    this.need(count, field);
    const value = this.buf.subarray(this.offset, this.offset + count);
    this.offset += count;
    return value;
  }

  fail(message: string, at = this.offset): TpduError {
    return new TpduError(this.tpdu, message, at);
  }

  expectEnd(): void {
    if (this.remaining !== 0) throw this.fail(`${this.remaining} unexpected trailing bytes`);
  }

  private need(count: number, field: string): void {
    if (count > this.remaining) throw this.fail(`truncated: ${field} needs ${count} bytes, ${this.remaining} left`);
  }
}
