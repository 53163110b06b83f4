import { dataCodingOf } from '@smshub/sms';
import type { InboundSms, StatusReport } from '../carrier-forms.js';
import type { CarrierDialect, InboundEvent, OutboundSegment, SubmitOutcome } from '../dialect.js';
import type { Protocol } from '../engine/protocol.js';
import { type NumberPlan, Npi, planFor, Ton } from './address.js';
import type { SmppVersion } from './command-ids.js';
import { CommandStatus } from './command-status.js';
import { parseDeliveryReceipt } from './delivery-receipt.js';
import { stateOfMessageState, stateOfStatWord, statWordOfMessageState } from './delivery-state.js';
import { EsmClass, isReceipt, RegisteredDelivery } from './esm-class.js';
import { placeMessage, readMessage } from './message-content.js';
import type { DataSm, DeliverSm, SmppPdu, SubmitSm } from './pdu.js';
import { smppProtocol } from './protocol.js';
import { responseTo } from './responses.js';
import { formatSmppTime, parseReceiptDate } from './smpp-time.js';
import { failedOutcome } from './submit-outcome.js';
import type { Tlvs } from './tlvs.js';

export interface SmppCarrierOptions {
  readonly version?: SmppVersion;
  /** service_type of every submit ('' = SMSC default). */
  readonly serviceType?: string;
  /** TON/NPI for numeric senders; alphanumeric senders always go as TON 5 / NPI 0. Default 1/1. */
  readonly source?: NumberPlan;
  /** TON/NPI for recipients. Default 1/1 (international, E.164). */
  readonly destination?: NumberPlan;
  /**
   * How a part of a long message says so: the UDH in short_message with esm_class UDHI
   * (default), or the sar_* TLVs and no UDH (3.4 §5.3.2.22; not in 3.3).
   */
  readonly concatenation?: 'udh' | 'sar';
  readonly protocolId?: number;
  /** The SMSC's clock for receipt dates, in minutes east of UTC (China: 480). Default 0. */
  readonly receiptUtcOffsetMinutes?: number;
  /**
   * Turns a receipt's id into the form submit_sm_resp gave (some SMSCs answer in hex and report
   * in decimal, see sameMessageId). Applied to the receipt text id, not to receipted_message_id.
   */
  readonly receiptId?: (id: string) => string;
}

const international: NumberPlan = { ton: Ton.INTERNATIONAL, npi: Npi.ISDN };

/** The CarrierDialect contract, with the PDU type SMPP's submit builds. */
export interface SmppCarrierDialect extends CarrierDialect<SmppPdu> {
  submit(segment: OutboundSegment): SubmitSm;
}

/**
 * Client-role dialect: one submit_sm per segment, receipts and MO from deliver_sm / data_sm.
 */
export function smppCarrierDialect(options: SmppCarrierOptions = {}): SmppCarrierDialect {
  const version = options.version ?? 0x34;
  const protocol: Protocol<SmppPdu> = smppProtocol(version);
  const sourcePlan = options.source ?? international;
  const destPlan = options.destination ?? international;
  const useSar = options.concatenation === 'sar' && version >= 0x34;
  const offset = options.receiptUtcOffsetMinutes ?? 0;

  function submit(segment: OutboundSegment): SubmitSm {
    const source = planFor(segment.from, sourcePlan);
    const udh = useSar ? null : segment.udh;
    const placed = placeMessage(segment.payload, udh);
    let tlvs: Tlvs | undefined;
    if (useSar && segment.part !== null) {
      tlvs = {
        sarMsgRefNum: segment.part.ref,
        sarTotalSegments: segment.part.total,
        sarSegmentSeqnum: segment.part.seq,
      };
    }
    if (placed.messagePayload !== undefined) tlvs = { ...tlvs, messagePayload: placed.messagePayload };
    return {
      command: 'submit_sm',
      sequence: 0,
      commandStatus: 0,
      serviceType: options.serviceType ?? '',
      sourceAddrTon: source.ton,
      sourceAddrNpi: source.npi,
      sourceAddr: segment.from,
      destAddrTon: destPlan.ton,
      destAddrNpi: destPlan.npi,
      destinationAddr: segment.to,
      esmClass: udh !== null && udh.length > 0 ? EsmClass.UDHI : EsmClass.MODE_DEFAULT,
      protocolId: options.protocolId ?? 0,
      priorityFlag: segment.priority,
      scheduleDeliveryTime: '',
      validityPeriod: segment.validUntil === undefined ? '' : formatSmppTime(segment.validUntil),
      registeredDelivery: segment.wantReport
        ? RegisteredDelivery.RECEIPT_ON_SUCCESS_OR_FAILURE
        : RegisteredDelivery.NO_RECEIPT,
      replaceIfPresentFlag: 0,
      dataCoding: dataCodingOf(segment.encoding, 'smpp'),
      smDefaultMsgId: 0,
      shortMessage: placed.shortMessage,
      tlvs,
    };
  }

  function submitOutcome(_request: SmppPdu, response: SmppPdu): SubmitOutcome {
    if (response.command === 'generic_nack') return failedOutcome(response.commandStatus, 'generic_nack');
    if (response.command !== 'submit_sm_resp' && response.command !== 'data_sm_resp') {
      return failedOutcome(CommandStatus.ESME_RSYSERR, `unexpected ${response.command} to a submit`);
    }
    if (response.commandStatus !== CommandStatus.ESME_ROK)
      return failedOutcome(response.commandStatus, response.command);
    return { ok: true, carrierMessageId: response.messageId };
  }

  function report(request: DeliverSm | DataSm): StatusReport | null {
    const { content } = readMessage(request);
    const receipt = content.length > 0 ? parseDeliveryReceipt(content.toString('latin1')) : null;
    const tlvs = request.tlvs;
    const receiptId =
      receipt === null ? undefined : options.receiptId !== undefined ? options.receiptId(receipt.id) : receipt.id;
    const carrierMessageId = tlvs?.receiptedMessageId ?? receiptId;
    if (carrierMessageId === undefined || carrierMessageId === '') return null;
    const messageState = tlvs?.messageState;
    let state;
    if (messageState !== undefined) state = stateOfMessageState(messageState);
    else if (receipt !== null) state = stateOfStatWord(receipt.stat);
    else return null;
    const networkError = tlvs?.networkErrorCode;
    const error =
      receipt?.err ??
      (networkError === undefined ? undefined : `${networkError.networkType}:${networkError.errorCode}`);
    return {
      protocol: 'smpp',
      carrierMessageId,
      recipient: request.sourceAddr,
      state,
      code: receipt?.stat ?? statWordOfMessageState(messageState ?? -1),
      error,
      submittedAt: receipt?.submitDate === undefined ? undefined : parseReceiptDate(receipt.submitDate, offset),
      doneAt: receipt?.doneDate === undefined ? undefined : parseReceiptDate(receipt.doneDate, offset),
    };
  }

  function mo(request: DeliverSm | DataSm): InboundSms {
    const message = readMessage(request);
    return {
      protocol: 'smpp',
      from: request.sourceAddr,
      to: request.destinationAddr,
      encoding: message.encoding,
      content: message.content,
      concat: message.concat ?? undefined,
      serviceId: request.serviceType === '' ? undefined : request.serviceType,
    };
  }

  function inbound(request: SmppPdu): InboundEvent<SmppPdu> {
    if (request.command !== 'deliver_sm' && request.command !== 'data_sm') return { kind: 'other', request };
    const pdu = request as DeliverSm | DataSm;
    if (isReceipt(pdu.esmClass)) {
      const found = report(pdu);
      return found === null ? { kind: 'other', request } : { kind: 'report', report: found };
    }
    return { kind: 'mo', sms: mo(pdu) };
  }

  function inboundReply(request: SmppPdu, ok: boolean): SmppPdu {
    // RX_T_APPN: "temporary error, deliver again later" (3.4 table 5-2).
    return responseTo(request, ok ? CommandStatus.ESME_ROK : CommandStatus.ESME_RX_T_APPN);
  }

  return { protocol, submit, submitOutcome, inbound, inboundReply };
}
