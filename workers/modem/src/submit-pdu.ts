import type { OutboundSegment } from '@smshub/protocols';
import {
  encodeSubmitPdu,
  phoneAddress,
  relativeValidityPeriod,
  TP_DCS,
  type Alphabet,
  type PduModeMessage,
} from '@smshub/sms';

/** The recipients' form (TransportCapabilities['numbers']): E.164 digits, or national numbers. */
export type NumberForm = 'e164' | 'national';

export interface SubmitPduOptions {
  readonly numbers: NumberForm;
  /** For the validity period when the segment has no `validUntil`; null sends none (the SC's default). */
  readonly defaultValidityMinutes: number | null;
  readonly now: Date;
}

/** TP-DCS alphabets a handset understands; the pipeline should split for modems with gsm7/ucs2. */
const ALPHABET_OF: Partial<Record<OutboundSegment['encoding'], Alphabet>> = {
  gsm7: 'gsm7',
  ucs2: 'ucs2',
  binary: 'binary',
};

/**
 * The SMS-SUBMIT for one segment, one AT+CMGS each: TP-MR 0 (the module sets its own), SCA 00
 * (the SIM's SMSC), TP-SRR when a report is wanted, TP-VP relative, and the UDH the pipeline
 * built for a part of a long message. Returns null for an encoding GSM cannot carry.
 */
export function submitPdu(segment: OutboundSegment, options: SubmitPduOptions): PduModeMessage | null {
  const alphabet = ALPHABET_OF[segment.encoding];
  if (alphabet === undefined) return null;
  const minutes =
    segment.validUntil === undefined
      ? options.defaultValidityMinutes
      : (segment.validUntil.getTime() - options.now.getTime()) / 60_000;
  return encodeSubmitPdu({
    messageReference: 0,
    // E.164 digits go as TON international; national numbers as TON unknown, which networks
    // read as dialled (TS 23.040 §9.1.2.5) where "national" is not always accepted.
    destination: phoneAddress(segment.to, options.numbers === 'e164' ? 'international' : 'unknown'),
    rejectDuplicates: false,
    replyPath: false,
    statusReportRequest: segment.wantReport,
    protocolIdentifier: 0,
    dataCodingScheme: TP_DCS[alphabet],
    validityPeriod: minutes === null ? null : { format: 'relative', value: relativeValidityPeriod(minutes) },
    userData: { header: segment.udh, payload: segment.payload },
  });
}
