/**
 * TP-Data-Coding-Scheme as 3GPP TS 23.038 §4 defines it for SMS (not SMPP data_coding, whose
 * low values mean other things: 0x01 is IA5 there, GSM 7-bit here). Reading never fails: the
 * spec says a receiver treats reserved codings as the GSM 7-bit default alphabet.
 */

/** How TP-UD is coded, which also sets the unit of TP-UDL (septets for gsm7, octets otherwise). */
export type Alphabet = 'gsm7' | 'binary' | 'ucs2';

export interface DataCodingScheme {
  readonly alphabet: Alphabet;
  /** Compressed text (TS 23.042), which we cannot expand: its octets are passed on as they are. */
  readonly compressed: boolean;
  /** Message class 0–3 (0 = flash), null when the coding gives none. */
  readonly messageClass: 0 | 1 | 2 | 3 | null;
}

/** The DCS we send each alphabet with: general data coding, no class, uncompressed. */
export const TP_DCS = { gsm7: 0x00, binary: 0x04, ucs2: 0x08 } as const;

export function dataCodingSchemeOf(alphabet: Alphabet): number {
  return TP_DCS[alphabet];
}

export function readDataCodingScheme(dcs: number): DataCodingScheme {
  const group = dcs >>> 4;
  if (group <= 0x07) {
    // 00xx / 01xx: general data coding (01xx also marks the message for automatic deletion).
    const compressed = (dcs & 0x20) !== 0;
    const messageClass = (dcs & 0x10) !== 0 ? classOf(dcs) : null;
    if (compressed) return { alphabet: 'binary', compressed, messageClass };
    return { alphabet: alphabetOf((dcs >>> 2) & 0x03), compressed, messageClass };
  }
  if (group === 0x0e) return { alphabet: 'ucs2', compressed: false, messageClass: null }; // message waiting, store, UCS2
  if (group === 0x0f) {
    // Data coding / message class: bit 2 chooses 8-bit data over the default alphabet.
    return { alphabet: (dcs & 0x04) !== 0 ? 'binary' : 'gsm7', compressed: false, messageClass: classOf(dcs) };
  }
  // 1000–1011 reserved, 1100–1101 message waiting (discard / store) in the default alphabet.
  return { alphabet: 'gsm7', compressed: false, messageClass: null };
}

function alphabetOf(bits: number): Alphabet {
  if (bits === 1) return 'binary';
  if (bits === 2) return 'ucs2';
  return 'gsm7'; // 00, and the reserved 11
}

function classOf(dcs: number): 0 | 1 | 2 | 3 {
  return (dcs & 0x03) as 0 | 1 | 2 | 3;
}
