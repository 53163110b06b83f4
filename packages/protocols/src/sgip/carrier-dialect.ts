import { parseUdh, UdhError } from '@smshub/sms';
import type { InboundSms, StatusReport } from '../carrier-forms.js';
import type { CarrierDialect, InboundEvent, OutboundSegment, SubmitOutcome } from '../dialect.js';
import { EncodeError } from '../engine/errors.js';
import type { BindAcceptor, Binder } from '../engine/protocol.js';
import { sgipBindAcceptor } from './acceptor.js';
import { sgipBinder, type SgipCredentials } from './binder.js';
import { encodingOfMessageCoding, messageCodingOf } from './message-coding.js';
import {
  AgentFlag,
  FeeType,
  LoginType,
  MessageType,
  MorelatetoMTFlag,
  ReportFlag,
  ReportState,
  type SgipDeliver,
  type SgipPdu,
  type SgipReport,
} from './pdu.js';
import { sgipProtocol, type SgipProtocol } from './protocol.js';
import { responseFor } from './responses.js';
import { SgipResult } from './result.js';
import { sequenceText, UNNUMBERED } from './sequence.js';
import { formatSgipTime } from './sgip-time.js';
import { classifySubmitResult } from './submit-outcome.js';
import { withCountryCode, withoutCountryCode } from './user-number.js';

/** A Unicom SGIP channel as smshub (the SP) uses it. */
export interface SgipChannelOptions {
  /** Our SP node id, `3AAAAQQQQQ` (spNodeId): the first part of every sequence we make. */
  readonly nodeId: number;
  /** SP access number (接入号); used as SPNumber when a segment has no `from` of its own. */
  readonly spNumber: string;
  /** Five-digit corp code. */
  readonly corpId: string;
  /** Business code (up to 10 characters). */
  readonly serviceType: string;
  /** Who pays: "" the recipient, "86…" that number, default 21 × '0' (the SP pays). */
  readonly chargeNumber?: string;
  /** Default FeeType.FREE. */
  readonly feeType?: number;
  /** Fen as text; default "0". */
  readonly feeValue?: string;
  readonly givenValue?: string;
  /** Default AgentFlag.SHOULD_COLLECT. */
  readonly agentFlag?: number;
  /** Default MorelatetoMTFlag.NOT_CAUSED_BY_MO: notifications are not replies. */
  readonly morelatetoMTFlag?: number;
  /** SGIP Priority (0–9) for our priorities 0 … 3; default [0, 3, 6, 9]. */
  readonly priorities?: readonly [number, number, number, number];
  /**
   * ReportFlag for segments that want a status report (default ALWAYS) and for those that do
   * not (default NEVER).
   */
  readonly reportFlag?: { readonly wanted: number; readonly unwanted: number };
  /** Clock for sequence times; injectable for tests. */
  readonly now?: () => Date;
}

export interface SgipCarrierDialect extends CarrierDialect<SgipPdu> {
  readonly protocol: SgipProtocol;
  /** Binds our connection to the SMG; use credentials with LoginType.SP_TO_SMG (submitCredentials). */
  readonly binder: Binder<SgipPdu, SgipCredentials>;
  /**
   * SGIP's second connection: the SMG connects to our SGIP server to deliver MO and reports. That
   * server checks the SMG's login (LoginType 2) with this acceptor and handles requests with
   * `inbound` / `inboundReply`.
   */
  readonly callbackAcceptor: BindAcceptor<SgipPdu>;
  submitCredentials(loginName: string, password: string): SgipCredentials;
}

const DEFAULT_PRIORITIES = [0, 3, 6, 9] as const;

/**
 * Client-role dialect: builds SUBMITs from outbound segments, classifies SUBMIT_RESPs (the
 * SUBMIT's own sequence is the message id), and reads what the SMG sends on the callback
 * connection: DELIVER → MO, REPORT → status report, USERRPT → left to the caller.
 */
export function sgipCarrierDialect(options: SgipChannelOptions): SgipCarrierDialect {
  const protocol = sgipProtocol({ nodeId: options.nodeId, ...(options.now ? { now: options.now } : {}) });
  const priorities = options.priorities ?? DEFAULT_PRIORITIES;
  const reportFlag = options.reportFlag ?? { wanted: ReportFlag.ALWAYS, unwanted: ReportFlag.NEVER };
  const fixed = {
    chargeNumber: options.chargeNumber ?? '0'.repeat(21),
    corpId: options.corpId,
    serviceType: options.serviceType,
    feeType: options.feeType ?? FeeType.FREE,
    feeValue: options.feeValue ?? '0',
    givenValue: options.givenValue ?? '0',
    agentFlag: options.agentFlag ?? AgentFlag.SHOULD_COLLECT,
    morelatetoMTFlag: options.morelatetoMTFlag ?? MorelatetoMTFlag.NOT_CAUSED_BY_MO,
  };

  return {
    protocol,
    binder: sgipBinder(),
    callbackAcceptor: sgipBindAcceptor({ loginTypes: [LoginType.SMG_TO_SP] }),
    submitCredentials: (loginName, password) => ({ loginName, password, loginType: LoginType.SP_TO_SMG }),

    submit(segment: OutboundSegment): SgipPdu {
      const priority = priorities[segment.priority];
      if (priority === undefined) throw new EncodeError('sgip', `priority ${String(segment.priority)} is not 0–3`);
      const content = segment.udh === null ? segment.payload : Buffer.concat([segment.udh, segment.payload]);
      return {
        command: 'submit',
        sequence: UNNUMBERED,
        spNumber: segment.from.length > 0 ? segment.from : options.spNumber,
        userNumbers: [withCountryCode(segment.to)],
        ...fixed,
        priority,
        expireTime: segment.validUntil === undefined ? '' : formatSgipTime(segment.validUntil),
        scheduleTime: '',
        reportFlag: segment.wantReport ? reportFlag.wanted : reportFlag.unwanted,
        tpPid: 0,
        // reference §6: SGIP marks a long-message part only by TP_udhi = 1 and the UDH in front.
        tpUdhi: segment.udh === null ? 0 : 1,
        messageCoding: messageCodingOf(segment.encoding),
        messageType: MessageType.SMS,
        messageContent: content,
      };
    },

    submitOutcome(request: SgipPdu, response: SgipPdu): SubmitOutcome {
      if (response.command !== 'submit_resp') {
        return {
          ok: false,
          kind: 'transient',
          status: SgipResult.SYSTEM_FAILURE,
          reason: `SUBMIT answered with ${response.command}`,
        };
      }
      return classifySubmitResult(response.result, sequenceText(request.sequence));
    },

    inbound(request: SgipPdu): InboundEvent<SgipPdu> {
      if (request.command === 'deliver') return { kind: 'mo', sms: moOf(request) };
      if (request.command === 'report') return { kind: 'report', report: reportOf(request) };
      return { kind: 'other', request };
    },

    inboundReply(request: SgipPdu, ok: boolean): SgipPdu {
      // Not stored: "node busy" makes the SMG keep the message and send it again.
      const reply = responseFor(request, ok ? SgipResult.OK : SgipResult.NODE_BUSY);
      if (reply === null) throw new TypeError(`sgip: ${request.command} is not a request the SMG expects an answer to`);
      return reply;
    },
  };
}

/** DELIVER → InboundSms: "86" dropped from the sender, the UDH (TP_udhi = 1) split off. */
export function moOf(deliver: SgipDeliver): InboundSms {
  const base = {
    protocol: 'sgip',
    from: withoutCountryCode(deliver.userNumber),
    to: deliver.spNumber,
    encoding: encodingOfMessageCoding(deliver.messageCoding),
  };
  if (deliver.tpUdhi === 0) return { ...base, content: deliver.messageContent };
  try {
    const udh = parseUdh(deliver.messageContent);
    const content = deliver.messageContent.subarray(udh.headerLength);
    return udh.concat === undefined ? { ...base, content } : { ...base, content, concat: udh.concat };
  } catch (error) {
    // A handset's broken header must not lose the message: pass the bytes on as they came.
    if (error instanceof UdhError) return { ...base, content: deliver.messageContent };
    throw error;
  }
}

/**
 * REPORT → StatusReport (reference §2.6). carrierMessageId is the SUBMIT's sequence text, the
 * id submitOutcome gave that SUBMIT; State 1 "waiting" is not final (ENROUTE); State 2 carries
 * the reason in ErrorCode only, so every failure is UNDELIV with the code kept in `error`.
 */
export function reportOf(report: SgipReport): StatusReport {
  const base = {
    protocol: 'sgip',
    carrierMessageId: sequenceText(report.submitSequence),
    recipient: withoutCountryCode(report.userNumber),
    code: String(report.state),
  };
  switch (report.state) {
    case ReportState.DELIVERED:
      return { ...base, state: 'DELIVRD' };
    case ReportState.WAITING:
      return { ...base, state: 'ENROUTE' };
    case ReportState.FAILED:
      return { ...base, state: 'UNDELIV', error: String(report.errorCode) };
    default:
      return { ...base, state: 'UNKNOWN', error: String(report.errorCode) };
  }
}
