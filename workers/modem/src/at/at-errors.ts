import type { FinalResult } from './final-result.js';

/** The modem ended a command with ERROR, +CME ERROR or +CMS ERROR. */
export class AtCommandError extends Error {
  override readonly name = 'AtCommandError';
  constructor(
    readonly port: string,
    readonly command: string,
    readonly result: Extract<FinalResult, { ok: false }>,
  ) {
    super(`${port}: ${command} failed: ${describe(result)}`);
  }

  /** The +CME / +CMS number, when the modem gave one. */
  get code(): number | null {
    return this.result.kind === 'cme' || this.result.kind === 'cms' ? this.result.code : null;
  }
}

/**
 * No answer in time. `written` tells whether the command (for AT+CMGS: the PDU) reached the
 * modem; 'resync' means the AT sent first to resynchronise got none, so the command never went.
 */
export class AtTimeoutError extends Error {
  override readonly name = 'AtTimeoutError';
  constructor(
    readonly port: string,
    readonly command: string,
    readonly waitedFor: 'prompt' | 'response' | 'resync',
    readonly timeoutMs: number,
    readonly written: boolean,
  ) {
    super(
      waitedFor === 'resync'
        ? `${port}: no answer to the resynchronising AT within ${timeoutMs} ms; ${command} not sent`
        : `${port}: no ${waitedFor} to ${command} within ${timeoutMs} ms`,
    );
  }
}

/** The serial port closed (or the channel was closed) while the command waited or ran. */
export class AtClosedError extends Error {
  override readonly name = 'AtClosedError';
  constructor(
    readonly port: string,
    readonly command: string,
    readonly reason: string,
    readonly written: boolean,
  ) {
    super(`${port}: ${command} abandoned: ${reason}`);
  }
}

function describe(result: Extract<FinalResult, { ok: false }>): string {
  switch (result.kind) {
    case 'error':
      return 'ERROR';
    case 'cme':
    case 'cms':
      return `+${result.kind.toUpperCase()} ERROR: ${result.text}`;
    case 'call':
      return result.text;
  }
}
