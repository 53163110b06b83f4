import type { CmppVersion } from './pdu.js';

/**
 * Field widths that differ between CMPP 2.0 and 3.0 (reference §1.12). Everything else in the
 * layouts is the same, so the codec reads and writes one field list and asks this table for the
 * widths that moved.
 */
export interface CmppLayout {
  readonly version: CmppVersion;
  /** Width of status/result fields in responses: 1 byte in 2.0, 4 in 3.0. */
  readonly statusSize: 1 | 4;
  /** Terminal-id fields (Fee_terminal_Id, Dest_terminal_Id, Src_terminal_Id): 21 or 32. */
  readonly terminalIdSize: 21 | 32;
  /** 3.0 adds Fee_terminal_type, Dest_terminal_type and Src_terminal_type bytes. */
  readonly hasTerminalType: boolean;
  /** Trailing field of SUBMIT / DELIVER: 2.0 Reserve (8), 3.0 LinkID (20). */
  readonly trailerSize: 8 | 20;
  /** The status-report block this version writes: 60 or 71 bytes. */
  readonly reportBlockLength: 60 | 71;
}

export const HEADER_LENGTH = 12;

/** DestUsr_tl must stay below 100 (spec: 小于100个用户). */
export const MAX_DESTINATIONS = 99;

export const layouts: Readonly<Record<CmppVersion, CmppLayout>> = {
  0x20: {
    version: 0x20,
    statusSize: 1,
    terminalIdSize: 21,
    hasTerminalType: false,
    trailerSize: 8,
    reportBlockLength: 60,
  },
  0x30: {
    version: 0x30,
    statusSize: 4,
    terminalIdSize: 32,
    hasTerminalType: true,
    trailerSize: 20,
    reportBlockLength: 71,
  },
};

/** CONNECT body (same in both versions, reference §1.3). */
export const CONNECT_BODY = 27;
/** CONNECT_RESP body: Status + 16-byte AuthenticatorISMG + Version. */
export function connectRespBody(statusSize: 1 | 4): number {
  return statusSize + 16 + 1;
}

/** SUBMIT body without destinations and content (2.0: 126, 3.0: 151; reference §1.5). */
export function submitFixedBody(layout: CmppLayout): number {
  const typeBytes = layout.hasTerminalType ? 2 : 0; // Fee_terminal_type + Dest_terminal_type
  return (
    8 +
    1 +
    1 +
    1 +
    1 +
    10 +
    1 +
    layout.terminalIdSize +
    1 +
    1 +
    1 +
    6 +
    2 +
    6 +
    17 +
    17 +
    21 +
    1 +
    1 +
    typeBytes +
    layout.trailerSize
  );
}

/** DELIVER body without content (2.0: 73, 3.0: 97; reference §1.7). */
export function deliverFixedBody(layout: CmppLayout): number {
  const typeBytes = layout.hasTerminalType ? 1 : 0;
  return 8 + 21 + 10 + 1 + 1 + 1 + layout.terminalIdSize + typeBytes + 1 + 1 + layout.trailerSize;
}

/**
 * The largest frame this version can carry: a SUBMIT to 99 numbers with 255 content bytes.
 * Anything longer is hostile or broken and is refused before it is buffered.
 */
export function maxPduLength(layout: CmppLayout): number {
  return HEADER_LENGTH + submitFixedBody(layout) + MAX_DESTINATIONS * layout.terminalIdSize + 255;
}
