import { lookupCarrier, measureText, normalizeNumber, type TextEncoding } from '@smshub/sms';

export interface OperatorSms {
  readonly recipient: string;
  readonly carrierCode: string | null;
  readonly text: string;
  readonly encoding: TextEncoding;
  readonly segmentCount: number;
}

/**
 * The SMS an alarm sends to each operator number: numbers normalised as intake stores them
 * (national digits for Chinese mobiles, E.164 digits otherwise), counted as UCS2 for Chinese
 * numbers like every message. Numbers that are not phone numbers are skipped.
 */
export function operatorSms(phones: readonly string[], text: string): OperatorSms[] {
  const messages: OperatorSms[] = [];
  for (const phone of phones) {
    // Contacts are stored as intake stores recipients: bare digits that are not a Chinese
    // mobile are E.164 without the '+'.
    const stored = /^[0-9]+$/.test(phone) && !(phone.length === 11 && phone.startsWith('1')) ? `+${phone}` : phone;
    const number = normalizeNumber(stored);
    if (!number.ok) continue;
    const chinese = number.kind === 'cn-mobile';
    const recipient = chinese ? number.national : number.e164;
    let measured: { encoding: TextEncoding; segments: number };
    try {
      measured = measureText(text, { allowed: chinese ? ['ucs2'] : ['gsm7', 'ucs2'] });
    } catch {
      continue; // longer than 255 segments: an alarm text never is
    }
    messages.push({
      recipient,
      carrierCode: lookupCarrier(number),
      text,
      encoding: measured.encoding,
      segmentCount: measured.segments,
    });
  }
  return messages;
}
