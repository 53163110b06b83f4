/**
 * What a failed status report says about why the message did not arrive: the number's fault
 * (it does not exist, the handset is off or full, the subscriber is barred or the content was
 * refused) or trouble on the way (gateway, SMSC, signalling). Only the second is worth sending
 * again through another channel (outcome failover); the first would fail the same way anywhere,
 * and 'unknown' — a code nobody listed, or a report that says the outcome is not known — is not
 * resent either, because a resend of a message that may have arrived is a duplicate the
 * recipient sees (docs/decisions/0121-report-code-classes.md).
 *
 * Pure: one table per protocol, looked up by what the carrier worker stored (segments.report_state,
 * report_code, report_error; see @smshub/protocols' StatusReport for what each protocol puts there).
 */

export type ReportFault =
  /** The number does not exist or cannot be a recipient (空号, unknown subscriber, illegal device). */
  | 'invalid'
  /** The handset is off, out of coverage, busy or full; the SMSC gave up (关机, 不在服务区, 内存满). */
  | 'absent'
  /** The subscriber is barred / suspended / blacklisted / not subscribed, or the content was refused. */
  | 'blocked'
  /** Gateway, SMSC, HLR or signalling trouble: another channel may well deliver it. */
  | 'network'
  /** Not listed, or the outcome itself is not known (the message may have arrived). */
  | 'unknown';

/** The protocols of channels.protocol. */
export type ReportProtocol = 'smpp' | 'cmpp' | 'sgip' | 'smgp' | 'cngp' | 'modem';

export interface FailedReport {
  readonly protocol: ReportProtocol;
  /** segments.report_state: UNDELIV, EXPIRED, REJECTD, DELETED, UNKNOWN (DELIVRD never comes here). */
  readonly state: string;
  /** segments.report_code: the raw status word or number. */
  readonly code: string | null;
  /** segments.report_error: the carrier's error code, when the report has one. */
  readonly error: string | null;
}

/** True when a report of this fault may be sent again through another channel. */
export function isRetryableFault(fault: ReportFault): boolean {
  return fault === 'network';
}

export function classifyReport(report: FailedReport): ReportFault {
  switch (report.protocol) {
    case 'cmpp':
      return classifyCmpp(report.state, report.code);
    case 'smpp':
      return classifySmpp(report.state, report.error);
    case 'sgip':
      return classifySgip(report.state, report.error);
    case 'smgp':
    case 'cngp':
      return classifySmgp(report.state, report.error);
    case 'modem':
      return classifyModem(report.code);
    default:
      return 'unknown';
  }
}

// ───────────────────────────── the stat words every protocol shares ─────────────────────────────

/**
 * A final state with no code that says more (SMPP 3.4 Appendix B message states; the same words
 * in CMPP §1.8, SMGP/CNGP §3.7 "stat:"). EXPIRED: the SMSC kept the message for its validity and
 * the handset never took it — the handset was away, which another gateway cannot change. REJECTD:
 * the network refused it (barred, blacklisted, content). UNDELIV / DELETED / UNKNOWN alone do not
 * say why.
 */
function classifyState(state: string): ReportFault {
  switch (state) {
    case 'EXPIRED':
      return 'absent';
    case 'REJECTD':
      return 'blocked';
    default:
      return 'unknown';
  }
}

// ───────────────────────────── CMPP ─────────────────────────────

/**
 * CMPP 3.0 Stat codes "XY:nnnn" (reference §1.8; CMPP 3.0 spec, 状态报告 Stat). The letter pair
 * says which node answered how: M = SMSC, I = the next ISMG, C = SCP, D = DSMP, S = SP; A = it did
 * not respond, B = it answered with error nnnn, C = no status report came back from it.
 * Gateways also send M-codes the spec does not list (MK, MI, MN, MH) and ID: codes; their
 * numbers are largely GSM MAP errors (3GPP TS 29.002 §17.6) passed on by the SMSC, and the
 * meanings below follow the carriers' published code lists (China Mobile's as reproduced in
 * Tencent Cloud SMS "Error Codes", receipt status section, and the code tables of open-source
 * SP gateways such as SMSGate).
 */
const CMPP_CODES: ReadonlyMap<string, ReportFault> = new Map<string, ReportFault>([
  // MK / MI / MN: the SMSC's verdict on the handset.
  ['MK:0000', 'invalid'], // number does not exist
  ['MK:0001', 'invalid'], // not in the HLR (MAP unknownSubscriber)
  ['MK:0002', 'absent'],
  ['MK:0003', 'invalid'], // authentication failed (MAP illegalSubscriber)
  ['MK:0004', 'absent'], // out of service / powered off
  ['MK:0005', 'blocked'], // SMS service barred or number suspended
  ['MK:0006', 'network'],
  ['MK:0007', 'invalid'],
  ['MK:0008', 'absent'], // poor reception
  ['MK:0009', 'absent'], // out of area (MWD set)
  ['MK:0010', 'absent'], // temporarily unreachable
  ['MK:0011', 'blocked'], // teleservice not provisioned / out of service
  ['MK:0012', 'invalid'],
  ['MK:0013', 'blocked'], // call barred (停机)
  ['MK:0015', 'absent'], // handset software not ready
  ['MK:0016', 'invalid'],
  ['MK:0017', 'absent'], // handset memory full
  ['MK:0018', 'network'],
  ['MK:0019', 'blocked'], // handset does not support SMS
  ['MK:0020', 'network'],
  ['MK:0021', 'network'],
  ['MK:0022', 'network'],
  ['MK:0023', 'network'],
  ['MK:0024', 'absent'], // powered off when sent
  ['MK:0025', 'network'],
  ['MK:0029', 'absent'],
  ['MK:0030', 'network'],
  ['MK:0031', 'network'],
  ['MK:0032', 'network'],
  ['MK:0033', 'network'],
  ['MK:0034', 'network'], // MAP systemFailure
  ['MK:0035', 'network'], // MAP dataMissing
  ['MK:0036', 'network'], // MAP unexpectedDataValue
  ['MK:0037', 'network'],
  ['MK:0038', 'network'],
  ['MK:0043', 'absent'],
  ['MK:0044', 'invalid'],
  ['MK:0065', 'network'], // GIW response timed out
  ['MI:0000', 'invalid'],
  ['MI:0001', 'absent'],
  ['MI:0002', 'network'],
  ['MI:0004', 'invalid'],
  ['MI:0005', 'invalid'],
  ['MI:0008', 'network'],
  ['MI:0009', 'absent'],
  ['MI:0010', 'blocked'], // number expired
  ['MI:0011', 'invalid'],
  ['MI:0012', 'invalid'],
  ['MI:0013', 'blocked'], // 停机
  ['MI:0015', 'absent'],
  ['MI:0017', 'invalid'],
  ['MI:0020', 'invalid'],
  ['MI:0022', 'network'],
  ['MI:0023', 'network'],
  ['MI:0024', 'absent'], // 关机
  ['MI:0029', 'absent'],
  ['MI:0030', 'network'],
  ['MI:0036', 'network'],
  ['MI:0051', 'network'],
  ['MI:0052', 'blocked'], // roaming restricted
  ['MI:0053', 'invalid'],
  ['MI:0054', 'invalid'],
  ['MI:0055', 'invalid'],
  ['MI:0056', 'network'], // response timed out
  ['MI:0059', 'invalid'],
  ['MI:0999', 'network'],
  ['MN:0001', 'invalid'],
  ['MN:0011', 'blocked'],
  ['MN:0012', 'invalid'],
  ['MN:0013', 'blocked'],
  ['MN:0059', 'invalid'],
  // MA/MB exceptions: the SMSC's answer is about the number or the content, not itself.
  ['MA:0006', 'blocked'], // keyword
  ['MA:0021', 'invalid'],
  ['MA:0023', 'blocked'], // carrier blacklist
  ['MA:0026', 'blocked'],
  ['MA:0036', 'blocked'],
  ['MA:0039', 'blocked'],
  ['MB:0022', 'blocked'],
  ['MB:0027', 'invalid'],
  ['MB:0031', 'invalid'],
  ['MB:0032', 'invalid'],
  ['MB:1013', 'blocked'],
  ['MB:1043', 'invalid'],
  ['MB:1051', 'invalid'],
  ['MB:1070', 'blocked'], // per-number sending limit
  ['MB:1076', 'blocked'],
  ['MB:1077', 'blocked'], // complaint blacklist
  ['MB:1079', 'blocked'], // fraud
  ['MB:1083', 'blocked'],
  // MC / IC: no report came back — the outcome is not known (the message may have arrived).
  ['MC:0055', 'absent'], // out of area or memory full
  ['MC:0062', 'blocked'],
  ['MC:0151', 'invalid'],
  ['IC:0001', 'absent'],
  ['IC:0151', 'invalid'],
  // ID: the ISMG's own refusals.
  ['ID:0012', 'blocked'], // billing address refused
  ['ID:0043', 'invalid'], // ported number
  ['ID:0069', 'blocked'],
  ['ID:0076', 'blocked'], // keyword
  ['ID:0096', 'blocked'],
  ['ID:0097', 'blocked'],
  ['ID:0104', 'invalid'],
  ['ID:0108', 'blocked'], // suspended
  ['ID:0126', 'invalid'],
  ['ID:0129', 'invalid'],
  ['ID:0132', 'invalid'],
  ['ID:0133', 'invalid'],
  ['ID:0134', 'invalid'],
  ['ID:0135', 'invalid'],
  ['ID:0140', 'blocked'],
  ['ID:0141', 'blocked'],
  ['ID:0142', 'blocked'], // sending limit
  ['ID:0143', 'blocked'],
  ['ID:0199', 'blocked'],
  // DB: the subscription platform refused (黑名单, 未点播) — not the network's trouble.
  ['DB:0139', 'blocked'],
  ['DB:0140', 'blocked'],
  ['DB:0141', 'blocked'],
]);

/** What a code not in the table means, by its letter pair. */
const CMPP_PREFIXES: ReadonlyMap<string, ReportFault> = new Map<string, ReportFault>([
  // A: the node did not answer — trouble on the way.
  ['MA', 'network'],
  ['IA', 'network'],
  ['CA', 'network'],
  ['DA', 'network'],
  ['SA', 'network'],
  // B: the node answered with an error; for the SMSC and the next ISMG mostly their own trouble
  // ("gateway exceptional" for the unlisted MB/IB codes in the carrier lists).
  ['MB', 'network'],
  ['IB', 'network'],
  ['ID', 'network'],
  // C: no report came back — not known whether it arrived.
  ['MC', 'unknown'],
  ['IC', 'unknown'],
  // M-codes outside the spec: "mostly caused by problems with the recipient's phone or number".
  ['MK', 'absent'],
  ['MI', 'absent'],
  ['MN', 'absent'],
  ['MH', 'blocked'],
  // Billing and subscription platforms: a business refusal.
  ['CB', 'blocked'],
  ['DB', 'blocked'],
]);

function classifyCmpp(state: string, code: string | null): ReportFault {
  if (code !== null) {
    const word = code.trim().toUpperCase();
    const listed = CMPP_CODES.get(word);
    if (listed !== undefined) return listed;
    if (/^[A-Z]{2}:\d{4}$/.test(word)) return CMPP_PREFIXES.get(word.slice(0, 2)) ?? 'unknown';
  }
  return classifyState(state);
}

// ───────────────────────────── SMPP ─────────────────────────────

/**
 * GSM MAP error codes (3GPP TS 29.002 §17.6.6, "MAP-ERRORS"), as SMPP's network_error_code TLV
 * carries them with network type 3 (SMPP 3.4 §5.3.2.31), stored as "3:<code>".
 */
const MAP_ERRORS: ReadonlyMap<number, ReportFault> = new Map<number, ReportFault>([
  [1, 'invalid'], // unknownSubscriber
  [5, 'invalid'], // unidentifiedSubscriber
  [6, 'absent'], // absentSubscriberSM
  [9, 'invalid'], // illegalSubscriber
  [11, 'blocked'], // teleserviceNotProvisioned
  [12, 'invalid'], // illegalEquipment
  [13, 'blocked'], // callBarred
  [21, 'blocked'], // facilityNotSupported
  [27, 'absent'], // absentSubscriber
  [31, 'absent'], // subscriberBusyForMT-SMS
  [32, 'absent'], // sm-DeliveryFailure (memory capacity exceeded, equipment protocol error …)
  [33, 'absent'], // messageWaitingListFull
  [34, 'network'], // systemFailure
  [35, 'network'], // dataMissing
  [36, 'network'], // unexpectedDataValue
]);

/**
 * SMPP 3.4: the receipt's "err:" field is SMSC-vendor specific (Appendix B), so a bare err number
 * says nothing we can rely on; only the network_error_code TLV is standard, and of its network
 * types only GSM (3, MAP errors) is classified. Without it, the state decides.
 */
function classifySmpp(state: string, error: string | null): ReportFault {
  const match = error === null ? null : /^3:(\d+)$/.exec(error.trim());
  if (match !== null) return MAP_ERRORS.get(Number(match[1])) ?? 'unknown';
  return classifyState(state);
}

// ───────────────────────────── SGIP ─────────────────────────────

/** SGIP 1.2 ErrorCode of a REPORT with State 2 (reference §2.8; codes 21–33 are the REPORT's). */
const SGIP_ERRORS: ReadonlyMap<number, ReportFault> = new Map<number, ReportFault>([
  [6, 'invalid'], // illegal mobile number
  [11, 'network'], // node busy
  [21, 'network'], // destination unreachable
  [22, 'network'], // routing error
  [23, 'network'], // route does not exist
  [25, 'absent'], // user cannot be reached (off / out of coverage)
  [26, 'absent'], // handset memory full
  [27, 'blocked'], // handset does not support SMS
  [28, 'absent'], // handset receive error
  [29, 'invalid'], // unknown user
  [30, 'blocked'], // function not provided
  [31, 'invalid'], // illegal device
  [32, 'network'], // system failure
  [33, 'network'], // SMSC queue full
]);

function classifySgip(state: string, error: string | null): ReportFault {
  if (error !== null && /^\d+$/.test(error.trim())) return SGIP_ERRORS.get(Number(error)) ?? 'unknown';
  return classifyState(state);
}

// ───────────────────────────── SMGP / CNGP ─────────────────────────────

/** The report's 3-digit "err:" (SMGP 3.0 reference §3.7; CNGP reports use the same block). */
const SMGP_ERRORS: ReadonlyMap<number, ReportFault> = new Map<number, ReportFault>([
  [1, 'absent'], // unreachable
  [2, 'absent'], // busy
  [3, 'invalid'], // no such part
  [4, 'invalid'], // illegal user
  [5, 'blocked'], // blacklisted
  [6, 'network'], // system error
  [7, 'absent'], // memory full
  [8, 'blocked'], // not a messaging terminal
  [9, 'network'], // data error
  [10, 'network'], // data lost
]);

function classifySmgp(state: string, error: string | null): ReportFault {
  if (error !== null && /^\d{1,3}$/.test(error.trim())) return SMGP_ERRORS.get(Number(error)) ?? 'unknown';
  return classifyState(state);
}

// ───────────────────────────── GSM modem ─────────────────────────────

/** TP-Status values after an SC gave up or is still trying (3GPP TS 23.040 §9.2.3.15). */
const TP_STATUS: ReadonlyMap<number, ReportFault> = new Map<number, ReportFault>([
  // 0x2x temporary, the SC is still trying; 0x6x temporary, the SC stopped trying.
  [0x20, 'network'], // congestion
  [0x21, 'absent'], // SME busy
  [0x22, 'absent'], // no response from SME
  [0x23, 'blocked'], // service rejected
  [0x24, 'network'], // quality of service not available
  [0x25, 'absent'], // error in SME
  [0x60, 'network'],
  [0x61, 'absent'],
  [0x62, 'absent'],
  [0x63, 'blocked'],
  [0x64, 'network'],
  [0x65, 'absent'],
  // 0x4x permanent errors.
  [0x40, 'network'], // remote procedure error
  [0x41, 'blocked'], // incompatible destination
  [0x42, 'blocked'], // connection rejected by SME
  [0x43, 'invalid'], // not obtainable
  [0x44, 'network'], // quality of service not available
  [0x45, 'network'], // no interworking available
  [0x46, 'absent'], // SM validity period expired
  // 0x47 deleted by the originating SME, 0x48 by SC administration, 0x49 does not exist: unknown.
]);

/** The modem worker stores TP-Status as "0xNN". */
function classifyModem(code: string | null): ReportFault {
  const match = code === null ? null : /^0x([0-9a-f]{2})$/i.exec(code.trim());
  if (match === null) return 'unknown';
  return TP_STATUS.get(Number.parseInt(match[1] as string, 16)) ?? 'unknown';
}
