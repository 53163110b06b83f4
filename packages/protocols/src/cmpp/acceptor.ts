import { timingSafeEqual } from 'node:crypto';
import type { BindAccount, BindAcceptor, BindRefusal, BindVerdict } from '../engine/protocol.js';
import { authenticatorIsmg, authenticatorSource } from './authenticator.js';
import { DEFAULT_MAX_CLOCK_SKEW_MS } from '../china-time.js';
import { BEIJING_OFFSET_MINUTES, resolveConnectTimestamp } from './cmpp-time.js';
import { layouts } from './layout.js';
import type { CmppPdu, CmppVersion } from './pdu.js';
import { ConnectStatus } from './status-codes.js';

export interface CmppAcceptorOptions {
  readonly version: CmppVersion;
  /**
   * How far a CONNECT timestamp may be from our clock; 10 minutes by default, null turns the check
   * off (gateways that meet clients stamping UTC instead of Beijing time, see decision 0150).
   */
  readonly maxClockSkewMs?: number | null;
  /** The time zone clients stamp CONNECT in, as minutes east of UTC; Beijing time by default. */
  readonly utcOffsetMinutes?: number;
}

/**
 * Refusals in CONNECT_RESP statuses. A stale or impossible timestamp is reported as 3
 * (authentication failed): the timestamp is an input of the authenticator, and refusing old ones
 * is what stops a captured CONNECT from being replayed. CMPP has no status of its own for it
 * (SMGP and CNGP do: 72), so the verdict carries `clockSkewMs` for the server to log — that, not
 * the status, is what tells a wrong clock from a wrong secret (decision 0150). The spec names
 * nothing beyond 4, so the application's own refusals use 5 ("other").
 */
const refusalStatus: Record<BindRefusal, number> = {
  'unknown-account': ConnectStatus.BAD_SOURCE_ADDR,
  'auth-failed': ConnectStatus.AUTH_FAILED,
  'bad-timestamp': ConnectStatus.AUTH_FAILED,
  'bad-version': ConnectStatus.VERSION_TOO_HIGH,
  'bad-mode': ConnectStatus.BAD_STRUCTURE,
  'already-bound': ConnectStatus.OTHER,
  'too-many-binds': ConnectStatus.OTHER,
  'system-error': ConnectStatus.OTHER,
};

function refuse(reason: BindRefusal): BindVerdict & { readonly ok: false } {
  return { ok: false, status: refusalStatus[reason], reason };
}

/**
 * Server side of CONNECT. Accepts clients of the same major version as this gateway (a 2.0
 * gateway takes 0x20 and gocmpp's 0x21; a 3.0 gateway takes 3.x); anything else gets status 4,
 * because this session's codec only speaks its own layout. The CONNECT timestamp has no year: it
 * is read as the year that puts it nearest to our clock, so a login stamped 12-31 23:59:59 is
 * fine on a gateway already in January.
 */
export function cmppBindAcceptor(options: CmppAcceptorOptions): BindAcceptor<CmppPdu> {
  const layout = layouts[options.version];
  const maxSkew = options.maxClockSkewMs === undefined ? DEFAULT_MAX_CLOCK_SKEW_MS : options.maxClockSkewMs;
  const offset = options.utcOffsetMinutes ?? BEIJING_OFFSET_MINUTES;
  return {
    isBindRequest: (pdu) => pdu.command === 'connect',
    describe(request) {
      if (request.command !== 'connect') return { account: '', mode: 'transceiver' };
      // CMPP has a single login mode: one link carries submits one way and delivers the other.
      return { account: request.sourceAddr, mode: 'transceiver', version: request.version };
    },
    verify(request, account: BindAccount | null, now: Date): BindVerdict {
      if (request.command !== 'connect') return refuse('bad-mode');
      if (account === null) return refuse('unknown-account');
      if (request.version >> 4 !== options.version >> 4) return refuse('bad-version');
      const stamped = resolveConnectTimestamp(request.timestamp, now, offset);
      const skew = stamped === null ? {} : { clockSkewMs: stamped.getTime() - now.getTime() };
      if (maxSkew !== null && (stamped === null || Math.abs(skew.clockSkewMs ?? 0) > maxSkew)) {
        return { ...refuse('bad-timestamp'), ...skew };
      }
      const expected = authenticatorSource(request.sourceAddr, account.secret, request.timestamp);
      const given = request.authenticatorSource;
      if (given.length !== expected.length || !timingSafeEqual(expected, given)) {
        return { ...refuse('auth-failed'), ...skew };
      }
      return { ok: true, status: 0, version: options.version, ...skew };
    },
    refuse,
    reply(request, verdict, account) {
      if (request.command !== 'connect') {
        throw new TypeError(`cmpp acceptor asked to answer ${request.command}, not connect`);
      }
      const authenticator =
        verdict.ok && account !== null
          ? authenticatorIsmg(verdict.status, layout.statusSize, request.authenticatorSource, account.secret)
          : Buffer.alloc(16);
      return {
        command: 'connect_resp',
        sequence: request.sequence,
        status: verdict.status,
        authenticatorIsmg: authenticator,
        version: options.version,
      };
    },
  };
}
