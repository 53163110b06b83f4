import { decodeText } from '../encodings/text-codec.js';
import { ConcatError } from '../errors.js';
import type { TextEncoding } from '../text-encoding.js';

/**
 * Collects the parts of long MO messages in memory, keyed by (source, ref, total) as the handset
 * numbers them (reference/protocols.md §6), and hands back the whole message once every part is
 * in. Parts are joined as bytes before decoding, because other senders may split a surrogate pair
 * or a GBK character across parts.
 *
 * It owns no clock and no storage: the caller passes `now`, persists parts if they must survive a
 * restart, and calls `expire` to drop groups whose missing parts will never come.
 */

export interface ConcatPart {
  /** Who sent it (the subscriber number); include the destination too if refs may collide across SP numbers. */
  readonly source: string;
  readonly ref: number;
  readonly total: number;
  /** 1-based. */
  readonly seq: number;
  readonly encoding: TextEncoding;
  /** The part's bytes without the UDH (GSM 7-bit as unpacked septets). */
  readonly payload: Buffer;
}

export type AssemblyResult =
  | {
      readonly status: 'complete';
      readonly encoding: TextEncoding;
      /** All parts' bytes in order. */
      readonly payload: Buffer;
      /** The decoded message; null for binary, which has no text form. */
      readonly text: string | null;
    }
  | { readonly status: 'pending'; readonly received: number; readonly total: number }
  /** The same part arrived again (a gateway resend); the first copy is kept. */
  | { readonly status: 'duplicate'; readonly received: number; readonly total: number };

export interface ExpiredGroup {
  readonly source: string;
  readonly ref: number;
  readonly total: number;
  readonly encoding: TextEncoding;
  /** `now` of the group's first part. */
  readonly firstSeenAt: number;
  /** Parts that did arrive, by seq. */
  readonly parts: ReadonlyMap<number, Buffer>;
}

interface Group {
  readonly source: string;
  readonly ref: number;
  readonly total: number;
  readonly encoding: TextEncoding;
  readonly firstSeenAt: number;
  readonly parts: Map<number, Buffer>;
}

export class ConcatAssembler {
  private readonly groups = new Map<string, Group>();

  /** Groups still waiting for parts. */
  get pending(): number {
    return this.groups.size;
  }

  add(part: ConcatPart, now: number): AssemblyResult {
    checkPart(part);
    const key = `${part.source}\u0000${part.ref}\u0000${part.total}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = {
        source: part.source,
        ref: part.ref,
        total: part.total,
        encoding: part.encoding,
        firstSeenAt: now,
        parts: new Map(),
      };
      this.groups.set(key, group);
    } else if (group.encoding !== part.encoding) {
      throw new ConcatError(
        part.source,
        `part ${part.seq}/${part.total} of ref ${part.ref} is ${part.encoding}, earlier parts are ${group.encoding}`,
      );
    }
    if (group.parts.has(part.seq)) return { status: 'duplicate', received: group.parts.size, total: group.total };
    group.parts.set(part.seq, part.payload);
    if (group.parts.size < group.total) return { status: 'pending', received: group.parts.size, total: group.total };

    this.groups.delete(key);
    const ordered: Buffer[] = [];
    for (let seq = 1; seq <= group.total; seq++) ordered.push(group.parts.get(seq) ?? Buffer.alloc(0));
    const payload = Buffer.concat(ordered);
    if (group.encoding === 'binary') return { status: 'complete', encoding: group.encoding, payload, text: null };
    try {
      return { status: 'complete', encoding: group.encoding, payload, text: decodeText(payload, group.encoding) };
    } catch (error) {
      throw new ConcatError(
        part.source,
        `ref ${part.ref}: the ${group.total} parts do not decode: ${error instanceof Error ? error.message : String(error)}`,
        payload,
      );
    }
  }

  /** Removes and returns the groups whose first part is more than `maxAgeMs` older than `now`. */
  expire(now: number, maxAgeMs: number): ExpiredGroup[] {
    const expired: ExpiredGroup[] = [];
    for (const [key, group] of this.groups) {
      if (now - group.firstSeenAt > maxAgeMs) {
        this.groups.delete(key);
        expired.push(group);
      }
    }
    return expired;
  }
}

function checkPart(part: ConcatPart): void {
  if (!Number.isInteger(part.ref) || part.ref < 0 || part.ref > 0xffff) {
    throw new ConcatError(part.source, `reference ${part.ref} is not 0–65535`);
  }
  if (!Number.isInteger(part.total) || part.total < 1 || part.total > 255) {
    throw new ConcatError(part.source, `total ${part.total} is not 1–255`);
  }
  if (!Number.isInteger(part.seq) || part.seq < 1 || part.seq > part.total) {
    throw new ConcatError(part.source, `part ${part.seq} is not 1–${part.total}`);
  }
}
