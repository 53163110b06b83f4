import type { InboundSms } from '../carrier-forms.js';
import type { CarrierDialect, InboundEvent, OutboundSegment, SubmitOutcome } from '../dialect.js';
import { statusReportOf } from '../smgp/carrier-dialect.js';
import { formatSmppAbsoluteTime } from '../china-time.js';
import { encodingOfMsgFormat, msgFormatOf } from '../smgp/msg-format.js';
import { msgIdText } from '../smgp/msg-id.js';
import { classifySmgpStatus, describeSmgpStatus, SmgpStatus } from '../smgp/status.js';
import { u8Tlv } from '../smgp/tlv.js';
import { joinUserData, looksLikeConcatUdh, splitUserData } from '../smgp/user-data.js';
import type { CngpDeliver, CngpPdu } from './pdu.js';
import { cngpProtocol, NOT_CONGESTED } from './protocol.js';
import { CngpTlvTag } from './tlv-tags.js';

/** A CNGP channel's account fields. */
export interface CngpChannelOptions {
  /** SPID: the SP's enterprise code, up to 10 characters. */
  readonly spId: string;
  readonly serviceId: string;
  /** "00" free (default), "01" per message, "02" monthly, "03" capped. */
  readonly feeType?: string;
  /** 0 charge the destination (default), 1 source, 2 SP, 3 ChargeTermID. */
  readonly feeUserType?: number;
  /** Fee in fen, default "000000". */
  readonly feeCode?: string;
  readonly chargeTermId?: string;
  /**
   * SubType: 0 cancel subscription, 1 subscribe / on-demand request, 2 on-demand MT (default),
   * 3 subscription MT (Huawei CNGPSubmitMessage, wujunjenny/smgw cngpdef.h).
   */
  readonly subType?: number;
  /** TP-PID for the Protocol_ID TLV, default 0. */
  readonly protocolId?: number;
}

const PROTOCOL = 'cngp';

/**
 * Client side of a CNGP channel. Every Submit ends with the Protocol_ID TLV, as Huawei's SMProxy
 * and RongDi's client send it (tlv-tags.ts). Long messages: none of the four CNGP sources has a
 * UDHI flag or part counters, so the UDH simply leads MsgContent and gateways recognise it — the
 * widest reading; marked unverified. Inbound content that starts with a well-formed concatenation
 * header is read as a part (../smgp/user-data.ts looksLikeConcatUdh).
 */
export function cngpCarrierDialect(options: CngpChannelOptions): CarrierDialect<CngpPdu> {
  const protocol = cngpProtocol();
  const protocolIdTlv = u8Tlv(CngpTlvTag.protocolId, options.protocolId ?? 0);
  return {
    protocol,
    submit(segment: OutboundSegment): CngpPdu {
      return {
        command: 'submit',
        sequence: 0,
        spId: options.spId,
        subType: options.subType ?? 2,
        needReport: segment.wantReport ? 1 : 0,
        priority: segment.priority,
        serviceId: options.serviceId,
        feeType: options.feeType ?? '00',
        feeUserType: options.feeUserType ?? 0,
        feeCode: options.feeCode ?? '000000',
        msgFormat: msgFormatOf(segment.encoding, PROTOCOL),
        validTime: segment.validUntil === undefined ? '' : formatSmppAbsoluteTime(segment.validUntil),
        atTime: '',
        srcTermId: segment.from,
        chargeTermId: options.chargeTermId ?? '',
        destTermIds: [segment.to],
        msgContent: joinUserData(segment.udh, segment.payload),
        tlvs: [protocolIdTlv],
      };
    },
    submitOutcome(_request: CngpPdu, response: CngpPdu): SubmitOutcome {
      if (response.command !== 'submit_resp') {
        return {
          ok: false,
          kind: 'transient',
          status: SmgpStatus.badCommandId,
          reason: `gateway answered Submit with ${response.command}`,
        };
      }
      if (response.status === SmgpStatus.ok) return { ok: true, carrierMessageId: msgIdText(response.msgId) };
      return {
        ok: false,
        kind: classifySmgpStatus(response.status),
        status: response.status,
        reason: describeSmgpStatus(response.status),
      };
    },
    inbound(request: CngpPdu): InboundEvent<CngpPdu> {
      if (request.command !== 'deliver') return { kind: 'other', request };
      if (request.isReport === 1) return { kind: 'report', report: statusReportOf(request, PROTOCOL) };
      return { kind: 'mo', sms: inboundSmsOf(request) };
    },
    inboundReply(request: CngpPdu, ok: boolean): CngpPdu {
      return {
        command: 'deliver_resp',
        sequence: request.sequence,
        status: ok ? SmgpStatus.ok : SmgpStatus.systemBusy,
        msgId: request.command === 'deliver' ? request.msgId : Buffer.alloc(10),
        tlvs: NOT_CONGESTED,
      };
    },
  };
}

function inboundSmsOf(deliver: CngpDeliver): InboundSms {
  const userData = splitUserData(deliver.msgContent, looksLikeConcatUdh(deliver.msgContent), PROTOCOL);
  return {
    protocol: PROTOCOL,
    from: deliver.srcTermId,
    to: deliver.destTermId,
    encoding: encodingOfMsgFormat(deliver.msgFormat),
    content: userData.payload,
    ...(userData.concat === null ? {} : { concat: userData.concat }),
  };
}
