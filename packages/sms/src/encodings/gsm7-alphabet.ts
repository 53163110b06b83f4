/**
 * The GSM 03.38 (3GPP TS 23.038 §6.2.1) default alphabet and its extension table, as lookup
 * tables built once at module load so encoding, validation and segment counting cost one array
 * read per character.
 */

/** The escape septet: the next septet is read from the extension table. */
export const GSM7_ESCAPE = 0x1b;

/** Default alphabet, index = septet. 0x1B is the escape, never a character of its own. */
export const GSM7_DEFAULT_ALPHABET =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  'Δ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNO' +
  'PQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmno' +
  'pqrstuvwxyzäöñüà';

/**
 * Extension table (sent as 0x1B + code). 0x0D (CR2) and 0x1B (SS2) are control codes, not
 * characters, and are left out.
 */
export const GSM7_EXTENSION_TABLE: ReadonlyArray<readonly [code: number, char: string]> = [
  [0x0a, '\f'],
  [0x14, '^'],
  [0x28, '{'],
  [0x29, '}'],
  [0x2f, '\\'],
  [0x3c, '['],
  [0x3d, '~'],
  [0x3e, ']'],
  [0x40, '|'],
  [0x65, '€'],
];

const NOT_GSM7 = 0xff;

/** UTF-16 code unit → septet of the default alphabet, or 0xFF. */
export const DEFAULT_SEPTET_OF = new Uint8Array(0x10000).fill(NOT_GSM7);
/** UTF-16 code unit → extension-table code (to follow 0x1B), or 0xFF. */
export const EXTENSION_SEPTET_OF = new Uint8Array(0x10000).fill(NOT_GSM7);
/**
 * UTF-16 code unit → septets it takes: 1 (default alphabet), 2 (extension) or 0 (not GSM 7-bit).
 * Surrogates are 0, so characters outside the BMP are never GSM 7-bit.
 */
export const GSM7_SEPTETS_OF = new Uint8Array(0x10000);
/** Extension code → character, '' where the table has none. */
export const EXTENSION_CHAR_OF: readonly string[] = buildTables();

export function isNotGsm7(septet: number): boolean {
  return septet === NOT_GSM7;
}

function buildTables(): string[] {
  for (let septet = 0; septet < 0x80; septet++) {
    if (septet === GSM7_ESCAPE) continue;
    const unit = GSM7_DEFAULT_ALPHABET.charCodeAt(septet);
    DEFAULT_SEPTET_OF[unit] = septet;
    GSM7_SEPTETS_OF[unit] = 1;
  }
  const extensionChars = new Array<string>(0x80).fill('');
  for (const [code, char] of GSM7_EXTENSION_TABLE) {
    const unit = char.charCodeAt(0);
    EXTENSION_SEPTET_OF[unit] = code;
    GSM7_SEPTETS_OF[unit] = 2;
    extensionChars[code] = char;
  }
  return extensionChars;
}
