/**
 * Maximum sizes of the C-Octet string fields, NUL included, as SMPP 3.4 §4 and 5.0 §4 give them.
 * The encoder refuses longer values; the decoder refuses a field without its NUL within the size.
 */
export const FieldSize = {
  systemId: 16,
  password: 9,
  systemType: 13,
  addressRange: 41,
  serviceType: 6,
  /** source_addr / destination_addr of submit_sm, deliver_sm, submit_multi, query_sm, cancel_sm, replace_sm, broadcast. */
  address: 21,
  /** source_addr / destination_addr of data_sm, esme_addr and source_addr of alert_notification. */
  longAddress: 65,
  dlName: 21,
  /** schedule_delivery_time, validity_period, final_date: empty or 16 characters. */
  time: 17,
  messageId: 65,
} as const;

/** short_message is 0–254 octets (3.4 §4.4.1); longer content goes in message_payload. */
export const MAX_SHORT_MESSAGE = 254;
/** number_of_dests of submit_multi (3.4 §4.5.1). */
export const MAX_MULTI_DESTINATIONS = 254;
export const HEADER_LENGTH = 16;
