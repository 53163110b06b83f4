import type { TransportOutcome } from '@smshub/channels';
import { TpduError } from '@smshub/sms';
import { AtClosedError, AtCommandError, AtTimeoutError } from './at/at-errors.js';

/**
 * What a failed AT+CMGS means for the message and for the modem. +CMS ERROR below 128 are RP
 * causes from the network (TS 24.011 §8.2.5.4), 300 and up the module's own (TS 27.005 §3.2.5).
 */
export interface SubmitFailure {
  readonly outcome: TransportOutcome;
  /**
   * none: the message's fault (a bad number). count: one more strike against the modem.
   * fatal: the modem cannot send at all now (no SIM, no network, port gone): out of the pool.
   */
  readonly modemFault: 'none' | 'count' | 'fatal';
}

/** RP causes that are about the recipient or the message: no channel will do better. */
const PERMANENT_CAUSES = new Set([1, 28, 30, 96]);
/** Module codes for a PDU we built wrongly: resending it anywhere gives the same answer. */
const PERMANENT_MODULE = new Set([304, 305]);
/** SIM codes (CME and CMS) that take a modem out until its SIM is fixed. */
const SIM_CME = new Set([10, 11, 12, 13, 15, 16, 17, 18]);
const SIM_CMS = new Set([310, 311, 312, 313, 315, 316, 317, 318]);
/** RP causes that say more about this SIM or its network than about the message. */
const MODEM_SIDE_CAUSES = new Set([8, 10, 21, 29, 38, 41, 47, 50, 69, 127]);
const CMS_CONGESTION = 42;
const CMS_NO_NETWORK = 331;
const CMS_NETWORK_TIMEOUT = 332;

export function submitFailure(error: unknown): SubmitFailure {
  if (error instanceof TpduError) {
    return {
      outcome: { ok: false, kind: 'permanent', status: 0, reason: `cannot build the PDU: ${error.message}` },
      modemFault: 'none',
    };
  }
  if (error instanceof AtTimeoutError) {
    return error.written
      ? { outcome: { ok: false, kind: 'in-doubt', reason: error.message }, modemFault: 'count' }
      : { outcome: { ok: false, kind: 'unavailable', reason: error.message }, modemFault: 'count' };
  }
  if (error instanceof AtClosedError) {
    return {
      outcome: { ok: false, kind: error.written ? 'in-doubt' : 'unavailable', reason: error.message },
      modemFault: 'fatal',
    };
  }
  if (error instanceof AtCommandError) return commandFailure(error);
  const reason = error instanceof Error ? error.message : String(error);
  return { outcome: { ok: false, kind: 'unavailable', reason }, modemFault: 'count' };
}

function commandFailure(error: AtCommandError): SubmitFailure {
  const { result } = error;
  const code = error.code;
  const transient = (modemFault: SubmitFailure['modemFault']): SubmitFailure => ({
    outcome: { ok: false, kind: 'transient', status: code ?? 0, reason: error.message },
    modemFault,
  });
  if (result.kind === 'cme') {
    if (code !== null && SIM_CME.has(code))
      return { outcome: { ok: false, kind: 'unavailable', reason: error.message }, modemFault: 'fatal' };
    return transient('count');
  }
  if (result.kind !== 'cms' || code === null) return transient('count');
  if (PERMANENT_CAUSES.has(code) || PERMANENT_MODULE.has(code)) {
    return { outcome: { ok: false, kind: 'permanent', status: code, reason: error.message }, modemFault: 'none' };
  }
  if (SIM_CMS.has(code) || code === CMS_NO_NETWORK) {
    return { outcome: { ok: false, kind: 'unavailable', reason: error.message }, modemFault: 'fatal' };
  }
  if (code === CMS_CONGESTION)
    return { outcome: { ok: false, kind: 'throttled', status: code, reason: error.message }, modemFault: 'none' };
  if (code === CMS_NETWORK_TIMEOUT)
    return { outcome: { ok: false, kind: 'in-doubt', reason: error.message }, modemFault: 'count' };
  // Other RP causes (destination out of service, barring of this SIM, network out of order …)
  // and module errors: another modem or channel may well succeed.
  return transient(code < 128 && !MODEM_SIDE_CAUSES.has(code) ? 'none' : 'count');
}

/** Whether a health-check or init failure means the SIM is unusable (no point retrying soon). */
export function isSimFailure(error: unknown): boolean {
  if (!(error instanceof AtCommandError) || error.code === null) return false;
  return error.result.kind === 'cme' ? SIM_CME.has(error.code) : SIM_CMS.has(error.code);
}
