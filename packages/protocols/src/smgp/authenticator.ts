import { createHash, timingSafeEqual } from 'node:crypto';
import { mmddhhmmss, resolveMmddhhmmss } from '../china-time.js';

/**
 * Login authentication shared by SMGP and CNGP (CNGP imports this file). Both hash
 *   AuthenticatorClient = MD5( ClientID ‖ 7 × 0x00 ‖ shared secret ‖ TimeStamp as 10 ASCII digits )
 * SMGP 3.0 spec §6.2.2 (reference §3.2), go_smgp utils.go genAuthenticatorClient; for CNGP the
 * RongDi cngp_packet.cpp set_authenticator_client and Huawei's CNGPLoginMessage hash the same
 * bytes — which settles the reference's "unverified, one source" for CNGP. ClientID is hashed as
 * configured, without its field padding.
 */
export const AUTHENTICATOR_LENGTH = 16;

/** TimeStamp field: the decimal number MMDDHHMMSS (03-01 00:00:00 → 301000000 = 0x11F0E540). */
export function loginTimestamp(now: Date): number {
  return mmddhhmmss(now);
}

/** The timestamp as the 10 digits that go into the hash ("0301000000"). */
export function timestampDigits(timestamp: number): string {
  return String(timestamp >>> 0).padStart(10, '0');
}

export function authenticatorClient(clientId: string, secret: string, timestamp: number): Buffer {
  return createHash('md5')
    .update(Buffer.from(clientId, 'latin1'))
    .update(Buffer.alloc(7))
    .update(Buffer.from(secret, 'latin1'))
    .update(timestampDigits(timestamp), 'latin1')
    .digest();
}

/**
 * SMGP Login_Resp AuthenticatorServer = MD5( Status as 4 bytes ‖ AuthenticatorClient ‖ secret )
 * (reference §3.2). CNGP uses the same formula here — no CNGP source shows it (unverified), so
 * clients must not insist on it.
 */
export function authenticatorServer(status: number, client: Buffer, secret: string): Buffer {
  const statusBytes = Buffer.allocUnsafe(4);
  statusBytes.writeUInt32BE(status >>> 0, 0);
  return createHash('md5').update(statusBytes).update(client).update(Buffer.from(secret, 'latin1')).digest();
}

/** Constant-time comparison of two authenticators (different lengths never match). */
export function authenticatorsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Distance in ms between a MMDDHHMMSS timestamp and `now`. The timestamp carries no year, so the
 * nearest of last year, this year and next year is taken (a login at 31 Dec 23:59:59 checked at
 * 1 Jan 00:00:01 is 2 s away). Null when the digits are no date at all.
 */
export function timestampSkewMs(timestamp: number, now: Date): number | null {
  const at = resolveMmddhhmmss(timestamp >>> 0, now);
  return at === null ? null : Math.abs(at.getTime() - now.getTime());
}
