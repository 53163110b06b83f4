import { EncodeError } from '../engine/errors.js';
import type { PduReader, PduWriter } from '../engine/bytes.js';

/**
 * Optional parameters as SMGP 3.0 (§5.2.3 / reference §3.5) and CNGP lay them out after the fixed
 * body: Tag uint16, Length uint16 (of Value only), Value. A PDU keeps them as an ordered list so
 * tags we do not know survive a decode → encode round trip unchanged.
 */
export interface Tlv {
  readonly tag: number;
  readonly value: Buffer;
}

/** SMGP 3.0 tags (reference §3.5; go_smgp options.go; SMSGate SMGPConstants). */
export const SmgpTlvTag = {
  tpPid: 0x0001,
  tpUdhi: 0x0002,
  linkId: 0x0003,
  chargeUserType: 0x0004,
  chargeTermType: 0x0005,
  chargeTermPseudo: 0x0006,
  destTermType: 0x0007,
  destTermPseudo: 0x0008,
  pkTotal: 0x0009,
  pkNumber: 0x000a,
  submitMsgType: 0x000b,
  spDealResult: 0x000c,
  srcTermType: 0x000d,
  srcTermPseudo: 0x000e,
  nodesCount: 0x000f,
  msgSrc: 0x0010,
  srcType: 0x0011,
  mServiceId: 0x0012,
} as const;

/** Reads TLVs to the end of the frame; a cut-off tag, length or value is a DecodeError. */
export function readTlvs(r: PduReader): Tlv[] {
  const tlvs: Tlv[] = [];
  while (r.remaining > 0) {
    const tag = r.u16('TLV tag');
    const length = r.u16('TLV length');
    tlvs.push({ tag, value: r.bytes(length, `TLV 0x${tag.toString(16).padStart(4, '0')} value`) });
  }
  return tlvs;
}

export function tlvsSize(tlvs: readonly Tlv[]): number {
  let size = 0;
  for (const tlv of tlvs) size += 4 + tlv.value.length;
  return size;
}

export function writeTlvs(w: PduWriter, tlvs: readonly Tlv[]): void {
  for (const tlv of tlvs) {
    if (!Number.isInteger(tlv.tag) || tlv.tag < 0 || tlv.tag > 0xffff) {
      throw new EncodeError(w.protocol, `TLV tag ${tlv.tag} does not fit in 2 bytes`);
    }
    if (tlv.value.length > 0xffff) throw new EncodeError(w.protocol, `TLV 0x${tlv.tag.toString(16)} value is too long`);
    w.u16(tlv.tag).u16(tlv.value.length).bytes(tlv.value);
  }
}

export function findTlv(tlvs: readonly Tlv[], tag: number): Buffer | undefined {
  for (const tlv of tlvs) if (tlv.tag === tag) return tlv.value;
  return undefined;
}

/** A one-byte TLV's value (TP_udhi, PkTotal …); undefined when absent or empty. */
export function tlvU8(tlvs: readonly Tlv[], tag: number): number | undefined {
  const value = findTlv(tlvs, tag);
  return value === undefined || value.length === 0 ? undefined : value[0];
}

/** A text TLV (LinkID, MsgSrc …) cut at the first NUL. */
export function tlvText(tlvs: readonly Tlv[], tag: number): string | undefined {
  const value = findTlv(tlvs, tag);
  if (value === undefined) return undefined;
  const nul = value.indexOf(0);
  return value.toString('latin1', 0, nul < 0 ? value.length : nul);
}

export function u8Tlv(tag: number, value: number): Tlv {
  return { tag, value: Buffer.from([value & 0xff]) };
}

/** Text TLV; `size` pads with NULs to the fixed width the spec gives (LinkID 20, MsgSrc 8 …). */
export function textTlv(tag: number, text: string, size?: number): Tlv {
  const bytes = Buffer.from(text, 'latin1');
  if (size === undefined || bytes.length >= size) return { tag, value: bytes };
  const value = Buffer.alloc(size);
  bytes.copy(value);
  return { tag, value };
}
