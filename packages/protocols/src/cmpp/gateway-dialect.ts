import { buildConcatUdh } from '@smshub/sms';
import type { InboundSms } from '../carrier-forms.js';
import type { GatewayDialect, ReceivedSubmit, ReportToSend, SubmitVerdict } from '../dialect.js';
import { EncodeError } from '../engine/errors.js';
import { cmppBindAcceptor } from './acceptor.js';
import { BEIJING_OFFSET_MINUTES, reportTime } from './cmpp-time.js';
import { statOf } from './delivery-state.js';
import { encodingOfMsgFmt, msgFmtOf } from './msg-fmt.js';
import { msgIdText, parseMsgIdText } from './msg-id.js';
import { MsgIdGenerator } from './msg-id-generator.js';
import type { CmppDeliver, CmppPdu, CmppSubmitResp, CmppVersion } from './pdu.js';
import { cmppProtocol } from './protocol.js';
import { submitResultFor } from './reject.js';
import { MsgFmt, SubmitResult } from './status-codes.js';
import { splitUserData } from './user-data.js';

export interface CmppGatewayOptions {
  readonly version: CmppVersion;
  /** This gateway's 22-bit ISMG code in every Msg_Id it hands out. */
  readonly gatewayCode: number;
  /** CONNECT timestamps further than this from our clock are refused; 10 minutes by default, null: any. */
  readonly maxClockSkewMs?: number | null;
  /** Time zone of every CMPP time field, as minutes east of UTC; Beijing time by default. */
  readonly utcOffsetMinutes?: number;
  /** Clock for the Msg_Ids of reports and MO (submit ids get the caller's `now`). */
  readonly now?: () => Date;
}

/** The gateway dialect with CMPP's own PDU types, so callers need no narrowing. */
export interface CmppGatewayDialect extends GatewayDialect<CmppPdu> {
  submitReply(request: CmppPdu, verdict: SubmitVerdict): CmppSubmitResp;
  report(report: ReportToSend): CmppDeliver;
  mo(sms: InboundSms): CmppDeliver;
}

/**
 * The server role, for the simulator and the access server: CONNECT through the acceptor,
 * SUBMITs answered with gateway Msg_Ids (a submit to N numbers gets the first id; its reports
 * carry id … id+N−1, reference §1.5), reports and MO sent as DELIVERs on the client's own link.
 */
export function cmppGatewayDialect(options: CmppGatewayOptions): CmppGatewayDialect {
  const protocol = cmppProtocol(options.version);
  const offset = options.utcOffsetMinutes ?? BEIJING_OFFSET_MINUTES;
  const now = options.now ?? (() => new Date());
  const ids = new MsgIdGenerator({ gatewayCode: options.gatewayCode, utcOffsetMinutes: offset });
  const is30 = options.version === 0x30;
  let smscSequence = 0;

  function deliverFields(destId: string, srcTerminalId: string) {
    return {
      command: 'deliver' as const,
      sequence: 0,
      msgId: ids.next(now()),
      destId,
      serviceId: '',
      tpPid: 0,
      srcTerminalId,
      ...(is30 ? { srcTerminalType: 0, linkId: '' } : {}),
    };
  }

  return {
    protocol,
    acceptor: cmppBindAcceptor({
      version: options.version,
      maxClockSkewMs: options.maxClockSkewMs,
      utcOffsetMinutes: offset,
    }),
    reportPath: 'same-session',

    messageIds(request, at) {
      if (request.command !== 'submit') throw new TypeError(`cmpp: message ids asked for a ${request.command}`);
      const count = request.destTerminalIds.length;
      const first = ids.next(at, count);
      return Array.from({ length: count }, (_, i) => msgIdText(first + BigInt(i)));
    },

    received(request): ReceivedSubmit | null {
      if (request.command !== 'submit') return null;
      const data = splitUserData(request.msgContent, request.tpUdhi);
      return {
        to: request.destTerminalIds,
        from: request.srcId,
        encoding: encodingOfMsgFmt(request.msgFmt),
        content: data.payload,
        udh: data.udh,
        part: data.concat,
        wantReport: request.registeredDelivery === 1,
      };
    },

    submitReply(request, verdict: SubmitVerdict): CmppSubmitResp {
      if (!verdict.ok)
        return {
          command: 'submit_resp',
          sequence: request.sequence,
          msgId: 0n,
          result: submitResultFor(verdict.reason),
        };
      const first = verdict.messageIds[0];
      const msgId = first === undefined ? null : parseMsgIdText(first);
      if (msgId === null)
        throw new EncodeError('cmpp', `submit accepted with message id ${String(first)}, which is not a CMPP Msg_Id`);
      return { command: 'submit_resp', sequence: request.sequence, msgId, result: SubmitResult.OK };
    },

    report(report: ReportToSend): CmppDeliver {
      const msgId = parseMsgIdText(report.messageId);
      if (msgId === null)
        throw new EncodeError('cmpp', `report for message id ${report.messageId}, which is not a CMPP Msg_Id`);
      smscSequence = (smscSequence + 1) >>> 0;
      return {
        ...deliverFields(report.from, report.recipient),
        tpUdhi: 0,
        msgFmt: MsgFmt.ASCII,
        registeredDelivery: 1,
        report: {
          msgId,
          stat: statOf(report.state, report.error),
          submitTime: reportTime(report.submittedAt, offset),
          doneTime: reportTime(report.doneAt, offset),
          destTerminalId: report.recipient,
          smscSequence,
        },
      };
    },

    deliverAccepted: (response) => response.command === 'deliver_resp' && response.result === 0,

    mo(sms: InboundSms): CmppDeliver {
      const msgFmt = msgFmtOf(sms.encoding);
      if (msgFmt === null) throw new EncodeError('cmpp', `CMPP has no Msg_Fmt for ${sms.encoding} text`);
      const udh = sms.concat === undefined ? null : buildConcatUdh(sms.concat, sms.concat.ref > 0xff ? 16 : 8);
      return {
        ...deliverFields(sms.to, sms.from),
        ...(sms.serviceId === undefined ? {} : { serviceId: sms.serviceId }),
        ...(is30 && sms.linkId !== undefined ? { linkId: sms.linkId } : {}),
        tpUdhi: udh === null ? 0 : 1,
        msgFmt,
        registeredDelivery: 0,
        msgContent: udh === null ? sms.content : Buffer.concat([udh, sms.content]),
      };
    },
  };
}
