/**
 * esm_class (3.4 §5.2.12) and registered_delivery (§5.2.17) bits the dialects read and set.
 */
export const EsmClass = {
  /** Bits 1–0: messaging mode (ESME → SMSC). */
  MODE_MASK: 0x03,
  MODE_DEFAULT: 0x00,
  MODE_DATAGRAM: 0x01,
  MODE_FORWARD: 0x02,
  MODE_STORE_AND_FORWARD: 0x03,
  /** Bits 5–2: message type. */
  TYPE_MASK: 0x3c,
  TYPE_DELIVERY_RECEIPT: 0x04,
  TYPE_DELIVERY_ACK: 0x08,
  TYPE_USER_ACK: 0x10,
  TYPE_CONVERSATION_ABORT: 0x18,
  TYPE_INTERMEDIATE_NOTIFICATION: 0x20,
  /** Bit 6: short_message starts with a user data header. */
  UDHI: 0x40,
  /** Bit 7. */
  REPLY_PATH: 0x80,
} as const;

export const RegisteredDelivery = {
  /** Bits 1–0. */
  RECEIPT_MASK: 0x03,
  NO_RECEIPT: 0x00,
  RECEIPT_ON_SUCCESS_OR_FAILURE: 0x01,
  RECEIPT_ON_FAILURE: 0x02,
  /** Bits 3–2: SME acknowledgements. */
  SME_DELIVERY_ACK: 0x04,
  SME_USER_ACK: 0x08,
  /** The spec's heading says bit 5, its table xxx1xxxx. */
  INTERMEDIATE_NOTIFICATION: 0x10,
} as const;

/** True for deliver_sm / data_sm carrying an SMSC receipt or intermediate notification. */
export function isReceipt(esmClass: number): boolean {
  const type = esmClass & EsmClass.TYPE_MASK;
  return type === EsmClass.TYPE_DELIVERY_RECEIPT || type === EsmClass.TYPE_INTERMEDIATE_NOTIFICATION;
}
