import { isFinalState, type DeliveryState, type InboundSms, type StatusReport } from '@smshub/protocols';
import { formatAddress, type DecodedDeliver, type DecodedStatusReport } from '@smshub/sms';
import type { ReportMatcher } from './report-matcher.js';

/** The protocol name modem reports and MO carry in the protocol-neutral forms. */
export const MODEM_PROTOCOL = 'gsm-modem';

/**
 * An SMS-STATUS-REPORT as the pipeline's StatusReport. `code` is TP-ST as two hex digits after
 * "0x", the way TS 23.040 §9.2.3.15 lists the values.
 */
export function statusReportOf(report: DecodedStatusReport, matcher: ReportMatcher): StatusReport {
  // TpStatusState names a subset of DeliveryState; the annotation keeps the two in step.
  const state: DeliveryState = report.state;
  const recipient = formatAddress(report.recipient);
  return {
    protocol: MODEM_PROTOCOL,
    carrierMessageId: matcher.match(report.messageReference, recipient, isFinalState(state)),
    recipient,
    state,
    code: `0x${report.status.toString(16).padStart(2, '0')}`,
    submittedAt: report.serviceCentreTime.date,
    doneAt: report.dischargeTime.date,
  };
}

/** An SMS-DELIVER as the pipeline's InboundSms; `to` is the SIM's own number when configured. */
export function inboundSmsOf(deliver: DecodedDeliver, ownNumber: string): InboundSms {
  const { concat } = deliver.userData;
  return {
    protocol: MODEM_PROTOCOL,
    from: formatAddress(deliver.originator),
    to: ownNumber,
    encoding: deliver.alphabet,
    content: Buffer.from(deliver.userData.payload),
    ...(concat === undefined ? {} : { concat }),
  };
}
