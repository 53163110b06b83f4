/** What a simulated modem counts; tests, the demo and the control API read it. */
export interface ModemSimStats {
  /** Command lines received (AT…), whatever their outcome. */
  commands: number;
  /** Per command name: "+CMGS", "+CSQ", "E0", "" (plain AT) … */
  byCommand: Record<string, number>;
  /** SMS-SUBMIT PDUs accepted with +CMGS: <mr>. */
  segments: number;
  /** Accepted segments per destination number as the TPDU gave it ('+' for international). */
  byRecipient: Record<string, number>;
  /** Submits answered with +CMS ERROR (fault injection, bad PDU, no network). */
  rejected: number;
  /** PDU entries cancelled with ESC. */
  cancelled: number;
  /** PDUs taken and never answered (the swallowSends fault). */
  swallowed: number;
  reportsSent: number;
  /** MO parts handed to the TE: +CMTI indications and +CMT deliveries. */
  moDelivered: number;
  /** +CMT / +CDS acknowledged with AT+CNMA, and refused (AT+CNMA=2 or no answer in time). */
  acked: number;
  nacked: number;
  /** Messages deleted with AT+CMGD. */
  deleted: number;
  /** MO parts lost because the SIM was full. */
  storageFull: number;
}

export function emptyModemStats(): ModemSimStats {
  return {
    commands: 0,
    byCommand: {},
    segments: 0,
    byRecipient: {},
    rejected: 0,
    cancelled: 0,
    swallowed: 0,
    reportsSent: 0,
    moDelivered: 0,
    acked: 0,
    nacked: 0,
    deleted: 0,
    storageFull: 0,
  };
}
