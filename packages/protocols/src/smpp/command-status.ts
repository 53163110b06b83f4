/**
 * command_status values: SMPP 3.4 §5.1.3 table 5-2, with the 5.0 additions (§4.7.6 table 4-45:
 * TLV errors renamed, 0x0100–0x0112 for services and broadcast). 0x0400–0x04FF are reserved for
 * SMSC vendors.
 */
export const CommandStatus = {
  ESME_ROK: 0x00000000,
  ESME_RINVMSGLEN: 0x00000001,
  ESME_RINVCMDLEN: 0x00000002,
  ESME_RINVCMDID: 0x00000003,
  ESME_RINVBNDSTS: 0x00000004,
  ESME_RALYBND: 0x00000005,
  ESME_RINVPRTFLG: 0x00000006,
  ESME_RINVREGDLVFLG: 0x00000007,
  ESME_RSYSERR: 0x00000008,
  ESME_RINVSRCADR: 0x0000000a,
  ESME_RINVDSTADR: 0x0000000b,
  ESME_RINVMSGID: 0x0000000c,
  ESME_RBINDFAIL: 0x0000000d,
  ESME_RINVPASWD: 0x0000000e,
  ESME_RINVSYSID: 0x0000000f,
  ESME_RCANCELFAIL: 0x00000011,
  ESME_RREPLACEFAIL: 0x00000013,
  ESME_RMSGQFUL: 0x00000014,
  ESME_RINVSERTYP: 0x00000015,
  ESME_RINVNUMDESTS: 0x00000033,
  ESME_RINVDLNAME: 0x00000034,
  ESME_RINVDESTFLAG: 0x00000040,
  ESME_RINVSUBREP: 0x00000042,
  ESME_RINVESMCLASS: 0x00000043,
  ESME_RCNTSUBDL: 0x00000044,
  ESME_RSUBMITFAIL: 0x00000045,
  ESME_RINVSRCTON: 0x00000048,
  ESME_RINVSRCNPI: 0x00000049,
  ESME_RINVDSTTON: 0x00000050,
  ESME_RINVDSTNPI: 0x00000051,
  ESME_RINVSYSTYP: 0x00000053,
  ESME_RINVREPFLAG: 0x00000054,
  ESME_RINVNUMMSGS: 0x00000055,
  ESME_RTHROTTLED: 0x00000058,
  ESME_RINVSCHED: 0x00000061,
  ESME_RINVEXPIRY: 0x00000062,
  ESME_RINVDFTMSGID: 0x00000063,
  ESME_RX_T_APPN: 0x00000064,
  ESME_RX_P_APPN: 0x00000065,
  ESME_RX_R_APPN: 0x00000066,
  ESME_RQUERYFAIL: 0x00000067,
  /** 3.4 ESME_RINVOPTPARSTREAM. */
  ESME_RINVTLVSTREAM: 0x000000c0,
  /** 3.4 ESME_ROPTPARNOTALLWD. */
  ESME_RTLVNOTALLWD: 0x000000c1,
  /** 3.4 ESME_RINVPARLEN. */
  ESME_RINVTLVLEN: 0x000000c2,
  /** 3.4 ESME_RMISSINGOPTPARAM. */
  ESME_RMISSINGTLV: 0x000000c3,
  /** 3.4 ESME_RINVOPTPARAMVAL. */
  ESME_RINVTLVVAL: 0x000000c4,
  ESME_RDELIVERYFAILURE: 0x000000fe,
  ESME_RUNKNOWNERR: 0x000000ff,
  ESME_RSERTYPUNAUTH: 0x00000100,
  ESME_RPROHIBITED: 0x00000101,
  ESME_RSERTYPUNAVAIL: 0x00000102,
  ESME_RSERTYPDENIED: 0x00000103,
  ESME_RINVDCS: 0x00000104,
  ESME_RINVSRCADDRSUBUNIT: 0x00000105,
  ESME_RINVDSTADDRSUBUNIT: 0x00000106,
  ESME_RINVBCASTFREQINT: 0x00000107,
  ESME_RINVBCASTALIAS_NAME: 0x00000108,
  ESME_RINVBCASTAREAFMT: 0x00000109,
  ESME_RINVNUMBCAST_AREAS: 0x0000010a,
  ESME_RINVBCASTCNTTYPE: 0x0000010b,
  ESME_RINVBCASTMSGCLASS: 0x0000010c,
  ESME_RBCASTFAIL: 0x0000010d,
  ESME_RBCASTQUERYFAIL: 0x0000010e,
  ESME_RBCASTCANCELFAIL: 0x0000010f,
  ESME_RINVBCAST_REP: 0x00000110,
  ESME_RINVBCASTSRVGRP: 0x00000111,
  ESME_RINVBCASTCHANIND: 0x00000112,
} as const;

export type CommandStatusName = keyof typeof CommandStatus;

/** The 3.4 names of the TLV errors, which 5.0 renamed; same values. */
export const CommandStatus34Aliases = {
  ESME_RINVOPTPARSTREAM: CommandStatus.ESME_RINVTLVSTREAM,
  ESME_ROPTPARNOTALLWD: CommandStatus.ESME_RTLVNOTALLWD,
  ESME_RINVPARLEN: CommandStatus.ESME_RINVTLVLEN,
  ESME_RMISSINGOPTPARAM: CommandStatus.ESME_RMISSINGTLV,
  ESME_RINVOPTPARAMVAL: CommandStatus.ESME_RINVTLVVAL,
} as const;

const descriptions: Record<CommandStatusName, string> = {
  ESME_ROK: 'no error',
  ESME_RINVMSGLEN: 'message length is invalid',
  ESME_RINVCMDLEN: 'command length is invalid',
  ESME_RINVCMDID: 'invalid command id',
  ESME_RINVBNDSTS: 'incorrect bind status for this command',
  ESME_RALYBND: 'already bound',
  ESME_RINVPRTFLG: 'invalid priority flag',
  ESME_RINVREGDLVFLG: 'invalid registered delivery flag',
  ESME_RSYSERR: 'system error',
  ESME_RINVSRCADR: 'invalid source address',
  ESME_RINVDSTADR: 'invalid destination address',
  ESME_RINVMSGID: 'message id is invalid',
  ESME_RBINDFAIL: 'bind failed',
  ESME_RINVPASWD: 'invalid password',
  ESME_RINVSYSID: 'invalid system id',
  ESME_RCANCELFAIL: 'cancel_sm failed',
  ESME_RREPLACEFAIL: 'replace_sm failed',
  ESME_RMSGQFUL: 'message queue full',
  ESME_RINVSERTYP: 'invalid service type',
  ESME_RINVNUMDESTS: 'invalid number of destinations',
  ESME_RINVDLNAME: 'invalid distribution list name',
  ESME_RINVDESTFLAG: 'invalid destination flag',
  ESME_RINVSUBREP: "invalid 'submit with replace' request",
  ESME_RINVESMCLASS: 'invalid esm_class field data',
  ESME_RCNTSUBDL: 'cannot submit to distribution list',
  ESME_RSUBMITFAIL: 'submit failed',
  ESME_RINVSRCTON: 'invalid source address TON',
  ESME_RINVSRCNPI: 'invalid source address NPI',
  ESME_RINVDSTTON: 'invalid destination address TON',
  ESME_RINVDSTNPI: 'invalid destination address NPI',
  ESME_RINVSYSTYP: 'invalid system_type field',
  ESME_RINVREPFLAG: 'invalid replace_if_present flag',
  ESME_RINVNUMMSGS: 'invalid number of messages',
  ESME_RTHROTTLED: 'throttling error (exceeded allowed message limits)',
  ESME_RINVSCHED: 'invalid scheduled delivery time',
  ESME_RINVEXPIRY: 'invalid message validity period',
  ESME_RINVDFTMSGID: 'predefined message invalid or not found',
  ESME_RX_T_APPN: 'receiver temporary application error',
  ESME_RX_P_APPN: 'receiver permanent application error',
  ESME_RX_R_APPN: 'receiver reject message error',
  ESME_RQUERYFAIL: 'query_sm request failed',
  ESME_RINVTLVSTREAM: 'error in the optional part of the PDU body',
  ESME_RTLVNOTALLWD: 'optional parameter not allowed',
  ESME_RINVTLVLEN: 'invalid parameter length',
  ESME_RMISSINGTLV: 'expected optional parameter missing',
  ESME_RINVTLVVAL: 'invalid optional parameter value',
  ESME_RDELIVERYFAILURE: 'delivery failure',
  ESME_RUNKNOWNERR: 'unknown error',
  ESME_RSERTYPUNAUTH: 'ESME not authorised to use this service type',
  ESME_RPROHIBITED: 'ESME prohibited from using this operation',
  ESME_RSERTYPUNAVAIL: 'service type unavailable',
  ESME_RSERTYPDENIED: 'service type denied',
  ESME_RINVDCS: 'invalid data coding scheme',
  ESME_RINVSRCADDRSUBUNIT: 'source address subunit is invalid',
  ESME_RINVDSTADDRSUBUNIT: 'destination address subunit is invalid',
  ESME_RINVBCASTFREQINT: 'broadcast frequency interval is invalid',
  ESME_RINVBCASTALIAS_NAME: 'broadcast alias name is invalid',
  ESME_RINVBCASTAREAFMT: 'broadcast area format is invalid',
  ESME_RINVNUMBCAST_AREAS: 'number of broadcast areas is invalid',
  ESME_RINVBCASTCNTTYPE: 'broadcast content type is invalid',
  ESME_RINVBCASTMSGCLASS: 'broadcast message class is invalid',
  ESME_RBCASTFAIL: 'broadcast_sm failed',
  ESME_RBCASTQUERYFAIL: 'query_broadcast_sm failed',
  ESME_RBCASTCANCELFAIL: 'cancel_broadcast_sm failed',
  ESME_RINVBCAST_REP: 'number of repeated broadcasts is invalid',
  ESME_RINVBCASTSRVGRP: 'broadcast service group is invalid',
  ESME_RINVBCASTCHANIND: 'broadcast channel indicator is invalid',
};

const namesByValue = new Map<number, CommandStatusName>();
for (const name of Object.keys(CommandStatus) as CommandStatusName[]) namesByValue.set(CommandStatus[name], name);

/** The spec's name for a status value, or undefined for reserved and vendor values. */
export function commandStatusName(status: number): CommandStatusName | undefined {
  return namesByValue.get(status);
}

/** 0x0400–0x04FF: SMSC vendor-specific errors (3.4 table 5-2). */
export function isVendorStatus(status: number): boolean {
  return status >= 0x400 && status <= 0x4ff;
}

/** "ESME_RINVPASWD (0x0000000E): invalid password", for errors and logs. */
export function describeCommandStatus(status: number): string {
  const hex = `0x${(status >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
  const name = namesByValue.get(status);
  if (name !== undefined) return `${name} (${hex}): ${descriptions[name]}`;
  return `${hex}: ${isVendorStatus(status) ? 'SMSC vendor-specific error' : 'reserved / unknown status'}`;
}
