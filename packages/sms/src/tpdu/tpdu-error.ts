/**
 * Every failure of the TPDU codec is a TpduError, whatever went wrong underneath (a header that
 * overruns the user data, UCS2 of odd length, a semi-octet that is not a digit), so a modem driver
 * can tell a garbled PDU from a fault of its own and keep running.
 */
export class TpduError extends Error {
  override readonly name = 'TpduError';
  constructor(
    /** What was being read or written: 'sms-submit', 'sms-deliver', 'sms-status-report', 'pdu' … */
    readonly tpdu: string,
    message: string,
    /** Byte offset in the PDU where decoding stopped, when known. */
    readonly offset?: number,
  ) {
    super(`${tpdu}: ${message}${offset === undefined ? '' : ` (at byte ${offset})`}`);
  }
}
