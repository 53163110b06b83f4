/**
 * Every failure @smshub/sms raises on purpose is one of these, so a caller can tell text we cannot
 * send (EncodingError) from bytes a peer sent that we cannot read (TextDecodeError, UdhError) from
 * a message too long to send at all (TooManySegmentsError).
 */

/** Text that the chosen encoding cannot represent, or input of the wrong kind for it. */
export class EncodingError extends Error {
  override readonly name = 'EncodingError';
  constructor(
    readonly encoding: string,
    message: string,
    /** UTF-16 index of the offending character, when one character is at fault. */
    readonly position?: number,
    /** The offending character (a whole surrogate pair when it is one). */
    readonly char?: string,
  ) {
    super(`${encoding}: ${message}`);
  }

  /** The character at `position` of `text` has no code in `encoding`. */
  static unencodable(encoding: string, text: string, position: number): EncodingError {
    const codePoint = text.codePointAt(position) ?? 0;
    const char = String.fromCodePoint(codePoint);
    const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
    return new EncodingError(
      encoding,
      `cannot encode ${JSON.stringify(char)} (U+${hex}) at position ${position}`,
      position,
      char,
    );
  }
}

/** Bytes that are not valid in the encoding they claim to be in. */
export class TextDecodeError extends Error {
  override readonly name = 'TextDecodeError';
  constructor(
    readonly encoding: string,
    message: string,
    /** Byte offset where decoding stopped, when known. */
    readonly offset?: number,
  ) {
    super(`${encoding}: ${message}${offset === undefined ? '' : ` (at byte ${offset})`}`);
  }
}

/** A data_coding / Msg_Fmt number we cannot map to a TextEncoding, or the reverse. */
export class DataCodingError extends Error {
  override readonly name = 'DataCodingError';
  constructor(
    readonly dialect: string,
    message: string,
  ) {
    super(`${dialect} data coding: ${message}`);
  }
}

/** A malformed user data header, or concatenation values out of range when building one. */
export class UdhError extends Error {
  override readonly name = 'UdhError';
  constructor(
    message: string,
    /** Byte offset in the user data where parsing stopped, when known. */
    readonly offset?: number,
  ) {
    super(`udh: ${message}${offset === undefined ? '' : ` (at byte ${offset})`}`);
  }
}

/** The concatenation header counts parts in one octet, so a message cannot have more than 255. */
export class TooManySegmentsError extends Error {
  override readonly name = 'TooManySegmentsError';
  constructor(
    readonly encoding: string,
    readonly segments: number,
  ) {
    super(`${encoding}: text needs ${segments} segments; a concatenated SMS has at most 255`);
  }
}

/** A long-message part that cannot join its group (bad counters, mixed encodings, undecodable whole). */
export class ConcatError extends Error {
  override readonly name = 'ConcatError';
  constructor(
    readonly source: string,
    message: string,
    /** The assembled bytes when all parts were in but could not be decoded, so nothing is lost. */
    readonly payload?: Buffer,
  ) {
    super(`concat from ${source}: ${message}`);
  }
}
