import { DecodeError } from './errors.js';

/**
 * Splits a TCP byte stream into frames by the 4-byte big-endian total length at offset 0, the
 * framing all five carrier protocols share. A length outside [min, max] cannot be resynchronised
 * from (there is no frame marker), so it is fatal for the connection.
 */
export class FrameReader {
  private pending: Buffer | null = null;

  constructor(
    private readonly protocol: string,
    private readonly minLength: number,
    private readonly maxLength: number,
    private readonly onFrame: (frame: Buffer) => void,
  ) {}

  /** Bytes buffered while waiting for the rest of a frame. */
  get buffered(): number {
    return this.pending?.length ?? 0;
  }

  /** Feeds one chunk; calls onFrame for every whole frame. Throws DecodeError on a bad length. */
  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.pending !== null) {
      buf = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    let offset = 0;
    const end = buf.length;
    while (end - offset >= 4) {
      const length = buf.readUInt32BE(offset);
      if (length < this.minLength || length > this.maxLength) {
        throw new DecodeError(
          this.protocol,
          `frame length ${length} outside ${this.minLength}..${this.maxLength}; stream cannot be resynchronised`,
          offset,
        );
      }
      if (end - offset < length) break;
      this.onFrame(buf.subarray(offset, offset + length));
      offset += length;
    }
    if (offset < end) this.pending = buf.subarray(offset);
  }
}
