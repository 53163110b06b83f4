import type { Tlvs } from './tlvs.js';

/**
 * SMPP PDUs as data: one object type per command, discriminated by `command` (the spec's own
 * names), with the spec's fields in camelCase. Text fields are C-Octet strings (Latin-1 on the
 * wire, at most the spec's size); message bodies are Buffers; `tlvs` holds the optional part.
 * Field lists: SMPP 3.4 §4 (tables 4-1 … 4-30), 5.0 §4.6 for the broadcast family.
 */

interface Header {
  /** sequence_number: set by the session's sequencer for requests, echoed in responses. */
  sequence: number;
  /** command_status: 0 in requests; a response's result. */
  readonly commandStatus: number;
}

interface WithTlvs {
  readonly tlvs?: Tlvs;
}

export type BindCommand = 'bind_transmitter' | 'bind_receiver' | 'bind_transceiver';

/** 3.4 §4.1.1 / §4.1.3 / §4.1.5. */
export interface BindRequest extends Header, WithTlvs {
  readonly command: BindCommand;
  readonly systemId: string;
  readonly password: string;
  readonly systemType: string;
  /** 0x33, 0x34 or 0x50; 0x00–0x33 all mean "3.3 or earlier". */
  readonly interfaceVersion: number;
  readonly addrTon: number;
  readonly addrNpi: number;
  readonly addressRange: string;
}

/** 3.4 §4.1.2 / §4.1.4 / §4.1.6: system_id, then sc_interface_version among the TLVs. */
export interface BindResponse extends Header, WithTlvs {
  readonly command: `${BindCommand}_resp`;
  readonly systemId: string;
}

/** 3.4 §4.1.7: the SMSC asks the ESME to bind as a receiver. */
export interface Outbind extends Header, WithTlvs {
  readonly command: 'outbind';
  readonly systemId: string;
  readonly password: string;
}

/** Commands with a header and nothing else (3.4 §4.2, §4.3, §4.11; cancel/replace responses). */
export interface HeaderOnly extends Header {
  readonly command:
    | 'unbind'
    | 'unbind_resp'
    | 'generic_nack'
    | 'enquire_link'
    | 'enquire_link_resp'
    | 'cancel_sm_resp'
    | 'replace_sm_resp'
    | 'cancel_broadcast_sm_resp';
}

/** submit_sm (3.4 §4.4.1) and deliver_sm (§4.6.1) share one field list. */
export interface ShortMessage extends Header, WithTlvs {
  readonly command: 'submit_sm' | 'deliver_sm';
  readonly serviceType: string;
  readonly sourceAddrTon: number;
  readonly sourceAddrNpi: number;
  readonly sourceAddr: string;
  readonly destAddrTon: number;
  readonly destAddrNpi: number;
  readonly destinationAddr: string;
  readonly esmClass: number;
  readonly protocolId: number;
  readonly priorityFlag: number;
  /** SMPP time "YYMMDDhhmmsstnnp", or '' for none. */
  readonly scheduleDeliveryTime: string;
  /** SMPP time, or '' for the SMSC default. */
  readonly validityPeriod: string;
  readonly registeredDelivery: number;
  readonly replaceIfPresentFlag: number;
  readonly dataCoding: number;
  readonly smDefaultMsgId: number;
  /** 0–254 bytes; sm_length is its length. Longer content goes in tlvs.messagePayload. */
  readonly shortMessage: Buffer;
}

export type SubmitSm = ShortMessage & { readonly command: 'submit_sm' };
export type DeliverSm = ShortMessage & { readonly command: 'deliver_sm' };

/** submit_sm_resp, deliver_sm_resp, data_sm_resp, broadcast_sm_resp, query_broadcast_sm_resp. */
export interface MessageIdResponse extends Header, WithTlvs {
  readonly command:
    'submit_sm_resp' | 'deliver_sm_resp' | 'data_sm_resp' | 'broadcast_sm_resp' | 'query_broadcast_sm_resp';
  /** C-Octet ≤ 65; deliver_sm_resp leaves it empty. */
  readonly messageId: string;
}

/** One destination of submit_multi (3.4 §4.5.1.1): dest_flag 1 SME address, 2 distribution list. */
export type MultiDestination =
  | {
      readonly type: 'sme_address';
      readonly destAddrTon: number;
      readonly destAddrNpi: number;
      readonly destinationAddr: string;
    }
  | { readonly type: 'distribution_list'; readonly dlName: string };

export const DestFlag = { sme_address: 1, distribution_list: 2 } as const;

/** 3.4 §4.5.1. */
export interface SubmitMulti extends Header, WithTlvs {
  readonly command: 'submit_multi';
  readonly serviceType: string;
  readonly sourceAddrTon: number;
  readonly sourceAddrNpi: number;
  readonly sourceAddr: string;
  /** number_of_dests is its length (1–254 on the wire; at most 255 by the one-octet count). */
  readonly destAddresses: readonly MultiDestination[];
  readonly esmClass: number;
  readonly protocolId: number;
  readonly priorityFlag: number;
  readonly scheduleDeliveryTime: string;
  readonly validityPeriod: string;
  readonly registeredDelivery: number;
  readonly replaceIfPresentFlag: number;
  readonly dataCoding: number;
  readonly smDefaultMsgId: number;
  readonly shortMessage: Buffer;
}

/** One failed destination of submit_multi_resp (3.4 §4.5.2.1). */
export interface UnsuccessSme {
  readonly destAddrTon: number;
  readonly destAddrNpi: number;
  readonly destinationAddr: string;
  readonly errorStatusCode: number;
}

/** 3.4 §4.5.2. */
export interface SubmitMultiResp extends Header, WithTlvs {
  readonly command: 'submit_multi_resp';
  readonly messageId: string;
  readonly unsuccessSmes: readonly UnsuccessSme[];
}

/** 3.4 §4.7.1. */
export interface DataSm extends Header, WithTlvs {
  readonly command: 'data_sm';
  readonly serviceType: string;
  readonly sourceAddrTon: number;
  readonly sourceAddrNpi: number;
  readonly sourceAddr: string;
  readonly destAddrTon: number;
  readonly destAddrNpi: number;
  readonly destinationAddr: string;
  readonly esmClass: number;
  readonly registeredDelivery: number;
  readonly dataCoding: number;
}

/** 3.4 §4.8.1. */
export interface QuerySm extends Header, WithTlvs {
  readonly command: 'query_sm';
  readonly messageId: string;
  readonly sourceAddrTon: number;
  readonly sourceAddrNpi: number;
  readonly sourceAddr: string;
}

/** 3.4 §4.8.2. */
export interface QuerySmResp extends Header, WithTlvs {
  readonly command: 'query_sm_resp';
  readonly messageId: string;
  /** SMPP time, or '' when the message is not final. */
  readonly finalDate: string;
  readonly messageState: number;
  /** GSM error code of a failed delivery (one octet). */
  readonly errorCode: number;
}

/** 3.4 §4.9.1. */
export interface CancelSm extends Header, WithTlvs {
  readonly command: 'cancel_sm';
  readonly serviceType: string;
  readonly messageId: string;
  readonly sourceAddrTon: number;
  readonly sourceAddrNpi: number;
  readonly sourceAddr: string;
  readonly destAddrTon: number;
  readonly destAddrNpi: number;
  readonly destinationAddr: string;
}

/** 3.4 §4.10.1. */
export interface ReplaceSm extends Header, WithTlvs {
  readonly command: 'replace_sm';
  readonly messageId: string;
  readonly sourceAddrTon: number;
  readonly sourceAddrNpi: number;
  readonly sourceAddr: string;
  readonly scheduleDeliveryTime: string;
  readonly validityPeriod: string;
  readonly registeredDelivery: number;
  readonly smDefaultMsgId: number;
  readonly shortMessage: Buffer;
}

/** 3.4 §4.12.1: SMSC → ESME, no response. */
export interface AlertNotification extends Header, WithTlvs {
  readonly command: 'alert_notification';
  readonly sourceAddrTon: number;
  readonly sourceAddrNpi: number;
  readonly sourceAddr: string;
  readonly esmeAddrTon: number;
  readonly esmeAddrNpi: number;
  readonly esmeAddr: string;
}

/** 5.0 §4.6.1.1; areas, content type, repetitions and frequency travel as (mandatory) TLVs. */
export interface BroadcastSm extends Header, WithTlvs {
  readonly command: 'broadcast_sm';
  readonly serviceType: string;
  readonly sourceAddrTon: number;
  readonly sourceAddrNpi: number;
  readonly sourceAddr: string;
  /** Empty, or the id of a broadcast to replace. */
  readonly messageId: string;
  readonly priorityFlag: number;
  readonly scheduleDeliveryTime: string;
  readonly validityPeriod: string;
  readonly replaceIfPresentFlag: number;
  readonly dataCoding: number;
  readonly smDefaultMsgId: number;
}

/** 5.0 §4.6.2.1. */
export interface QueryBroadcastSm extends Header, WithTlvs {
  readonly command: 'query_broadcast_sm';
  readonly messageId: string;
  readonly sourceAddrTon: number;
  readonly sourceAddrNpi: number;
  readonly sourceAddr: string;
}

/** 5.0 §4.6.3.1. */
export interface CancelBroadcastSm extends Header, WithTlvs {
  readonly command: 'cancel_broadcast_sm';
  readonly serviceType: string;
  readonly messageId: string;
  readonly sourceAddrTon: number;
  readonly sourceAddrNpi: number;
  readonly sourceAddr: string;
}

export type SmppPdu =
  | BindRequest
  | BindResponse
  | Outbind
  | HeaderOnly
  | ShortMessage
  | MessageIdResponse
  | SubmitMulti
  | SubmitMultiResp
  | DataSm
  | QuerySm
  | QuerySmResp
  | CancelSm
  | ReplaceSm
  | AlertNotification
  | BroadcastSm
  | QueryBroadcastSm
  | CancelBroadcastSm;

/** The PDU type of one command, e.g. `SmppPduOf<'submit_sm'>` (a ShortMessage with that command). */
export type SmppPduOf<C extends SmppPdu['command']> = SmppPdu extends infer T
  ? T extends { readonly command: infer K }
    ? C extends K
      ? T & { readonly command: C }
      : never
    : never
  : never;
