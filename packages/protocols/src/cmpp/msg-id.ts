/**
 * The 64-bit CMPP Msg_Id (reference §1.10), most significant bits first: month 4, day 5, hour 5,
 * minute 6, second 6, gateway (ISMG) code 22, sequence 16. Ids are compared as uint64; their text
 * form (carrier-forms.ts) is the unsigned decimal number, not the 22/23-digit concatenation of the
 * parts some platforms print.
 */
export interface MsgIdParts {
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** ISMG code, 22 bits. */
  readonly gateway: number;
  /** 16 bits. */
  readonly sequence: number;
}

const widths: ReadonlyArray<readonly [keyof MsgIdParts, number, number]> = [
  // field, bit position of its least significant bit, width
  ['month', 60, 4],
  ['day', 55, 5],
  ['hour', 50, 5],
  ['minute', 44, 6],
  ['second', 38, 6],
  ['gateway', 16, 22],
  ['sequence', 0, 16],
];

export const MAX_GATEWAY_CODE = 0x3fffff;
export const MAX_MSG_ID = 0xffffffffffffffffn;

export function packMsgId(parts: MsgIdParts): bigint {
  let id = 0n;
  for (const [field, shift, width] of widths) {
    const value = parts[field];
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** width) {
      throw new RangeError(`cmpp Msg_Id ${field} ${value} does not fit ${width} bits`);
    }
    id |= BigInt(value) << BigInt(shift);
  }
  return id;
}

export function unpackMsgId(id: bigint): MsgIdParts {
  const part = (shift: number, width: number): number => Number((id >> BigInt(shift)) & ((1n << BigInt(width)) - 1n));
  return {
    month: part(60, 4),
    day: part(55, 5),
    hour: part(50, 5),
    minute: part(44, 6),
    second: part(38, 6),
    gateway: part(16, 22),
    sequence: part(0, 16),
  };
}

/** Text form used across smshub: the unsigned decimal value. */
export function msgIdText(id: bigint): string {
  return BigInt.asUintN(64, id).toString(10);
}

/** Reads the decimal text form back; null unless it is 1–20 digits naming a value below 2^64. */
export function parseMsgIdText(text: string): bigint | null {
  if (text.length === 0 || text.length > 20) return null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return null;
  }
  const id = BigInt(text);
  return id > MAX_MSG_ID ? null : id;
}
