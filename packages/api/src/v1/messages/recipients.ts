import { messagePrice, segmentPriceFor } from '@smshub/core';
import type { IntakeBusinessType, IntakeMessage, IntakeRejection } from '@smshub/db';
import {
  lookupCarrier,
  measureText,
  normalizeNumber,
  TooManySegmentsError,
  type Carrier,
  type NumberResult,
  type TextEncoding,
} from '@smshub/sms';
import type { RejectionReason } from '../schemas.js';

/** One recipient as the request gave it. */
export interface Recipient {
  readonly to: string;
  readonly text: string;
}

/** The numbers of a request, normalised, with what the database must be asked about them. */
export interface NormalizedNumbers {
  readonly results: readonly NumberResult[];
  /** Chinese mobiles' national numbers: their portability overrides. */
  readonly nationalNumbers: readonly string[];
  /** Every stored form of every valid number: the blacklist may hold either. */
  readonly blacklistCandidates: readonly string[];
}

export function normalizeRecipients(recipients: readonly Recipient[]): NormalizedNumbers {
  const results = new Array<NumberResult>(recipients.length);
  const national = new Set<string>();
  const candidates = new Set<string>();
  for (let i = 0; i < recipients.length; i++) {
    const result = normalizeNumber((recipients[i] as Recipient).to);
    results[i] = result;
    if (!result.ok) continue;
    candidates.add(result.e164);
    if (result.kind === 'cn-mobile') {
      national.add(result.national);
      candidates.add(result.national);
    }
  }
  return { results, nationalNumbers: [...national], blacklistCandidates: [...candidates] };
}

export interface ReferenceData {
  readonly businessType: IntakeBusinessType;
  readonly portability: ReadonlyMap<string, string>;
  readonly blacklisted: ReadonlySet<string>;
}

export interface AcceptedRecipient {
  /** Position in the request. */
  readonly index: number;
  readonly message: IntakeMessage;
}

export interface Classification {
  /** In request order. */
  readonly accepted: readonly AcceptedRecipient[];
  /** In request order. */
  readonly rejections: readonly IntakeRejection[];
}

const PORTABLE_CARRIERS: ReadonlySet<string> = new Set<Carrier>(['CMCC', 'CUCC', 'CTCC', 'CBN']);

/**
 * Chinese gateways carry every text as UCS2 and Aliyun/Tencent bill it that way (70 characters a
 * message, 67 a part), even when GSM 7-bit would fit; abroad the cheaper GSM 7-bit is used when
 * it can carry the text (160/153).
 */
const DOMESTIC_ENCODINGS: readonly TextEncoding[] = ['ucs2'];
const INTERNATIONAL_ENCODINGS: readonly TextEncoding[] = ['gsm7', 'ucs2'];

type Measured = { readonly encoding: 'gsm7' | 'ucs2'; readonly segments: number } | { readonly tooLong: string };

/**
 * Accepts or rejects each recipient: a number we can send to, a carrier that serves it, not
 * blacklisted, a text that is not blank and fits 255 segments. Accepted ones get their stored
 * number, carrier, encoding, segment count and price. A text shared by many recipients is
 * measured once per encoding family, not once per recipient.
 */
export function classifyRecipients(
  recipients: readonly Recipient[],
  numbers: NormalizedNumbers,
  reference: ReferenceData,
): Classification {
  const portability = new Map<string, Carrier>();
  for (const [number, carrier] of reference.portability) {
    if (PORTABLE_CARRIERS.has(carrier)) portability.set(number, carrier as Carrier);
  }
  const domestic = new Map<string, Measured>();
  const international = new Map<string, Measured>();
  const accepted: AcceptedRecipient[] = [];
  const rejections: IntakeRejection[] = [];
  const reject = (index: number, to: string, reason: RejectionReason, message: string) =>
    rejections.push({ index, to, reason, message });

  for (let index = 0; index < recipients.length; index++) {
    const { to, text } = recipients[index] as Recipient;
    const number = numbers.results[index] as NumberResult;
    if (!number.ok) {
      reject(index, to, 'invalid_number', number.message);
      continue;
    }
    const stored = number.kind === 'cn-mobile' ? number.national : number.e164;
    const carrier = lookupCarrier(number, portability);
    if (carrier === null) {
      reject(index, to, 'unknown_carrier', `${stored}: no carrier we connect to serves this number range`);
      continue;
    }
    if (reference.blacklisted.has(stored) || reference.blacklisted.has(number.e164)) {
      reject(index, to, 'blacklisted', `${stored} is on the blacklist`);
      continue;
    }
    if (text.trim() === '') {
      reject(index, to, 'empty_text', 'the text is empty');
      continue;
    }
    const measured =
      carrier === 'INTL'
        ? measure(international, text, INTERNATIONAL_ENCODINGS)
        : measure(domestic, text, DOMESTIC_ENCODINGS);
    if ('tooLong' in measured) {
      reject(index, to, 'too_long', measured.tooLong);
      continue;
    }
    accepted.push({
      index,
      message: {
        recipient: stored,
        carrierCode: carrier,
        text,
        encoding: measured.encoding,
        segmentCount: measured.segments,
        // The carrier after portability decides the price (decision 0186); packs and plans apply at intake.
        price: messagePrice(measured.segments, segmentPriceFor(reference.businessType, carrier)),
      },
    });
  }
  return { accepted, rejections };
}

function measure(memo: Map<string, Measured>, text: string, allowed: readonly TextEncoding[]): Measured {
  const known = memo.get(text);
  if (known !== undefined) return known;
  let measured: Measured;
  try {
    const choice = measureText(text, { allowed });
    // Only gsm7 and ucs2 are ever allowed here.
    measured = { encoding: choice.encoding as 'gsm7' | 'ucs2', segments: choice.segments };
  } catch (error) {
    if (!(error instanceof TooManySegmentsError)) throw error;
    measured = { tooLong: `the text needs ${error.segments} segments in ${error.encoding}; a message has at most 255` };
  }
  memo.set(text, measured);
  return measured;
}
