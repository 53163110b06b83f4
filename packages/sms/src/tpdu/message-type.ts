/**
 * TP-MTI, bits 1–0 of every TPDU's first octet (3GPP TS 23.040 §9.2.3.1). The same value means
 * different TPDUs in each direction; these are the ones a modem exchanges with its SC in PDU mode:
 * SMS-SUBMIT going out, SMS-DELIVER and SMS-STATUS-REPORT coming in.
 */
export const TP_MTI = { deliver: 0b00, submit: 0b01, statusReport: 0b10 } as const;
