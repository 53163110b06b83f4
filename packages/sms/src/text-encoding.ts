/**
 * How message bytes represent text. gsm7 is the GSM 03.38 default alphabet (unpacked septets in
 * our buffers), ucs2 is UTF-16BE, gbk is GBK on send and GB18030 on receive, binary is bytes with no
 * text form.
 */
export type TextEncoding = 'gsm7' | 'ascii' | 'latin1' | 'ucs2' | 'gbk' | 'binary';

export const TEXT_ENCODINGS: readonly TextEncoding[] = ['gsm7', 'ascii', 'latin1', 'ucs2', 'gbk', 'binary'];
