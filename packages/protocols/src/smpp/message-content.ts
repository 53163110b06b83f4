import { type ConcatInfo, parseUdh, type TextEncoding, encodingOfDataCoding } from '@smshub/sms';
import { MAX_SHORT_MESSAGE } from './field-sizes.js';
import { EsmClass } from './esm-class.js';
import type { Tlvs } from './tlvs.js';

/** The message part of submit_sm / deliver_sm / submit_multi / data_sm, as both dialects read it. */
interface MessageFields {
  readonly esmClass: number;
  readonly dataCoding: number;
  readonly shortMessage?: Buffer;
  readonly tlvs?: Tlvs;
}

export interface MessageContent {
  readonly encoding: TextEncoding;
  /** The text bytes, UDH removed. */
  readonly content: Buffer;
  readonly udh: Buffer | null;
  /** From the UDH, or else from the sar_* TLVs (3.4 §5.3.2.22–24). */
  readonly concat: ConcatInfo | null;
}

/**
 * Reads content from short_message, or from message_payload when short_message is empty (they
 * must not both be used, 3.4 §5.3.2.32). A UDH that does not parse is left in the content: the
 * bytes still reach the application, only the concatenation info is lost.
 */
export function readMessage(pdu: MessageFields): MessageContent {
  const short = pdu.shortMessage;
  const payload = short !== undefined && short.length > 0 ? short : (pdu.tlvs?.messagePayload ?? Buffer.alloc(0));
  let encoding: TextEncoding;
  try {
    encoding = encodingOfDataCoding(pdu.dataCoding, 'smpp');
  } catch {
    encoding = 'binary'; // an alphabet we cannot read: pass the bytes on untouched
  }
  if ((pdu.esmClass & EsmClass.UDHI) !== 0 && payload.length > 0) {
    try {
      const udh = parseUdh(payload);
      return {
        encoding,
        content: payload.subarray(udh.headerLength),
        udh: payload.subarray(0, udh.headerLength),
        concat: udh.concat ?? null,
      };
    } catch {
      // fall through: deliver the bytes as they came
    }
  }
  const tlvs = pdu.tlvs;
  const sar =
    tlvs?.sarMsgRefNum !== undefined && tlvs.sarTotalSegments !== undefined && tlvs.sarSegmentSeqnum !== undefined
      ? { ref: tlvs.sarMsgRefNum, total: tlvs.sarTotalSegments, seq: tlvs.sarSegmentSeqnum }
      : null;
  return { encoding, content: payload, udh: null, concat: sar };
}

/**
 * short_message for content that fits (≤ 254 bytes), else an empty short_message and the content
 * in message_payload (3.4 §5.3.2.32). `udh` goes in front, with esm_class UDHI set by the caller.
 */
export function placeMessage(content: Buffer, udh: Buffer | null): { shortMessage: Buffer; messagePayload?: Buffer } {
  const body = udh === null || udh.length === 0 ? content : Buffer.concat([udh, content], udh.length + content.length);
  if (body.length <= MAX_SHORT_MESSAGE) return { shortMessage: body };
  return { shortMessage: Buffer.alloc(0), messagePayload: body };
}
