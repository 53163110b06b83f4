import type { DecodeError } from './errors.js';

/**
 * What a carrier protocol plugs into the session engine. The engine frames bytes by the 4-byte
 * big-endian length at offset 0 (true of SMPP, CMPP, SGIP, SMGP and CNGP), matches responses to
 * requests by sequence key, keeps the window, keep-alive and unbind; everything that differs
 * between protocols is here.
 */
export interface Protocol<P extends Pdu> {
  /** Short name used in logs and errors: 'smpp', 'cmpp', 'sgip', 'smgp', 'cngp'. */
  readonly name: string;
  /** Protocol version this instance speaks, e.g. 0x34 for SMPP 3.4, 0x30 for CMPP 3.0. */
  readonly version: number;
  readonly headerLength: number;
  /** Frames longer than this are refused before buffering (a hostile length cannot exhaust memory). */
  readonly maxPduLength: number;

  /** Decodes one whole frame (the length field included). Throws only DecodeError. */
  decode(frame: Buffer): P;
  /** Encodes a PDU into one freshly allocated buffer. Throws only EncodeError. */
  encode(pdu: P): Buffer;
  /** Reads command id and sequence from a frame whose body could not be decoded (for a reject). */
  peek(frame: Buffer): FrameHeader | null;

  isResponse(pdu: P): boolean;
  /** The key that pairs a response with its request (the uint32 sequence; SGIP: its triple as text). */
  sequenceKey(pdu: P): SequenceKey;
  /** A sequence source for one session; `next()` sets the sequence of an outgoing request. */
  sequencer(): Sequencer<P>;

  /** Keep-alive exchange (SMPP enquire_link, CMPP/SMGP/CNGP active test); absent for SGIP. */
  readonly keepAlive?: Exchange<P>;
  /** Orderly close (SMPP unbind, CMPP terminate, SGIP unbind, SMGP/CNGP exit). */
  readonly unbind: Exchange<P>;

  /**
   * Reply to a frame whose header was readable but whose body was not (SMPP generic_nack, or the
   * command's own response with an error status); null to drop it silently.
   */
  rejectFrame(header: FrameHeader, error: DecodeError): P | null;
  /** Reply to a request with a protocol status chosen for a generic reason; null if it has none. */
  reject(request: P, reason: RejectReason): P | null;
}

/** Every PDU type carries its command name and sequence; codecs add their own fields. */
export interface Pdu {
  readonly command: string;
}

export type SequenceKey = number | string;

export interface FrameHeader {
  readonly commandId: number;
  readonly sequence: SequenceKey;
}

export interface Sequencer<P> {
  /** Gives `request` the next sequence number (mutates it) and returns the matching key. */
  assign(request: P): SequenceKey;
}

/** A request/response pair the engine runs by itself (keep-alive, unbind). */
export interface Exchange<P> {
  request(): P;
  isRequest(pdu: P): boolean;
  isResponse(pdu: P): boolean;
  reply(request: P): P;
}

/** Reasons the engine or an application may refuse a request without knowing the protocol. */
export type RejectReason =
  | 'unsupported' // command not handled by this side
  | 'not-bound' // request before a successful bind
  | 'already-bound'
  | 'throttled' // flow control: sending too fast
  | 'queue-full'
  | 'invalid-destination'
  | 'invalid-source'
  | 'invalid-message' // bad content / length / format
  | 'system-error';

/** Bind modes as SMPP names them; the Chinese protocols map their login modes onto these. */
export type BindMode = 'transmitter' | 'receiver' | 'transceiver';

/**
 * Client side of the bind handshake. `bind` sends the bind request over the fresh session,
 * checks the reply and resolves, or throws BindError naming the protocol's status.
 */
export interface Binder<P extends Pdu, Credentials> {
  bind(session: BindableSession<P>, credentials: Credentials): Promise<BindResult>;
}

export interface BindResult {
  /** Version the peer agreed to (e.g. from CMPP CONNECT_RESP or SMPP sc_interface_version). */
  readonly version?: number;
  /** Peer's identity, when the reply carries one (SMPP system_id). */
  readonly peer?: string;
}

/** The part of a session the bind handshake needs. */
export interface BindableSession<P extends Pdu> {
  readonly id: string;
  request(pdu: P, timeoutMs?: number): Promise<P>;
}

/**
 * Server side of the bind handshake. The server reads the first request, asks `describe` who it
 * is, looks up that account's secret through the application, then `verify`s and `reply`s.
 */
export interface BindAcceptor<P extends Pdu> {
  isBindRequest(pdu: P): boolean;
  describe(request: P): BindRequestInfo;
  /** Checks credentials (plain password or an MD5 authenticator) against the account's secret. */
  verify(request: P, account: BindAccount | null, now: Date): BindVerdict;
  /** A refusal the application decided on (too many binds, already bound), in protocol status. */
  refuse(reason: BindRefusal): BindVerdict & { readonly ok: false };
  /** The bind response, carrying the verdict's status (and authenticator where the protocol has one). */
  reply(request: P, verdict: BindVerdict, account: BindAccount | null): P;
}

export interface BindRequestInfo {
  /** system_id / Source_Addr / ClientID / login name. */
  readonly account: string;
  readonly mode: BindMode;
  readonly version?: number;
}

export interface BindAccount {
  readonly account: string;
  /** Plain password (SMPP, SGIP) or shared secret (CMPP, SMGP, CNGP). */
  readonly secret: string;
}

/**
 * `clockSkewMs`, where the protocol stamps its login (CMPP CONNECT, SMGP / CNGP Login): the
 * client's timestamp minus our clock, positive when the client is ahead, so the server can log it
 * whether the login passed or not. A client on UTC instead of Beijing time shows as −8 h.
 */
export type BindVerdict =
  | { readonly ok: true; readonly status: 0; readonly version?: number; readonly clockSkewMs?: number }
  | { readonly ok: false; readonly status: number; readonly reason: BindRefusal; readonly clockSkewMs?: number };

export type BindRefusal =
  | 'unknown-account'
  | 'auth-failed'
  | 'bad-version'
  | 'bad-timestamp'
  | 'bad-mode'
  | 'already-bound'
  | 'too-many-binds'
  | 'system-error';
