/**
 * CNGP optional parameters (same Tag/Length/Value form as SMGP, ../smgp/tlv.ts). Settled from
 * three independent sources, which all put exactly one TLV after the fixed bodies:
 * - Protocol_ID 0x0100, 1 byte (GSM TP-PID) after Submit and Deliver: RongDi cngp_packet.h
 *   (PROT_ID), Huawei CNGPSubmitMessage (packet = 132 + 21N + L: header 16 + body 111 + 5-byte TLV)
 *   and CNGPDeliverMessage (90 + L), wujunjenny/smgw common/smppexdef.h Tag_ProtocolID.
 * - Congestion_State 0x0428, 1 byte, after Submit_Resp and Deliver_Resp: RongDi (CONG_STAT),
 *   Huawei CNGPSubmitRespMessage / CNGPDeliverRespMessage (exactly 31 bytes = 16 + 10 + 5),
 *   wujunjenny/smgw Tag_CongestionState.
 * Huawei's SMProxy refuses responses without the Congestion_State TLV, so our encoder's callers
 * (the dialects) always add it; our decoder accepts bodies with or without TLVs (netty-codec-sms
 * sends none).
 * No source defines a TP_udhi / PkTotal / PkNumber TLV for CNGP: long messages carry the UDH at
 * the start of MsgContent with no flag (see carrier-dialect.ts).
 */
export const CngpTlvTag = {
  protocolId: 0x0100,
  /** wujunjenny/smgw only (Tag_CNGP_SPID); kept as an unknown TLV otherwise. */
  spId: 0x0101,
  congestionState: 0x0428,
} as const;
