import { buildConcatUdh, parseUdh, UdhError } from '@smshub/sms';
import type { InboundSms } from '../carrier-forms.js';
import type { GatewayDialect, ReceivedSubmit, ReportToSend, SubmitVerdict } from '../dialect.js';
import { DecodeError, EncodeError } from '../engine/errors.js';
import type { Binder } from '../engine/protocol.js';
import { sgipBindAcceptor } from './acceptor.js';
import { sgipBinder, type SgipCredentials } from './binder.js';
import { encodingOfMessageCoding, messageCodingOf } from './message-coding.js';
import { LoginType, ReportFlag, ReportState, ReportType, type SgipPdu, type SgipSubmit } from './pdu.js';
import { rejectResult, sgipProtocol, type SgipProtocol } from './protocol.js';
import { SgipResult } from './result.js';
import { parseSequenceText, sequenceText, type SgipSequence, UNNUMBERED } from './sequence.js';
import { withCountryCode, withoutCountryCode } from './user-number.js';

export interface SgipGatewayOptions {
  /** The SMG's node id, `1AAAAX` (reference §2.1), first part of the sequences it makes. */
  readonly nodeId: number;
  readonly now?: () => Date;
}

export interface SgipGatewayDialect extends GatewayDialect<SgipPdu> {
  readonly protocol: SgipProtocol;
  /**
   * Binds the connection the SMG opens to the SP's own SGIP server to send DELIVER and REPORT;
   * use credentials with LoginType.SMG_TO_SP (callbackCredentials).
   */
  readonly callbackBinder: Binder<SgipPdu, SgipCredentials>;
  callbackCredentials(loginName: string, password: string): SgipCredentials;
}

/**
 * Server-role dialect (the simulator playing a Unicom SMG): takes SP logins (LoginType 1),
 * reads SUBMITs, answers them, and builds the REPORTs and DELIVERs it sends back over the
 * callback connection it opens to the SP.
 */
export function sgipGatewayDialect(options: SgipGatewayOptions): SgipGatewayDialect {
  const protocol = sgipProtocol({ nodeId: options.nodeId, ...(options.now ? { now: options.now } : {}) });
  return {
    protocol,
    acceptor: sgipBindAcceptor({ loginTypes: [LoginType.SP_TO_SMG] }),
    reportPath: 'callback-connection',
    callbackBinder: sgipBinder(),
    callbackCredentials: (loginName, password) => ({ loginName, password, loginType: LoginType.SMG_TO_SP }),

    messageIds(request: SgipPdu): readonly string[] {
      if (request.command !== 'submit') return [];
      // SGIP has no message id: every recipient's REPORT names the SUBMIT's sequence and tells
      // the recipients apart by UserNumber (reference §2.6).
      const id = sequenceText(request.sequence);
      return request.userNumbers.map(() => id);
    },

    received(request: SgipPdu): ReceivedSubmit | null {
      return request.command === 'submit' ? receivedOf(request) : null;
    },

    submitReply(request: SgipPdu, verdict: SubmitVerdict): SgipPdu {
      const result = verdict.ok ? SgipResult.OK : rejectResult[verdict.reason];
      return { command: 'submit_resp', sequence: request.sequence, result };
    },

    report(report: ReportToSend): SgipPdu {
      const { state, errorCode } = reportStateOf(report);
      return {
        command: 'report',
        sequence: UNNUMBERED,
        submitSequence: submitSequenceOf(report.messageId),
        reportType: ReportType.SUBMIT,
        userNumber: withCountryCode(report.recipient),
        state,
        errorCode,
      };
    },

    deliverAccepted(response: SgipPdu): boolean {
      return (
        (response.command === 'report_resp' || response.command === 'deliver_resp') && response.result === SgipResult.OK
      );
    },

    mo(sms: InboundSms): SgipPdu {
      const udh = sms.concat === undefined ? null : buildConcatUdh(sms.concat);
      return {
        command: 'deliver',
        sequence: UNNUMBERED,
        userNumber: withCountryCode(sms.from),
        spNumber: sms.to,
        tpPid: 0,
        tpUdhi: udh === null ? 0 : 1,
        messageCoding: messageCodingOf(sms.encoding),
        messageContent: udh === null ? sms.content : Buffer.concat([udh, sms.content]),
      };
    },
  };
}

/** The message id messageIds() gave, back to the SUBMIT's sequence; anything else is our bug. */
function submitSequenceOf(messageId: string): SgipSequence {
  try {
    return parseSequenceText(messageId);
  } catch (error) {
    if (error instanceof DecodeError)
      throw new EncodeError('sgip', `report for message id "${messageId}": not an SGIP node:time:seq id`);
    throw error;
  }
}

function receivedOf(submit: SgipSubmit): ReceivedSubmit {
  const base = {
    to: submit.userNumbers.map(withoutCountryCode),
    from: submit.spNumber,
    encoding: encodingOfMessageCoding(submit.messageCoding),
    // ReportFlag 0 asks for a report on failure only; the simulator's yes/no cannot say that,
    // so only 1 (always) and 3 (billing-only, report wanted) count as wanting one.
    wantReport: submit.reportFlag === ReportFlag.ALWAYS || submit.reportFlag === ReportFlag.BILLING_ONLY,
  };
  if (submit.tpUdhi !== 0) {
    try {
      const parsed = parseUdh(submit.messageContent);
      return {
        ...base,
        content: submit.messageContent.subarray(parsed.headerLength),
        udh: submit.messageContent.subarray(0, parsed.headerLength),
        part: parsed.concat ?? null,
      };
    } catch (error) {
      if (!(error instanceof UdhError)) throw error;
      // Claimed a header it does not have: treat the whole content as text.
    }
  }
  return { ...base, content: submit.messageContent, udh: null, part: null };
}

/**
 * Delivery state → REPORT State + ErrorCode (reference §2.6, §2.8). A numeric `error` is sent as
 * given; otherwise a failure gets the nearest table entry: 25 "user cannot be reached" for an
 * expiry, 28 "handset receive error" for the rest.
 */
function reportStateOf(report: ReportToSend): { state: number; errorCode: number } {
  switch (report.state) {
    case 'DELIVRD':
      return { state: ReportState.DELIVERED, errorCode: 0 };
    case 'ACCEPTD':
    case 'ENROUTE':
      return { state: ReportState.WAITING, errorCode: 0 };
    default: {
      const given = report.error === undefined ? NaN : Number(report.error);
      if (Number.isInteger(given) && given >= 0 && given <= 0xff)
        return { state: ReportState.FAILED, errorCode: given };
      if (report.error !== undefined && report.error.length > 0 && !Number.isNaN(given)) {
        throw new EncodeError('sgip', `ErrorCode ${report.error} does not fit one byte`);
      }
      const errorCode = report.state === 'EXPIRED' ? SgipResult.USER_UNREACHABLE : SgipResult.HANDSET_RECEIVE_ERROR;
      return { state: ReportState.FAILED, errorCode };
    }
  }
}
