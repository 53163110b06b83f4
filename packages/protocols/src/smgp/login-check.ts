import type { BindAccount, BindRefusal, BindVerdict } from '../engine/protocol.js';
import { DEFAULT_MAX_CLOCK_SKEW_MS, resolveMmddhhmmss } from '../china-time.js';
import { authenticatorClient, authenticatorsEqual } from './authenticator.js';
import { bindModeOf } from './login-mode.js';
import { SmgpStatus } from './status.js';

/**
 * Server-side login checks SMGP and CNGP share (their Login bodies differ only in ClientID width):
 * account, version, login mode, timestamp skew, then the MD5 authenticator.
 */
export interface LoginFields {
  readonly clientId: string;
  readonly authenticatorClient: Buffer;
  readonly loginMode: number;
  readonly timestamp: number;
  readonly version: number;
}

export interface LoginPolicy {
  /** Highest version this server speaks (0x30 SMGP 3.0, 0x20 SMGP 2.0 / CNGP 2.0). */
  readonly version: number;
  /** Lowest client version accepted (major 2 by default: 1.x lays Submit out differently). */
  readonly minVersion?: number;
  /** Largest |client timestamp − server clock| accepted; null turns the check off. Default 10 min. */
  readonly maxClockSkewMs?: number | null;
}

/** Status for a refusal; SMGP and CNGP share the numbers (status.ts). */
export function loginRefusalStatus(reason: BindRefusal): number {
  switch (reason) {
    case 'unknown-account':
    case 'auth-failed':
      return SmgpStatus.authenticationFailed;
    case 'bad-timestamp':
      // 72 "bad Time" (reference §3.8): a client whose clock is off, often on UTC instead of
      // Beijing time, learns that rather than hunting for a wrong secret (decision 0150).
      return SmgpStatus.badTime;
    case 'bad-version':
      return SmgpStatus.versionTooHigh;
    case 'bad-mode':
      return SmgpStatus.badMessageStructure;
    case 'already-bound':
    case 'too-many-binds':
      return SmgpStatus.tooManyConnections;
    case 'system-error':
      return SmgpStatus.systemBusy;
  }
}

export function refuse(reason: BindRefusal): BindVerdict & { readonly ok: false } {
  return { ok: false, status: loginRefusalStatus(reason), reason };
}

export function checkLogin(
  login: LoginFields,
  account: BindAccount | null,
  now: Date,
  policy: LoginPolicy,
): BindVerdict {
  if (account === null) return refuse('unknown-account');
  const minVersion = policy.minVersion ?? 0x20;
  if (login.version > policy.version || login.version < minVersion) return refuse('bad-version');
  if (bindModeOf(login.loginMode) === null) return refuse('bad-mode');
  const maxSkew = policy.maxClockSkewMs === undefined ? DEFAULT_MAX_CLOCK_SKEW_MS : policy.maxClockSkewMs;
  const stamped = resolveMmddhhmmss(login.timestamp >>> 0, now);
  const skew = stamped === null ? {} : { clockSkewMs: stamped.getTime() - now.getTime() };
  if (maxSkew !== null && (stamped === null || Math.abs(skew.clockSkewMs ?? 0) > maxSkew)) {
    return { ...refuse('bad-timestamp'), ...skew };
  }
  const expected = authenticatorClient(login.clientId, account.secret, login.timestamp);
  if (!authenticatorsEqual(expected, login.authenticatorClient)) return { ...refuse('auth-failed'), ...skew };
  return { ok: true, status: 0, version: login.version, ...skew };
}
