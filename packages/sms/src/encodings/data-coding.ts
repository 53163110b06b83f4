import { DataCodingError } from '../errors.js';
import type { TextEncoding } from '../text-encoding.js';

/**
 * The number each protocol puts on the wire for an encoding. 'smpp' is SMPP data_coding
 * (reference/protocols.md §5.8, which follows GSM 03.38); 'cmpp' is the Chinese Msg_Fmt shared by
 * CMPP, SGIP MessageCoding and SMGP/CNGP MsgFormat (§1.9).
 */
export type DataCodingDialect = 'smpp' | 'cmpp';

/** SMPP data_coding values (§5.8). */
export const SMPP_DATA_CODING = {
  smscDefault: 0x00,
  ia5: 0x01,
  binary: 0x04,
  latin1: 0x03,
  ucs2: 0x08,
  /** Reserved in SMPP; Chinese SMPP gateways use the Msg_Fmt number for GBK, and so do we. */
  gbk: 0x0f,
} as const;

/** Msg_Fmt values (§1.9). */
export const MSG_FMT = {
  ascii: 0,
  simCardWrite: 3,
  binary: 4,
  ucs2: 8,
  gbk: 15,
  /** SMGP 3.0 only: (U)SIM message. */
  usimMessage: 0xf6,
} as const;

const SMPP_OF: Readonly<Record<TextEncoding, number>> = {
  gsm7: SMPP_DATA_CODING.smscDefault,
  ascii: SMPP_DATA_CODING.ia5,
  latin1: SMPP_DATA_CODING.latin1,
  ucs2: SMPP_DATA_CODING.ucs2,
  binary: SMPP_DATA_CODING.binary,
  gbk: SMPP_DATA_CODING.gbk,
};

const MSG_FMT_OF: Readonly<Partial<Record<TextEncoding, number>>> = {
  ascii: MSG_FMT.ascii,
  ucs2: MSG_FMT.ucs2,
  binary: MSG_FMT.binary,
  gbk: MSG_FMT.gbk,
};

/** The data_coding (smpp) or Msg_Fmt (cmpp) to send text of `encoding` with. */
export function dataCodingOf(encoding: TextEncoding, dialect: DataCodingDialect = 'smpp'): number {
  if (dialect === 'smpp') return SMPP_OF[encoding];
  const value = MSG_FMT_OF[encoding];
  if (value === undefined) {
    throw new DataCodingError(dialect, `Msg_Fmt has no code for ${encoding}; send ascii, ucs2 or gbk`);
  }
  return value;
}

/**
 * The encoding of a received data_coding / Msg_Fmt. Throws DataCodingError for codings we cannot
 * turn into text or bytes (JIS, Cyrillic, compressed, reserved …).
 */
export function encodingOfDataCoding(dcs: number, dialect: DataCodingDialect): TextEncoding {
  return dialect === 'smpp' ? encodingOfSmppDataCoding(dcs) : encodingOfMsgFmt(dcs);
}

function encodingOfSmppDataCoding(dcs: number): TextEncoding {
  switch (dcs) {
    case 0x00:
      return 'gsm7';
    case 0x01:
      return 'ascii';
    case 0x02:
    case 0x04:
      return 'binary';
    case 0x03:
      return 'latin1';
    case 0x08:
      return 'ucs2';
    case 0x0f:
      return 'gbk';
  }
  // GSM 03.38 coding groups, which handsets use in MO (flash messages, message classes).
  if (dcs >= 0x10 && dcs <= 0x1f) {
    // General data coding, uncompressed, with a message class: bits 3–2 are the alphabet.
    const alphabet = (dcs >>> 2) & 0x03;
    if (alphabet === 0) return 'gsm7';
    if (alphabet === 1) return 'binary';
    if (alphabet === 2) return 'ucs2';
  }
  if (dcs >= 0x20 && dcs <= 0x3f)
    throw new DataCodingError('smpp', `${hex(dcs)} is compressed text, which we cannot read`);
  if (dcs >= 0xc0 && dcs <= 0xdf) return 'gsm7'; // message waiting indication, default alphabet
  if (dcs >= 0xe0 && dcs <= 0xef) return 'ucs2'; // message waiting indication, UCS2
  if (dcs >= 0xf0 && dcs <= 0xff) return (dcs & 0x04) !== 0 ? 'binary' : 'gsm7'; // message class; bit 2 = 8-bit data
  throw new DataCodingError('smpp', `${hex(dcs)} is not a coding we support`);
}

function encodingOfMsgFmt(fmt: number): TextEncoding {
  switch (fmt) {
    case MSG_FMT.ascii:
      return 'ascii';
    case MSG_FMT.binary:
    case MSG_FMT.simCardWrite:
    case MSG_FMT.usimMessage:
      // Data for the SIM, not text: the content is passed on as bytes.
      return 'binary';
    case MSG_FMT.ucs2:
      return 'ucs2';
    case MSG_FMT.gbk:
      return 'gbk';
  }
  throw new DataCodingError('cmpp', `Msg_Fmt ${fmt} is not a coding we support`);
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(2, '0')}`;
}
