import { parseUdh, UdhError } from '@smshub/sms';

/** Msg_Content split into its UDH (when TP_udhi = 1) and the message bytes after it. */
export interface UserData {
  readonly udh: Buffer | null;
  readonly payload: Buffer;
  readonly concat: { readonly ref: number; readonly total: number; readonly seq: number } | null;
}

/**
 * A TP_udhi flag with a header that does not parse is kept as plain content: an MO from a
 * subscriber's handset is still worth delivering whole, and a gateway decides on the content
 * itself rather than on a header it cannot read.
 */
export function splitUserData(content: Buffer, tpUdhi: number): UserData {
  if (tpUdhi !== 1) return { udh: null, payload: content, concat: null };
  try {
    const parsed = parseUdh(content);
    return {
      udh: content.subarray(0, parsed.headerLength),
      payload: content.subarray(parsed.headerLength),
      concat: parsed.concat ?? null,
    };
  } catch (error) {
    if (error instanceof UdhError) return { udh: null, payload: content, concat: null };
    throw error;
  }
}
