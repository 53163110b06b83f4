/**
 * @smshub/sms — text and numbers: encodings (GSM 03.38, UCS2, Latin-1, GBK), segmentation with
 * concatenation UDH, and Chinese / international number normalisation and carrier lookup.
 * Pure functions only: never touches the network, a database or the clock.
 */
export type TextEncoding = 'gsm7' | 'ascii' | 'latin1' | 'ucs2' | 'gbk' | 'binary';
