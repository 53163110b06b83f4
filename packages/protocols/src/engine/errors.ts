/**
 * Every failure the protocols package raises is one of these, so callers can tell a peer's bad
 * bytes (DecodeError) from our own bad input (EncodeError) from a dead link (SessionClosedError).
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly protocol: string,
    message: string,
    /** Byte offset in the frame where decoding stopped, when known. */
    readonly offset?: number,
    /** Command id read from the header, when the header itself was readable. */
    readonly commandId?: number,
  ) {
    super(`${protocol}: ${message}${offset === undefined ? '' : ` (at byte ${offset})`}`);
  }
}

export class EncodeError extends Error {
  override readonly name = 'EncodeError';
  constructor(
    readonly protocol: string,
    message: string,
  ) {
    super(`${protocol}: ${message}`);
  }
}

/** The peer did not answer a request within the response timeout. Its outcome is unknown. */
export class ResponseTimeoutError extends Error {
  override readonly name = 'ResponseTimeoutError';
  constructor(
    readonly session: string,
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super(`${session}: no response to ${command} within ${timeoutMs} ms`);
  }
}

/** The session closed while a request was waiting for a window slot or for its response. */
export class SessionClosedError extends Error {
  override readonly name = 'SessionClosedError';
  constructor(
    readonly session: string,
    readonly reason: string,
    /** true when the request had been written to the socket (its outcome is unknown). */
    readonly written = false,
  ) {
    super(`${session}: session closed (${reason})`);
  }
}

/** More requests are waiting for a window slot than the session allows. */
export class WindowFullError extends Error {
  override readonly name = 'WindowFullError';
  constructor(
    readonly session: string,
    readonly queued: number,
  ) {
    super(`${session}: ${queued} requests already wait for the window`);
  }
}

/** The bind / login / connect handshake failed. `status` is the protocol's own code. */
export class BindError extends Error {
  override readonly name = 'BindError';
  constructor(
    readonly session: string,
    readonly status: number,
    readonly reason: string,
  ) {
    super(`${session}: bind failed: ${reason} (status ${status})`);
  }
}
