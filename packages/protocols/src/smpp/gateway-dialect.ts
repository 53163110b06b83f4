import { buildConcatUdh, dataCodingOf } from '@smshub/sms';
import type { InboundSms } from '../carrier-forms.js';
import type { GatewayDialect, ReceivedSubmit, ReportToSend, SubmitVerdict } from '../dialect.js';
import { type NumberPlan, Npi, planFor, Ton } from './address.js';
import { smppBindAcceptor } from './acceptor.js';
import type { SmppVersion } from './command-ids.js';
import { formatDeliveryReceipt } from './delivery-receipt.js';
import { messageStateOfState } from './delivery-state.js';
import { EsmClass, RegisteredDelivery } from './esm-class.js';
import { placeMessage, readMessage } from './message-content.js';
import { MessageIdGenerator } from './message-id.js';
import type { DeliverSm, SmppPdu } from './pdu.js';
import { smppProtocol, statusOfRejectReason } from './protocol.js';
import { responseTo } from './responses.js';
import type { Tlvs } from './tlvs.js';

export interface SmppGatewayOptions {
  /** Our system_id in bind responses. */
  readonly systemId: string;
  readonly version?: SmppVersion;
  /** Node number in message ids (0–255): one per gateway process. */
  readonly node?: number;
  /** TON/NPI for numeric addresses in deliver_sm. Default 1/1. */
  readonly numbers?: NumberPlan;
  /** Our clock for receipt dates, in minutes east of UTC. Default 0. */
  readonly receiptUtcOffsetMinutes?: number;
  /** Seeds the message-id counter (tests). */
  readonly random?: () => number;
}

/** The GatewayDialect contract, with the PDU type SMPP's reports and MO are. */
export interface SmppGatewayDialect extends GatewayDialect<SmppPdu> {
  report(report: ReportToSend): DeliverSm;
  mo(sms: InboundSms): DeliverSm;
}

/**
 * Server-role dialect, for the simulator and the access server: reads submits, answers them with
 * our 16-hex-digit message ids, and sends receipts as deliver_sm with esm_class 0x04 carrying the
 * receipt text and, from 3.4 on, receipted_message_id and message_state.
 */
export function smppGatewayDialect(options: SmppGatewayOptions): SmppGatewayDialect {
  const version = options.version ?? 0x34;
  const ids = new MessageIdGenerator(options.node ?? 0, options.random);
  const numbers = options.numbers ?? { ton: Ton.INTERNATIONAL, npi: Npi.ISDN };
  const offset = options.receiptUtcOffsetMinutes ?? 0;

  function received(request: SmppPdu): ReceivedSubmit | null {
    let to: string[];
    switch (request.command) {
      case 'submit_sm':
      case 'data_sm':
        to = [request.destinationAddr];
        break;
      case 'submit_multi':
        // Distribution lists are the SMSC's own; we keep none, so only SME addresses count.
        to = request.destAddresses.flatMap((d) => (d.type === 'sme_address' ? [d.destinationAddr] : []));
        break;
      default:
        return null;
    }
    const message = readMessage(request);
    return {
      to,
      from: request.sourceAddr,
      encoding: message.encoding,
      content: message.content,
      udh: message.udh,
      part: message.concat,
      wantReport: (request.registeredDelivery & RegisteredDelivery.RECEIPT_MASK) !== RegisteredDelivery.NO_RECEIPT,
    };
  }

  function messageIds(request: SmppPdu, now: Date): readonly string[] {
    const count = received(request)?.to.length ?? 1;
    // submit_multi_resp has room for one message_id: every destination's receipt carries it.
    const id = ids.next(now);
    return Array.from({ length: Math.max(1, count) }, () => id);
  }

  function submitReply(request: SmppPdu, verdict: SubmitVerdict): SmppPdu {
    if (!verdict.ok) return responseTo(request, statusOfRejectReason(verdict.reason));
    const messageId = verdict.messageIds[0] ?? '';
    switch (request.command) {
      case 'submit_sm':
        return { command: 'submit_sm_resp', sequence: request.sequence, commandStatus: 0, messageId, tlvs: undefined };
      case 'data_sm':
        return { command: 'data_sm_resp', sequence: request.sequence, commandStatus: 0, messageId, tlvs: undefined };
      case 'submit_multi':
        return {
          command: 'submit_multi_resp',
          sequence: request.sequence,
          commandStatus: 0,
          messageId,
          unsuccessSmes: [],
          tlvs: undefined,
        };
      default:
        return responseTo(request, statusOfRejectReason('unsupported'));
    }
  }

  function deliver(
    from: string,
    to: string,
    fields: Partial<DeliverSm> & Pick<DeliverSm, 'esmClass' | 'dataCoding' | 'shortMessage'>,
  ): DeliverSm {
    const source = planFor(from, numbers);
    const dest = planFor(to, numbers);
    return {
      command: 'deliver_sm',
      sequence: 0,
      commandStatus: 0,
      serviceType: '',
      sourceAddrTon: source.ton,
      sourceAddrNpi: source.npi,
      sourceAddr: from,
      destAddrTon: dest.ton,
      destAddrNpi: dest.npi,
      destinationAddr: to,
      protocolId: 0,
      priorityFlag: 0,
      scheduleDeliveryTime: '',
      validityPeriod: '',
      registeredDelivery: 0,
      replaceIfPresentFlag: 0,
      smDefaultMsgId: 0,
      tlvs: undefined,
      ...fields,
    };
  }

  function report(toSend: ReportToSend): DeliverSm {
    const text = formatDeliveryReceipt(
      {
        id: toSend.messageId,
        submitDate: toSend.submittedAt,
        doneDate: toSend.doneAt,
        stat: toSend.state,
        err: toSend.error ?? '000',
      },
      offset,
    );
    const tlvs: Tlvs | undefined =
      version >= 0x34
        ? { receiptedMessageId: toSend.messageId, messageState: messageStateOfState(toSend.state) }
        : undefined;
    // A receipt goes from the handset (the MT's recipient) back to the MT's sender.
    return deliver(toSend.recipient, toSend.from, {
      esmClass: EsmClass.TYPE_DELIVERY_RECEIPT,
      // The receipt text is plain ASCII; SMSCs send it with data_coding 0, as ESMEs expect.
      dataCoding: dataCodingOf('gsm7', 'smpp'),
      shortMessage: Buffer.from(text, 'latin1'),
      tlvs,
    });
  }

  function mo(sms: InboundSms): DeliverSm {
    const udh = sms.concat === undefined ? null : buildConcatUdh(sms.concat, sms.concat.ref > 0xff ? 16 : 8);
    const placed = placeMessage(sms.content, udh);
    return deliver(sms.from, sms.to, {
      serviceType: sms.serviceId ?? '',
      esmClass: udh === null ? EsmClass.MODE_DEFAULT : EsmClass.UDHI,
      dataCoding: dataCodingOf(sms.encoding, 'smpp'),
      shortMessage: placed.shortMessage,
      tlvs: placed.messagePayload === undefined ? undefined : { messagePayload: placed.messagePayload },
    });
  }

  return {
    protocol: smppProtocol(version),
    acceptor: smppBindAcceptor({ systemId: options.systemId, version }),
    reportPath: 'same-session',
    messageIds,
    received,
    submitReply,
    report,
    deliverAccepted: (response) => response.command === 'deliver_sm_resp' && response.commandStatus === 0,
    mo,
  };
}
