import type { InboundSms, StatusReport } from '../carrier-forms.js';
import type { CarrierDialect, InboundEvent, OutboundSegment, SubmitOutcome } from '../dialect.js';
import { formatSmppAbsoluteTime, parseDigitTime } from '../china-time.js';
import { encodingOfMsgFormat, msgFormatOf } from './msg-format.js';
import { msgIdText } from './msg-id.js';
import type { SmgpDeliver, SmgpPdu, SmgpVersion } from './pdu.js';
import { smgpProtocol } from './protocol.js';
import { classifySmgpStatus, describeSmgpStatus, SmgpStatus } from './status.js';
import { deliveryStateOf, parseReportBlock } from './status-report.js';
import { findTlv, SmgpTlvTag, textTlv, type Tlv, tlvText, tlvU8, u8Tlv } from './tlv.js';
import { joinUserData, smgpHasUdh, splitUserData } from './user-data.js';

/** An SMGP channel's account fields (what the carrier's contract sheet lists). */
export interface SmgpChannelOptions {
  readonly version?: SmgpVersion;
  /** ServiceID (业务代码), up to 10 characters. */
  readonly serviceId: string;
  /** "00" free (default), "01" per message, "02" monthly, "03" capped. */
  readonly feeType?: string;
  /** Fee per message in fen, default "000000" (SMSGate's default). */
  readonly feeCode?: string;
  /** Monthly / capped fee in fen, default "000000". */
  readonly fixedFee?: string;
  /** Number charged; empty (default) charges the recipient. */
  readonly chargeTermId?: string;
  /** MsgType, default 6 (MT). */
  readonly msgType?: number;
  /** 3.0 TLVs the gateway may require: ChargeUserType, MsgSrc (SP code), MServiceID, LinkID. */
  readonly chargeUserType?: number;
  readonly msgSrc?: string;
  readonly mServiceId?: string;
  readonly linkId?: string;
}

const PROTOCOL = 'smgp';

/**
 * Client side of an SMGP channel. Long messages (reference §6, SMGP 3.0 §6.3): the UDH goes at
 * the start of MsgContent with TLVs TP_udhi = 1, PkTotal and PkNumber. SMGP 2.0 has no TLVs, so a
 * 2.0 channel sends the UDH alone; receivers without the TLV take a leading concatenation header
 * as the UDH (user-data.ts smgpHasUdh). Unverified: no SMGP 2.0 text was found.
 */
export function smgpCarrierDialect(options: SmgpChannelOptions): CarrierDialect<SmgpPdu> {
  const version = options.version ?? 0x30;
  const protocol = smgpProtocol(version);

  const channelTlvs: Tlv[] = [];
  if (version === 0x30) {
    if (options.chargeUserType !== undefined)
      channelTlvs.push(u8Tlv(SmgpTlvTag.chargeUserType, options.chargeUserType));
    if (options.msgSrc !== undefined) channelTlvs.push(textTlv(SmgpTlvTag.msgSrc, options.msgSrc, 8));
    if (options.mServiceId !== undefined) channelTlvs.push(textTlv(SmgpTlvTag.mServiceId, options.mServiceId, 21));
    if (options.linkId !== undefined) channelTlvs.push(textTlv(SmgpTlvTag.linkId, options.linkId, 20));
  }

  return {
    protocol,
    submit(segment: OutboundSegment): SmgpPdu {
      const tlvs = [...channelTlvs];
      if (version === 0x30 && segment.udh !== null) {
        tlvs.push(u8Tlv(SmgpTlvTag.tpUdhi, 1));
        if (segment.part !== null) {
          tlvs.push(u8Tlv(SmgpTlvTag.pkTotal, segment.part.total), u8Tlv(SmgpTlvTag.pkNumber, segment.part.seq));
        }
      }
      return {
        command: 'submit',
        sequence: 0,
        msgType: options.msgType ?? 6,
        needReport: segment.wantReport ? 1 : 0,
        priority: segment.priority,
        serviceId: options.serviceId,
        feeType: options.feeType ?? '00',
        feeCode: options.feeCode ?? '000000',
        fixedFee: options.fixedFee ?? '000000',
        msgFormat: msgFormatOf(segment.encoding, PROTOCOL),
        validTime: segment.validUntil === undefined ? '' : formatSmppAbsoluteTime(segment.validUntil),
        atTime: '',
        srcTermId: segment.from,
        chargeTermId: options.chargeTermId ?? '',
        destTermIds: [segment.to],
        msgContent: joinUserData(segment.udh, segment.payload),
        reserve: '',
        tlvs,
      };
    },
    submitOutcome(_request: SmgpPdu, response: SmgpPdu): SubmitOutcome {
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
    inbound(request: SmgpPdu): InboundEvent<SmgpPdu> {
      if (request.command !== 'deliver') return { kind: 'other', request };
      if (request.isReport === 1) return { kind: 'report', report: statusReportOf(request) };
      return { kind: 'mo', sms: inboundSmsOf(request) };
    },
    inboundReply(request: SmgpPdu, ok: boolean): SmgpPdu {
      const msgId = request.command === 'deliver' ? request.msgId : Buffer.alloc(10);
      // Not stored: "system busy" makes the SMGW deliver it again.
      return {
        command: 'deliver_resp',
        sequence: request.sequence,
        msgId,
        status: ok ? SmgpStatus.ok : SmgpStatus.systemBusy,
      };
    },
  };
}

/** A report Deliver (SMGP or CNGP) as the neutral StatusReport; SrcTermID is the MT's recipient. */
export function statusReportOf(
  deliver: { readonly msgContent: Buffer; readonly srcTermId: string },
  protocol = PROTOCOL,
): StatusReport {
  const block = parseReportBlock(deliver.msgContent, protocol);
  const submittedAt = parseDigitTime(block.submitDate);
  const doneAt = parseDigitTime(block.doneDate);
  return {
    protocol,
    carrierMessageId: msgIdText(block.msgId),
    recipient: deliver.srcTermId,
    state: deliveryStateOf(block.stat),
    code: block.stat,
    ...(block.err !== '' && block.err !== '000' ? { error: block.err } : {}),
    ...(submittedAt === null ? {} : { submittedAt }),
    ...(doneAt === null ? {} : { doneAt }),
  };
}

function inboundSmsOf(deliver: SmgpDeliver): InboundSms {
  const userData = splitUserData(
    deliver.msgContent,
    smgpHasUdh(tlvU8(deliver.tlvs, SmgpTlvTag.tpUdhi), deliver.msgContent),
    PROTOCOL,
  );
  const linkId =
    findTlv(deliver.tlvs, SmgpTlvTag.linkId) === undefined ? undefined : tlvText(deliver.tlvs, SmgpTlvTag.linkId);
  return {
    protocol: PROTOCOL,
    from: deliver.srcTermId,
    to: deliver.destTermId,
    encoding: encodingOfMsgFormat(deliver.msgFormat),
    content: userData.payload,
    ...(userData.concat === null ? {} : { concat: userData.concat }),
    ...(linkId === undefined || linkId === '' ? {} : { linkId }),
  };
}
