import { encodeDeliverPdu, phoneAddress, splitText, TP_DCS, type PduModeMessage, type TpAddress } from '@smshub/sms';

export interface SimulatedMo {
  /** The subscriber's number; '+' in front makes it international (as networks usually send it). */
  readonly from: string;
  readonly text: string;
  /** Concatenation reference for a long message (default: a rolling counter of the simulator). */
  readonly reference?: number;
  /** When the SC took it (default: now). */
  readonly at?: Date;
}

/**
 * The SMS-DELIVER PDUs a network would hand the modem for `mo`: one, or one per part with a
 * concatenation header, in GSM 7-bit when the text allows it and UCS2 otherwise. The service
 * centre time carries the simulator's offset (+08:00 by default, as Chinese SCs do).
 */
export function moPdus(
  mo: SimulatedMo,
  serviceCentre: TpAddress,
  reference: number,
  offsetMinutes: number,
): PduModeMessage[] {
  const split = splitText(mo.text, { allowed: ['gsm7', 'ucs2'], reference: mo.reference ?? reference });
  const encoding = split.encoding === 'ucs2' ? 'ucs2' : 'gsm7';
  const date = new Date(Math.floor((mo.at ?? new Date()).getTime() / 1000) * 1000);
  return split.segments.map((segment) =>
    encodeDeliverPdu(
      {
        originator: phoneAddress(mo.from),
        moreMessages: false,
        loopPrevention: false,
        statusReportIndication: false,
        replyPath: false,
        protocolIdentifier: 0,
        dataCodingScheme: TP_DCS[encoding],
        serviceCentreTime: { date, offsetMinutes },
        userData: { header: segment.udh, payload: segment.payload },
      },
      serviceCentre,
    ),
  );
}
