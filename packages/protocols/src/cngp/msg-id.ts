import { readBcd } from '../smgp/msg-id.js';

/**
 * CNGP MsgID: 10 bytes split as a 3-byte gateway id and a 7-byte BCD sequence (RongDi
 * cngp_packet.h `struct MSG_ID { BYTE smg_id[3]; BYTE seq_id[7]; }`, read with bcd2int) — the
 * only source that shows the inside (reference §4.2 "unverified"). Huawei's SMProxy and
 * netty-codec-sms treat it as 10 opaque bytes. Our gateway fills the 14-digit sequence with
 * MMDDHHMM + a 6-digit counter, i.e. the SMGP layout (../smgp/msg-id.ts MsgIdGenerator), which is
 * a valid instance of this one. Text form: 20 lowercase hex digits, as for SMGP.
 */
export interface CngpMsgIdParts {
  /** The first 3 bytes as 6 hex digits (BCD digits for our own ids). */
  readonly gateway: string;
  /** The last 7 bytes as 14 decimal digits. */
  readonly sequence: string;
}

/** Null when the sequence part is not BCD or the id is not 10 bytes. */
export function parseCngpMsgId(id: Buffer): CngpMsgIdParts | null {
  if (id.length !== 10) return null;
  const sequence = readBcd(id, 3, 10);
  if (sequence === null) return null;
  return { gateway: id.toString('hex', 0, 3), sequence };
}
