/**
 * Optional parameters (TLVs): every tag SMPP 3.4 defines (§5.3.2, table 5-6) and the ones 5.0 adds
 * (§4.8.4, table 4-60), each under its camelCase name with a typed value. Tags this table does not
 * know, repeats of a single-valued tag and values of the wrong length stay raw in `others`, in wire
 * order, and are written back byte for byte.
 */

export interface NetworkErrorCode {
  /** 1 ANSI-136, 2 IS-95, 3 GSM, 4 ANSI-41, … (3.4 §5.3.2.31). */
  readonly networkType: number;
  readonly errorCode: number;
}

export interface BroadcastContentType {
  /** 0 generic, 1 GSM, 2 TDMA, 3 CDMA (5.0 §4.8.4.8). */
  readonly networkType: number;
  readonly contentType: number;
}

export interface BroadcastFrequencyInterval {
  /** 0x00 as frequently as possible, 0x08 seconds, 0x09 minutes … 0x0E years (5.0 §4.8.4.11). */
  readonly timeUnit: number;
  readonly number: number;
}

export interface BroadcastAreaIdentifier {
  /** 0 alias/name, 1 ellipsoid arc, 2 polygon (5.0 §4.8.4.4). */
  readonly format: number;
  readonly details: Buffer;
}

export interface RawTlv {
  readonly tag: number;
  readonly value: Buffer;
}

/** Value types by encoding kind. */
export interface TlvKinds {
  u8: number;
  u16: number;
  u32: number;
  /** NUL-terminated text; the NUL is added on the wire and not part of the value. */
  cstring: string;
  octets: Buffer;
  networkErrorCode: NetworkErrorCode;
  broadcastContentType: BroadcastContentType;
  broadcastFrequencyInterval: BroadcastFrequencyInterval;
  /** The one TLV that legitimately repeats: one entry per broadcast area. */
  broadcastAreaIdentifier: readonly BroadcastAreaIdentifier[];
}

export type TlvKind = keyof TlvKinds;

interface TlvDefinition {
  readonly tag: number;
  /** The spec's own name. */
  readonly name: string;
  readonly kind: TlvKind;
}

export const TlvDefinitions = {
  // SMPP 3.4 §5.3.2
  destAddrSubunit: { tag: 0x0005, name: 'dest_addr_subunit', kind: 'u8' },
  destNetworkType: { tag: 0x0006, name: 'dest_network_type', kind: 'u8' },
  destBearerType: { tag: 0x0007, name: 'dest_bearer_type', kind: 'u8' },
  destTelematicsId: { tag: 0x0008, name: 'dest_telematics_id', kind: 'u16' },
  sourceAddrSubunit: { tag: 0x000d, name: 'source_addr_subunit', kind: 'u8' },
  sourceNetworkType: { tag: 0x000e, name: 'source_network_type', kind: 'u8' },
  sourceBearerType: { tag: 0x000f, name: 'source_bearer_type', kind: 'u8' },
  // Implementations disagree (1 or 2 octets); 2, as 5.0 and most codecs have it. A 1-octet value
  // lands in `others` unchanged.
  sourceTelematicsId: { tag: 0x0010, name: 'source_telematics_id', kind: 'u16' },
  qosTimeToLive: { tag: 0x0017, name: 'qos_time_to_live', kind: 'u32' },
  payloadType: { tag: 0x0019, name: 'payload_type', kind: 'u8' },
  additionalStatusInfoText: { tag: 0x001d, name: 'additional_status_info_text', kind: 'cstring' },
  receiptedMessageId: { tag: 0x001e, name: 'receipted_message_id', kind: 'cstring' },
  msMsgWaitFacilities: { tag: 0x0030, name: 'ms_msg_wait_facilities', kind: 'u8' },
  privacyIndicator: { tag: 0x0201, name: 'privacy_indicator', kind: 'u8' },
  sourceSubaddress: { tag: 0x0202, name: 'source_subaddress', kind: 'octets' },
  destSubaddress: { tag: 0x0203, name: 'dest_subaddress', kind: 'octets' },
  userMessageReference: { tag: 0x0204, name: 'user_message_reference', kind: 'u16' },
  userResponseCode: { tag: 0x0205, name: 'user_response_code', kind: 'u8' },
  sourcePort: { tag: 0x020a, name: 'source_port', kind: 'u16' },
  destinationPort: { tag: 0x020b, name: 'destination_port', kind: 'u16' },
  sarMsgRefNum: { tag: 0x020c, name: 'sar_msg_ref_num', kind: 'u16' },
  languageIndicator: { tag: 0x020d, name: 'language_indicator', kind: 'u8' },
  sarTotalSegments: { tag: 0x020e, name: 'sar_total_segments', kind: 'u8' },
  sarSegmentSeqnum: { tag: 0x020f, name: 'sar_segment_seqnum', kind: 'u8' },
  scInterfaceVersion: { tag: 0x0210, name: 'sc_interface_version', kind: 'u8' },
  callbackNumPresInd: { tag: 0x0302, name: 'callback_num_pres_ind', kind: 'u8' },
  callbackNumAtag: { tag: 0x0303, name: 'callback_num_atag', kind: 'octets' },
  numberOfMessages: { tag: 0x0304, name: 'number_of_messages', kind: 'u8' },
  callbackNum: { tag: 0x0381, name: 'callback_num', kind: 'octets' },
  dpfResult: { tag: 0x0420, name: 'dpf_result', kind: 'u8' },
  setDpf: { tag: 0x0421, name: 'set_dpf', kind: 'u8' },
  msAvailabilityStatus: { tag: 0x0422, name: 'ms_availability_status', kind: 'u8' },
  networkErrorCode: { tag: 0x0423, name: 'network_error_code', kind: 'networkErrorCode' },
  messagePayload: { tag: 0x0424, name: 'message_payload', kind: 'octets' },
  deliveryFailureReason: { tag: 0x0425, name: 'delivery_failure_reason', kind: 'u8' },
  moreMessagesToSend: { tag: 0x0426, name: 'more_messages_to_send', kind: 'u8' },
  messageState: { tag: 0x0427, name: 'message_state', kind: 'u8' },
  ussdServiceOp: { tag: 0x0501, name: 'ussd_service_op', kind: 'u8' },
  displayTime: { tag: 0x1201, name: 'display_time', kind: 'u8' },
  smsSignal: { tag: 0x1203, name: 'sms_signal', kind: 'u16' },
  // 3.4: 1 octet; 5.0 allows 1 or 4 (validity behaviour + time unit + number).
  msValidity: { tag: 0x1204, name: 'ms_validity', kind: 'octets' },
  // 3.4: no value at all (its presence is the flag); 5.0 allows a 1-octet value.
  alertOnMessageDelivery: { tag: 0x130c, name: 'alert_on_message_delivery', kind: 'octets' },
  itsReplyType: { tag: 0x1380, name: 'its_reply_type', kind: 'u8' },
  itsSessionInfo: { tag: 0x1383, name: 'its_session_info', kind: 'octets' },
  // SMPP 5.0 §4.8.4
  congestionState: { tag: 0x0428, name: 'congestion_state', kind: 'u8' },
  broadcastChannelIndicator: { tag: 0x0600, name: 'broadcast_channel_indicator', kind: 'u8' },
  broadcastContentType: { tag: 0x0601, name: 'broadcast_content_type', kind: 'broadcastContentType' },
  broadcastContentTypeInfo: { tag: 0x0602, name: 'broadcast_content_type_info', kind: 'octets' },
  broadcastMessageClass: { tag: 0x0603, name: 'broadcast_message_class', kind: 'u8' },
  broadcastRepNum: { tag: 0x0604, name: 'broadcast_rep_num', kind: 'u16' },
  broadcastFrequencyInterval: {
    tag: 0x0605,
    name: 'broadcast_frequency_interval',
    kind: 'broadcastFrequencyInterval',
  },
  // In broadcast_sm_resp / query_broadcast_sm_resp the same tag names the failed areas.
  broadcastAreaIdentifier: { tag: 0x0606, name: 'broadcast_area_identifier', kind: 'broadcastAreaIdentifier' },
  broadcastErrorStatus: { tag: 0x0607, name: 'broadcast_error_status', kind: 'u32' },
  broadcastAreaSuccess: { tag: 0x0608, name: 'broadcast_area_success', kind: 'u8' },
  // SMPP time "YYMMDDhhmmsstnnp"; kept as octets because implementations differ on the NUL.
  broadcastEndTime: { tag: 0x0609, name: 'broadcast_end_time', kind: 'octets' },
  broadcastServiceGroup: { tag: 0x060a, name: 'broadcast_service_group', kind: 'octets' },
  billingIdentification: { tag: 0x060b, name: 'billing_identification', kind: 'octets' },
  sourceNetworkId: { tag: 0x060d, name: 'source_network_id', kind: 'cstring' },
  destNetworkId: { tag: 0x060e, name: 'dest_network_id', kind: 'cstring' },
  sourceNodeId: { tag: 0x060f, name: 'source_node_id', kind: 'octets' },
  destNodeId: { tag: 0x0610, name: 'dest_node_id', kind: 'octets' },
  destAddrNpResolution: { tag: 0x0611, name: 'dest_addr_np_resolution', kind: 'u8' },
  destAddrNpInformation: { tag: 0x0612, name: 'dest_addr_np_information', kind: 'octets' },
  destAddrNpCountry: { tag: 0x0613, name: 'dest_addr_np_country', kind: 'octets' },
} as const satisfies Record<string, TlvDefinition>;

export type TlvName = keyof typeof TlvDefinitions;

/** The TLVs of one PDU. Property order is wire order, both when decoded and when encoded. */
export type Tlvs = {
  readonly [K in TlvName]?: TlvKinds[(typeof TlvDefinitions)[K]['kind']];
} & {
  /** Unknown, vendor-specific, repeated or malformed TLVs, raw and in wire order. */
  readonly others?: readonly RawTlv[];
};

type TlvTagTable = {
  readonly [K in TlvName as (typeof TlvDefinitions)[K]['name']]: (typeof TlvDefinitions)[K]['tag'];
};

/** TLV tags under their spec names, e.g. `TlvTag.receipted_message_id === 0x001E`. */
export const TlvTag = Object.freeze(
  Object.fromEntries(Object.values(TlvDefinitions).map((d: TlvDefinition) => [d.name, d.tag])),
) as TlvTagTable;

export interface TlvLookup {
  readonly key: TlvName;
  readonly kind: TlvKind;
}

/** Tag → definition, for the decoder. */
export const tlvsByTag: ReadonlyMap<number, TlvLookup> = new Map(
  (Object.keys(TlvDefinitions) as TlvName[]).map((key) => {
    const def: TlvDefinition = TlvDefinitions[key];
    return [def.tag, { key, kind: def.kind }] as const;
  }),
);

/** Values of the message_state TLV and of query_sm_resp's message_state (3.4 §5.2.28; 5.0 adds SKIPPED). */
export const MessageState = {
  SCHEDULED: 0,
  ENROUTE: 1,
  DELIVERED: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIVERABLE: 5,
  ACCEPTED: 6,
  UNKNOWN: 7,
  REJECTED: 8,
  SKIPPED: 9,
} as const;

export type MessageStateName = keyof typeof MessageState;
