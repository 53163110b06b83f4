import { buildConcatUdh } from '@smshub/sms';
import type { InboundSms } from '../carrier-forms.js';
import type { GatewayDialect, ReceivedSubmit, ReportToSend, SubmitVerdict } from '../dialect.js';
import { formatYyyymmddhhmmss } from '../china-time.js';
import { encodingOfMsgFormat, MsgFormat, msgFormatOf } from '../smgp/msg-format.js';
import { MsgIdGenerator, msgIdFromText, msgIdText } from '../smgp/msg-id.js';
import { SmgpStatus, smgpStatusForReject } from '../smgp/status.js';
import { reportBlockToSend } from '../smgp/status-report.js';
import { u8Tlv } from '../smgp/tlv.js';
import { joinUserData, looksLikeConcatUdh, splitUserData } from '../smgp/user-data.js';
import { cngpBindAcceptor } from './acceptor.js';
import type { CngpPdu } from './pdu.js';
import { cngpProtocol, NOT_CONGESTED } from './protocol.js';
import { CngpTlvTag } from './tlv-tags.js';

export interface CngpGatewayOptions {
  /** Gateway code written into the first 3 bytes of each MsgID, 6 decimal digits. */
  readonly gatewayCode: string;
  /** Login timestamp tolerance, default 10 minutes (DEFAULT_MAX_CLOCK_SKEW_MS); null accepts any. */
  readonly maxClockSkewMs?: number | null;
  readonly now?: () => Date;
}

const PROTOCOL = 'cngp';
const PROTOCOL_ID_ZERO = u8Tlv(CngpTlvTag.protocolId, 0);

/**
 * Server side of CNGP. Delivers end with Protocol_ID and responses with Congestion_State, so
 * strict clients (Huawei's SMProxy checks exact lengths) accept them. Reports use the SMGP block
 * layout (../smgp/status-report.ts), whose offsets CNGP clients read.
 */
export function cngpGatewayDialect(options: CngpGatewayOptions): GatewayDialect<CngpPdu> {
  const ids = new MsgIdGenerator(options.gatewayCode, 0, PROTOCOL);
  const now = options.now ?? (() => new Date());
  return {
    protocol: cngpProtocol(),
    acceptor: cngpBindAcceptor({ maxClockSkewMs: options.maxClockSkewMs }),
    reportPath: 'same-session',
    messageIds(request: CngpPdu, at: Date): readonly string[] {
      if (request.command !== 'submit') return [];
      // As SMGP: one MsgID in Submit_Resp, the same in every destination's report.
      const id = msgIdText(ids.next(at));
      return request.destTermIds.map(() => id);
    },
    received(request: CngpPdu): ReceivedSubmit | null {
      if (request.command !== 'submit') return null;
      const userData = splitUserData(request.msgContent, looksLikeConcatUdh(request.msgContent), PROTOCOL);
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
    submitReply(request: CngpPdu, verdict: SubmitVerdict): CngpPdu {
      const first = verdict.ok ? verdict.messageIds[0] : undefined;
      return {
        command: 'submit_resp',
        sequence: request.sequence,
        status: verdict.ok ? SmgpStatus.ok : smgpStatusForReject(verdict.reason),
        msgId: first === undefined ? Buffer.alloc(10) : msgIdFromText(first, PROTOCOL),
        tlvs: NOT_CONGESTED,
      };
    },
    report(report: ReportToSend): CngpPdu {
      const msgId = msgIdFromText(report.messageId, PROTOCOL);
      return {
        command: 'deliver',
        sequence: 0,
        msgId,
        isReport: 1,
        msgFormat: MsgFormat.ascii,
        recvTime: formatYyyymmddhhmmss(report.doneAt),
        srcTermId: report.recipient,
        destTermId: report.from,
        msgContent: reportBlockToSend(report, msgId, PROTOCOL),
        tlvs: [PROTOCOL_ID_ZERO],
      };
    },
    deliverAccepted(response: CngpPdu): boolean {
      return response.command === 'deliver_resp' && response.status === SmgpStatus.ok;
    },
    mo(sms: InboundSms): CngpPdu {
      const at = now();
      const udh = sms.concat === undefined ? null : buildConcatUdh(sms.concat, sms.concat.ref > 0xff ? 16 : 8);
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
        tlvs: [PROTOCOL_ID_ZERO],
      };
    },
  };
}
