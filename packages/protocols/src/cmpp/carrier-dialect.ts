import type { StatusReport } from '../carrier-forms.js';
import type { CarrierDialect, InboundEvent, OutboundSegment, SubmitOutcome } from '../dialect.js';
import { EncodeError } from '../engine/errors.js';
import { absoluteTime, BEIJING_OFFSET_MINUTES, parseReportTime } from './cmpp-time.js';
import { deliveryStateOf } from './delivery-state.js';
import { encodingOfMsgFmt, msgFmtOf } from './msg-fmt.js';
import { msgIdText } from './msg-id.js';
import type { CmppDeliverReport, CmppPdu, CmppSubmit, CmppVersion } from './pdu.js';
import { cmppProtocol } from './protocol.js';
import { rejectCmpp } from './reject.js';
import { DeliverResult } from './status-codes.js';
import { classifySubmitResult } from './submit-outcome.js';
import { splitUserData } from './user-data.js';

/** One CMPP channel's fixed submit fields, from the channel's configuration. */
export interface CmppChannelOptions {
  readonly version: CmppVersion;
  /** SP_Id (企业代码): Msg_src of every submit. */
  readonly spId: string;
  /** Service_Id (业务代码). */
  readonly serviceId: string;
  /** The SP number (long code). A segment's `from` must be it or start with it (number + extension). */
  readonly srcId: string;
  /** 0 charge the recipient, 1 the sender, 2 the SP, 3 Fee_terminal_Id; default 2 (the SP pays). */
  readonly feeUserType?: number;
  /** "01" free, "02" per message, "03" monthly; default "01". */
  readonly feeType?: string;
  /** Fee in fen; default "0". */
  readonly feeCode?: string;
  readonly feeTerminalId?: string;
  /** LinkID for on-demand services (3.0 only). */
  readonly linkId?: string;
  /** Msg_level for priority 0 (lowest) … 3 (highest); default [0, 1, 2, 3]. */
  readonly msgLevels?: readonly [number, number, number, number];
  /** The gateway's time zone as minutes east of UTC; Beijing time by default. */
  readonly utcOffsetMinutes?: number;
}

/** The carrier dialect with CMPP's own request types, so callers need no narrowing. */
export interface CmppCarrierDialect extends CarrierDialect<CmppPdu> {
  submit(segment: OutboundSegment): CmppSubmit;
}

/**
 * The client role: segments become SUBMITs, SUBMIT_RESP results become outcomes
 * (submit-outcome.ts), DELIVERs become status reports or MO.
 */
export function cmppCarrierDialect(options: CmppChannelOptions): CmppCarrierDialect {
  const protocol = cmppProtocol(options.version);
  const offset = options.utcOffsetMinutes ?? BEIJING_OFFSET_MINUTES;
  const levels = options.msgLevels ?? [0, 1, 2, 3];
  const is30 = options.version === 0x30;

  function sender(from: string): string {
    if (from === '') return options.srcId;
    if (!from.startsWith(options.srcId)) {
      throw new EncodeError('cmpp', `sender ${from} is not under this channel's SP number ${options.srcId}`);
    }
    return from;
  }

  return {
    protocol,
    submit(segment: OutboundSegment): CmppSubmit {
      const msgFmt = msgFmtOf(segment.encoding);
      if (msgFmt === null)
        throw new EncodeError(
          'cmpp',
          `CMPP has no Msg_Fmt for ${segment.encoding} text; segment it as ascii, ucs2 or gbk`,
        );
      const msgContent = segment.udh === null ? segment.payload : Buffer.concat([segment.udh, segment.payload]);
      return {
        command: 'submit',
        sequence: 0,
        msgId: 0n,
        pkTotal: segment.part?.total ?? 1,
        pkNumber: segment.part?.seq ?? 1,
        registeredDelivery: segment.wantReport ? 1 : 0,
        msgLevel: levels[segment.priority],
        serviceId: options.serviceId,
        feeUserType: options.feeUserType ?? 2,
        feeTerminalId: options.feeTerminalId ?? '',
        ...(is30 ? { feeTerminalType: 0 } : {}),
        tpPid: 0,
        tpUdhi: segment.udh === null ? 0 : 1,
        msgFmt,
        msgSrc: options.spId,
        feeType: options.feeType ?? '01',
        feeCode: options.feeCode ?? '0',
        validTime: segment.validUntil === undefined ? '' : absoluteTime(segment.validUntil, offset),
        atTime: '',
        srcId: sender(segment.from),
        destTerminalIds: [segment.to],
        ...(is30 ? { destTerminalType: 0, linkId: options.linkId ?? '' } : {}),
        msgContent,
      };
    },

    submitOutcome(_request, response): SubmitOutcome {
      if (response.command !== 'submit_resp') {
        return { ok: false, kind: 'transient', status: -1, reason: `gateway answered SUBMIT with ${response.command}` };
      }
      return classifySubmitResult(response.result, response.msgId);
    },

    inbound(request): InboundEvent<CmppPdu> {
      if (request.command !== 'deliver') return { kind: 'other', request };
      if (request.registeredDelivery === 1) return { kind: 'report', report: statusReport(request, offset) };
      const data = splitUserData(request.msgContent, request.tpUdhi);
      return {
        kind: 'mo',
        sms: {
          protocol: 'cmpp',
          from: request.srcTerminalId,
          to: request.destId,
          encoding: encodingOfMsgFmt(request.msgFmt),
          content: data.payload,
          ...(data.concat === null ? {} : { concat: data.concat }),
          ...(request.serviceId === '' ? {} : { serviceId: request.serviceId }),
          ...(request.linkId === undefined || request.linkId === '' ? {} : { linkId: request.linkId }),
        },
      };
    },

    /**
     * "Could not store it" is answered with 8 (flow control): of the DELIVER_RESP results it is
     * the one gateways read as "send again later"; the others blame the message.
     */
    inboundReply(request, ok): CmppPdu {
      if (request.command === 'deliver') {
        return {
          command: 'deliver_resp',
          sequence: request.sequence,
          msgId: request.msgId,
          result: ok ? DeliverResult.OK : DeliverResult.FLOW_CONTROL,
        };
      }
      const reply = rejectCmpp(request, 'unsupported', options.version);
      if (reply === null) throw new TypeError(`cmpp: ${request.command} has no reply`);
      return reply;
    },
  };
}

function statusReport(deliver: CmppDeliverReport, offset: number): StatusReport {
  const r = deliver.report;
  const submittedAt = parseReportTime(r.submitTime, offset);
  const doneAt = parseReportTime(r.doneTime, offset);
  return {
    protocol: 'cmpp',
    carrierMessageId: msgIdText(r.msgId),
    recipient: r.destTerminalId === '' ? deliver.srcTerminalId : r.destTerminalId,
    state: deliveryStateOf(r.stat),
    code: r.stat,
    ...(submittedAt === undefined ? {} : { submittedAt }),
    ...(doneAt === undefined ? {} : { doneAt }),
  };
}
