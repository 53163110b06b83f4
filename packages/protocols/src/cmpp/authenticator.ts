import { createHash } from 'node:crypto';

/**
 * CMPP login digests (reference §1.3, §1.4). The timestamp enters the source digest as its 10
 * decimal digits, zero-padded on the left (January gives "01…"), not as the 4 wire bytes.
 */

/** AuthenticatorSource = MD5(Source_Addr ‖ 9 × 0x00 ‖ secret ‖ MMDDHHMMSS). */
export function authenticatorSource(sourceAddr: string, secret: string, timestamp: number): Buffer {
  return createHash('md5')
    .update(Buffer.from(sourceAddr, 'latin1'))
    .update(Buffer.alloc(9))
    .update(Buffer.from(secret, 'utf8'))
    .update(timestamp.toString().padStart(10, '0'), 'latin1')
    .digest();
}

/**
 * AuthenticatorISMG = MD5(Status ‖ AuthenticatorSource ‖ secret), with Status in the width of the
 * CONNECT_RESP field: 4 bytes in 3.0 (spec, gocmpp and SMSGate agree). For 2.0 implementations
 * disagree (gocmpp hashes the 1-byte field, SMSGate always 4 bytes, reference §1.4). The 2.0 wire
 * field is 1 byte in every source read (gocmpp connect.go, and Huawei's insa2 SDK
 * CMPPConnectRepMessage as found in hollisho/SMProxy, which reads Status at one byte), so we hash
 * the field as it is on the wire — gocmpp connect_test.go's 2.0 vector — and our client accepts
 * any AuthenticatorISMG on a 2.0 link rather than fail a login the gateway accepted.
 */
export function authenticatorIsmg(status: number, statusSize: 1 | 4, authSource: Buffer, secret: string): Buffer {
  const statusBytes = Buffer.alloc(statusSize);
  if (statusSize === 1) statusBytes.writeUInt8(status & 0xff);
  else statusBytes.writeUInt32BE(status >>> 0);
  return createHash('md5').update(statusBytes).update(authSource).update(Buffer.from(secret, 'utf8')).digest();
}
