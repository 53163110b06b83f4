import { buildConcatUdh } from '@smshub/sms';
import type { InboundSms } from '../carrier-forms.js';
import type { GatewayDialect, ReceivedSubmit, ReportToSend, SubmitVerdict } from '../dialect.js';
import { smgpBindAcceptor } from './acceptor.js';
import { formatYyyymmddhhmmss } from '../china-time.js';
import { MsgFormat, encodingOfMsgFormat, msgFormatOf } from './msg-format.js';
import { MsgIdGenerator, msgIdFromText, msgIdText } from './msg-id.js';
import type { SmgpPdu, SmgpVersion } from './pdu.js';
import { smgpProtocol } from './protocol.js';
import { SmgpStatus, smgpStatusForReject } from './status.js';
import { reportBlockToSend } from './status-report.js';
import { SmgpTlvTag, textTlv, type Tlv, tlvU8, u8Tlv } from './tlv.js';
import { joinUserData, smgpHasUdh, splitUserData } from './user-data.js';

export interface SmgpGatewayOptions {
  readonly version?: SmgpVersion;
  /** SMGW code for MsgIDs: 3-digit area code + "06" + index, e.g. "010061". */
  readonly smgwCode: string;
  /** Login timestamp tolerance, default 10 minutes (DEFAULT_MAX_CLOCK_SKEW_MS); null accepts any. */
  readonly maxClockSkewMs?: number | null;
  /** Clock for MO MsgIDs and RecvTime. */
  readonly now?: () => Date;
}

const PROTOCOL = 'smgp';

/** Server side of SMGP (the simulator's SMGW, the access server): submits in, reports and MO out. */
export function smgpGatewayDialect(options: SmgpGatewayOptions): GatewayDialect<SmgpPdu> {
  const version = options.version ?? 0x30;
  const ids = new MsgIdGenerator(options.smgwCode);
  const now = options.now ?? (() => new Date());
  return {
    protocol: smgpProtocol(version),
    acceptor: smgpBindAcceptor({ version, maxClockSkewMs: options.maxClockSkewMs }),
    reportPath: 'same-session',
    messageIds(request: SmgpPdu, now: Date): readonly string[] {
      if (request.command !== 'submit') return [];
      // Submit_Resp carries one MsgID and every destination's report carries that same id (told
      // apart by the recipient); only CMPP numbers the destinations id … id+N−1.
      const id = msgIdText(ids.next(now));
      return request.destTermIds.map(() => id);
    },
    received(request: SmgpPdu): ReceivedSubmit | null {
      if (request.command !== 'submit') return null;
      const userData = splitUserData(
        request.msgContent,
        smgpHasUdh(tlvU8(request.tlvs, SmgpTlvTag.tpUdhi), request.msgContent),
        PROTOCOL,
      );
      return {
        to: request.destTermIds,
        from: request.srcTermId,
        encoding: encodingOfMsgFormat(request.msgFormat),
        content: userData.payload,
        udh: userData.udh,
        part: userData.concat,
        wantReport: request.needReport === 1,
      };
    },
    /** One Submit_Resp per Submit: it carries the first destination's MsgID (the spec has one). */
    submitReply(request: SmgpPdu, verdict: SubmitVerdict): SmgpPdu {
      const first = verdict.ok ? verdict.messageIds[0] : undefined;
      return {
        command: 'submit_resp',
        sequence: request.sequence,
        msgId: first === undefined ? Buffer.alloc(10) : msgIdFromText(first, PROTOCOL),
        status: verdict.ok ? SmgpStatus.ok : smgpStatusForReject(verdict.reason),
      };
    },
    report(report: ReportToSend): SmgpPdu {
      const msgId = msgIdFromText(report.messageId, PROTOCOL);
      return {
        command: 'deliver',
        sequence: 0,
        msgId,
        isReport: 1,
        // The spec asks reports to use MsgFormat 0.
        msgFormat: MsgFormat.ascii,
        recvTime: formatYyyymmddhhmmss(report.doneAt),
        srcTermId: report.recipient,
        destTermId: report.from,
        msgContent: reportBlockToSend(report, msgId, PROTOCOL),
        reserve: '',
        tlvs: [],
      };
    },
    deliverAccepted(response: SmgpPdu): boolean {
      return response.command === 'deliver_resp' && response.status === SmgpStatus.ok;
    },
    mo(sms: InboundSms): SmgpPdu {
      const at = now();
      const tlvs: Tlv[] = [];
      const udh = sms.concat === undefined ? null : buildConcatUdh(sms.concat, sms.concat.ref > 0xff ? 16 : 8);
      if (udh !== null && version === 0x30) tlvs.push(u8Tlv(SmgpTlvTag.tpUdhi, 1));
      if (version === 0x30 && sms.linkId !== undefined) tlvs.push(textTlv(SmgpTlvTag.linkId, sms.linkId, 20));
      return {
        command: 'deliver',
        sequence: 0,
        msgId: ids.next(at),
        isReport: 0,
        msgFormat: msgFormatOf(sms.encoding, PROTOCOL),
        recvTime: formatYyyymmddhhmmss(at),
        srcTermId: sms.from,
        destTermId: sms.to,
        msgContent: joinUserData(udh, sms.content),
        reserve: '',
        tlvs,
      };
    },
  };
}
