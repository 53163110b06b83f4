import type { BusinessTypeInfo, ClaimedMessage } from '@smshub/db';
import type { OutboundSegment } from '@smshub/protocols';
import { chooseEncoding, splitText } from '@smshub/sms';
import type { TransportCapabilities } from './transport.js';

/**
 * The wire form of one message on one channel: its segments, in order. The encoding is the one
 * chosen at intake (billing counted with it) unless the link cannot carry it; the concatenation
 * reference comes from the message id, so a resend after a crash carries the same reference and
 * the handset still joins the parts.
 */
export function buildSegments(
  message: ClaimedMessage,
  channel: { readonly spNumber: string },
  capabilities: TransportCapabilities,
  businessType: BusinessTypeInfo | undefined,
): OutboundSegment[] {
  const encoding = capabilities.encodings.includes(message.encoding)
    ? message.encoding
    : chooseEncoding(message.text, capabilities.encodings);
  const split = splitText(message.text, { encoding, reference: Number(message.id % 256n) });
  const from = `${channel.spNumber}${message.extension ?? ''}`.slice(0, 21);
  const to = wireNumber(message, capabilities.numbers);
  const priority = priorityOf(businessType?.priority ?? 0);
  const wantReport = businessType?.wantStatusReport ?? true;
  return split.segments.map((segment) => ({
    to,
    from,
    encoding: split.encoding,
    payload: segment.payload,
    udh: segment.udh,
    part: segment.part,
    wantReport,
    priority,
    validUntil: message.expiresAt,
  }));
}

/**
 * Stored recipients are national digits for Chinese mobiles and E.164 digits otherwise; which is
 * which is known from the carrier, never guessed from the digits (a US number is 11 digits
 * starting with 1 too).
 */
function wireNumber(message: ClaimedMessage, numbers: TransportCapabilities['numbers']): string {
  const chinese = message.carrierCode !== null && message.carrierCode !== 'INTL';
  if (chinese && numbers === 'e164') return `86${message.recipient}`;
  return message.recipient;
}

/**
 * Business-type priority onto the four wire priority levels: the standard types are alarm 40,
 * verification 30, notification 20, marketing 10.
 */
export function priorityOf(businessPriority: number): 0 | 1 | 2 | 3 {
  if (businessPriority >= 40) return 3;
  if (businessPriority >= 30) return 2;
  if (businessPriority >= 20) return 1;
  return 0;
}
