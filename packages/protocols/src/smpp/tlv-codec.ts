import type { PduReader } from '../engine/bytes.js';
import { DecodeError, EncodeError } from '../engine/errors.js';
import type { SmppWriter } from './smpp-writer.js';
import {
  type BroadcastAreaIdentifier,
  type RawTlv,
  type TlvKind,
  type TlvKinds,
  TlvDefinitions,
  type TlvName,
  type Tlvs,
  tlvsByTag,
} from './tlvs.js';

/** Value sizes of the fixed-size kinds; a TLV of such a kind with another length stays raw. */
const fixedSize: Partial<Record<TlvKind, number>> = {
  u8: 1,
  u16: 2,
  u32: 4,
  networkErrorCode: 3,
  broadcastContentType: 3,
  broadcastFrequencyInterval: 3,
};

const MAX_TLV_VALUE = 0xffff;

/**
 * Reads TLVs from the reader's position to the end of the PDU (3.4 §3.2.4: tag uint16, length
 * uint16, value). Returns undefined when there are none, so PDUs without TLVs allocate nothing.
 */
export function readTlvs(r: PduReader): Tlvs | undefined {
  if (r.remaining === 0) return undefined;
  const out: Record<string, unknown> = {};
  let others: RawTlv[] | undefined;
  while (r.remaining > 0) {
    if (r.remaining < 4) {
      throw new DecodeError('smpp', `${r.remaining} bytes after the last TLV, too few for a TLV header`, r.offset);
    }
    const tag = r.u16('TLV tag');
    const length = r.u16('TLV length');
    const start = r.offset;
    const value = r.bytes(length, `value of TLV 0x${tag.toString(16).padStart(4, '0')}`);
    const known = tlvsByTag.get(tag);
    const decoded = known === undefined ? undefined : decodeValue(known.kind, r.buf, start, length, out[known.key]);
    if (known === undefined || decoded === undefined) {
      if (others === undefined) {
        others = [];
        out.others = others;
      }
      others.push({ tag, value });
    } else {
      out[known.key] = decoded;
    }
  }
  return out as Tlvs;
}

/** The value, or undefined when it must stay raw (wrong length, or a repeat of a single TLV). */
function decodeValue(kind: TlvKind, buf: Buffer, start: number, length: number, previous: unknown): unknown {
  const fixed = fixedSize[kind];
  if (fixed !== undefined && fixed !== length) return undefined;
  if (previous !== undefined && kind !== 'broadcastAreaIdentifier') return undefined;
  switch (kind) {
    case 'u8':
      return buf[start];
    case 'u16':
      return buf.readUInt16BE(start);
    case 'u32':
      return buf.readUInt32BE(start);
    case 'cstring': {
      // Some SMSCs leave out the NUL (receipted_message_id especially): read up to it or the end.
      const nul = buf.indexOf(0, start);
      const stop = nul < 0 || nul >= start + length ? start + length : nul;
      if (stop < start + length - 1) return undefined; // a NUL inside: keep the bytes as they are
      return buf.toString('latin1', start, stop);
    }
    case 'octets':
      return buf.subarray(start, start + length);
    case 'networkErrorCode':
      return { networkType: buf[start], errorCode: buf.readUInt16BE(start + 1) };
    case 'broadcastContentType':
      return { networkType: buf[start], contentType: buf.readUInt16BE(start + 1) };
    case 'broadcastFrequencyInterval':
      return { timeUnit: buf[start], number: buf.readUInt16BE(start + 1) };
    case 'broadcastAreaIdentifier': {
      if (length < 1) return undefined;
      const area: BroadcastAreaIdentifier = { format: buf[start]!, details: buf.subarray(start + 1, start + length) };
      if (previous === undefined) return [area];
      (previous as BroadcastAreaIdentifier[]).push(area);
      return previous;
    }
  }
}

/** Encoded size of the TLVs (headers included); checks each value fits a TLV. */
export function tlvsSize(tlvs: Tlvs | undefined): number {
  if (tlvs === undefined) return 0;
  let size = 0;
  for (const key in tlvs) {
    if (key === 'others') {
      for (const raw of tlvs.others ?? []) size += 4 + checkedLength(raw.value.length, raw.tag);
      continue;
    }
    const value = tlvs[key as TlvName];
    if (value === undefined) continue;
    const def = definitionOf(key);
    if (def.kind === 'broadcastAreaIdentifier') {
      for (const area of value as TlvKinds['broadcastAreaIdentifier'])
        size += 4 + checkedLength(1 + area.details.length, def.tag);
    } else {
      size += 4 + checkedLength(valueSize(def.kind, value), def.tag);
    }
  }
  return size;
}

export function writeTlvs(w: SmppWriter, tlvs: Tlvs | undefined): void {
  if (tlvs === undefined) return;
  for (const key in tlvs) {
    if (key === 'others') {
      for (const raw of tlvs.others ?? []) w.u16(raw.tag, 'TLV tag').u16(raw.value.length).bytes(raw.value);
      continue;
    }
    const value = tlvs[key as TlvName];
    if (value === undefined) continue;
    const def = definitionOf(key);
    if (def.kind === 'broadcastAreaIdentifier') {
      for (const area of value as TlvKinds['broadcastAreaIdentifier']) {
        w.u16(def.tag)
          .u16(1 + area.details.length)
          .u8(area.format, `${def.name}.format`)
          .bytes(area.details);
      }
      continue;
    }
    w.u16(def.tag).u16(valueSize(def.kind, value));
    writeValue(w, def.kind, value, def.name);
  }
}

function definitionOf(key: string): { readonly tag: number; readonly name: string; readonly kind: TlvKind } {
  const def = (TlvDefinitions as Record<string, { tag: number; name: string; kind: TlvKind } | undefined>)[key];
  if (def === undefined) throw new EncodeError('smpp', `unknown TLV name "${key}" (put vendor TLVs in tlvs.others)`);
  return def;
}

function checkedLength(length: number, tag: number): number {
  if (length > MAX_TLV_VALUE) {
    throw new EncodeError(
      'smpp',
      `TLV 0x${tag.toString(16).padStart(4, '0')} value of ${length} bytes exceeds ${MAX_TLV_VALUE}`,
    );
  }
  return length;
}

function valueSize(kind: TlvKind, value: unknown): number {
  const fixed = fixedSize[kind];
  if (fixed !== undefined) return fixed;
  if (kind === 'cstring') return (value as string).length + 1;
  return (value as Buffer).length;
}

function writeValue(w: SmppWriter, kind: TlvKind, value: unknown, name: string): void {
  switch (kind) {
    case 'u8':
      w.u8(value as number, name);
      return;
    case 'u16':
      w.u16(value as number, name);
      return;
    case 'u32':
      w.u32(value as number, name);
      return;
    case 'cstring':
      w.cstring(value as string, MAX_TLV_VALUE, name);
      return;
    case 'octets':
      w.bytes(value as Buffer);
      return;
    case 'networkErrorCode': {
      const v = value as TlvKinds['networkErrorCode'];
      w.u8(v.networkType, `${name}.networkType`).u16(v.errorCode, `${name}.errorCode`);
      return;
    }
    case 'broadcastContentType': {
      const v = value as TlvKinds['broadcastContentType'];
      w.u8(v.networkType, `${name}.networkType`).u16(v.contentType, `${name}.contentType`);
      return;
    }
    case 'broadcastFrequencyInterval': {
      const v = value as TlvKinds['broadcastFrequencyInterval'];
      w.u8(v.timeUnit, `${name}.timeUnit`).u16(v.number, `${name}.number`);
      return;
    }
    case 'broadcastAreaIdentifier':
      return; // written area by area in writeTlvs
  }
}
