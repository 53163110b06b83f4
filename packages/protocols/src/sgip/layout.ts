/**
 * Field and body sizes of SGIP 1.2 (reference §2.1–§2.7). Offsets in the reference count from
 * the start of the body; the header is 20 bytes.
 */
export const HEADER_LENGTH = 20;

/**
 * "系统中每个消息包最大不超过2K字节" — the spec caps every packet at 2 KiB (reference §7; the
 * sentence opens chapter 4 of Unicom's SGIP 1.3 document and is the MAX_OP_SIZE of
 * yedamao/go_sgip sgip/protocol/constants.go). This caps a SUBMIT at (2048 − 143 − L) / 21
 * recipients, fewer than the 100 UserCount allows.
 */
export const MAX_PDU_LENGTH = 2048;

export const NUMBER_SIZE = 21;
export const LOGIN_NAME_SIZE = 16;
export const PASSWORD_SIZE = 16;
export const RESERVE_SIZE = 8;
export const CORP_ID_SIZE = 5;
export const SERVICE_TYPE_SIZE = 10;
export const FEE_SIZE = 6;
export const TIME_SIZE = 16;
export const SEQUENCE_SIZE = 12;
export const TRACE_NODE_ID_SIZE = 6;

/** BIND: LoginType 1, LoginName 16, LoginPassword 16, Reserve 8. */
export const BIND_BODY = 1 + LOGIN_NAME_SIZE + PASSWORD_SIZE + RESERVE_SIZE; // 41
/** Generic response: Result 1, Reserve 8. */
export const RESULT_BODY = 1 + RESERVE_SIZE; // 9
/** SUBMIT without the recipients and the content: 123 (+ 21N + L). */
export const SUBMIT_FIXED_BODY = 123;
/** DELIVER without the content: 57 (+ L). */
export const DELIVER_FIXED_BODY = 57;
/** REPORT: SubmitSequenceNumber 12, ReportType 1, UserNumber 21, State 1, ErrorCode 1, Reserve 8. */
export const REPORT_BODY = SEQUENCE_SIZE + 1 + NUMBER_SIZE + 1 + 1 + RESERVE_SIZE; // 44
/** USERRPT: SPNumber 21, UserNumber 21, UserCondition 1, Reserve 8. */
export const USERRPT_BODY = NUMBER_SIZE + NUMBER_SIZE + 1 + RESERVE_SIZE; // 51
/** CHECKUSER: UserName 16, Password 16, UserNumber 21, Reserve 8. */
export const CHECKUSER_BODY = LOGIN_NAME_SIZE + PASSWORD_SIZE + NUMBER_SIZE + RESERVE_SIZE; // 61
/** CHECKUSER_RESP: Result 1, Status 1, Reserve 8. */
export const CHECKUSER_RESP_BODY = 1 + 1 + RESERVE_SIZE; // 10
/** TRACE: SubmitSequenceNumber 12, UserNumber 21, Reserve 8. */
export const TRACE_BODY = SEQUENCE_SIZE + NUMBER_SIZE + RESERVE_SIZE; // 41
/**
 * One TRACE_RESP hop: Result 1, NodeId 6, ReceiveTime 16, SendTime 16, Reserve 8; the body is
 * Count 1 + Count hops. Reserve repeats per hop: Unicom's SGIP 1.3 document (table 4-11) says
 * under Reserve "when the message passed several nodes, the fields above repeat", and
 * Lihuanghe/SMSGate (codec/sgip12/codec/SgipTraceResponseMessageCodec.java) codes it so.
 * NodeId is 6 bytes in our reference and in SMSGate's 1.2 codec; the 1.3 document widens it to
 * 10 (an SP id has 10 digits). We speak 1.2.
 */
export const TRACE_HOP_SIZE = 1 + TRACE_NODE_ID_SIZE + TIME_SIZE + TIME_SIZE + RESERVE_SIZE; // 47
