import type { Binder, Pdu } from '@smshub/protocols';
import { cmppGatewayDialect } from '@smshub/protocols/cmpp';
import { cngpGatewayDialect } from '@smshub/protocols/cngp';
import { sgipBinder, sgipGatewayDialect } from '@smshub/protocols/sgip';
import { smgpGatewayDialect } from '@smshub/protocols/smgp';
import { smppGatewayDialect } from '@smshub/protocols/smpp';
import type { CallbackTarget, GatewayProtocol } from './gateway.js';

export const protocolNames = ['smpp', 'cmpp', 'sgip', 'smgp', 'cngp'] as const;
export type ProtocolName = (typeof protocolNames)[number];

/** Versions each protocol speaks, as the wire carries them. */
export const protocolVersions: Record<ProtocolName, readonly string[]> = {
  smpp: ['3.3', '3.4', '5.0'],
  cmpp: ['2.0', '3.0'],
  sgip: ['1.2'],
  smgp: ['2.0', '3.0'],
  cngp: ['2.0'],
};

export const defaultVersion: Record<ProtocolName, string> = {
  smpp: '3.4',
  cmpp: '3.0',
  sgip: '1.2',
  smgp: '3.0',
  cngp: '2.0',
};

export interface GatewayIdentity {
  /** SMPP system_id of the gateway itself. */
  readonly systemId?: string;
  /** Gateway code in CMPP / SMGP / CNGP message ids, SGIP node id. */
  readonly gatewayCode?: string;
  /**
   * CMPP, SMGP, CNGP: how far a login timestamp may be from the gateway's clock, ms; default 10
   * minutes, null accepts any (SMPP and SGIP logins carry no timestamp). Decision 0150.
   */
  readonly maxClockSkewMs?: number | null;
}

/** "3.4" → 0x34 */
function versionByte(version: string): number {
  const [major, minor] = version.split('.');
  return (Number(major) << 4) | Number(minor ?? '0');
}

/**
 * The gateway side of one protocol and version, ready for SimulatedGateway. Throws for a
 * version the protocol does not have.
 */
export function gatewayProtocol(
  name: ProtocolName,
  version = defaultVersion[name],
  identity: GatewayIdentity = {},
): GatewayProtocol {
  if (!protocolVersions[name].includes(version)) {
    throw new Error(`${name} has no version ${version} (known: ${protocolVersions[name].join(', ')})`);
  }
  const byte = versionByte(version);
  switch (name) {
    case 'smpp':
      return widen({
        name,
        dialect: smppGatewayDialect({
          systemId: identity.systemId ?? 'SMSHUBSIM',
          version: byte as 0x33 | 0x34 | 0x50,
        }),
        textEncodings: ['gsm7', 'ucs2'],
      });
    case 'cmpp':
      return widen({
        name,
        dialect: cmppGatewayDialect({
          version: byte as 0x20 | 0x30,
          gatewayCode: Number(identity.gatewayCode ?? '1001'),
          maxClockSkewMs: identity.maxClockSkewMs,
        }),
        textEncodings: ['ascii', 'ucs2'],
      });
    case 'sgip':
      return widen({
        name,
        dialect: sgipGatewayDialect({ nodeId: Number(identity.gatewayCode ?? '3010099999') }),
        textEncodings: ['ascii', 'ucs2'],
        callbackBinder: {
          bind: (session, target: CallbackTarget) =>
            sgipBinder().bind(session, { loginName: target.account, password: target.secret, loginType: 2 }),
        },
      });
    case 'smgp':
      return widen({
        name,
        dialect: smgpGatewayDialect({
          version: byte as 0x20 | 0x30,
          smgwCode: identity.gatewayCode ?? '010061',
          maxClockSkewMs: identity.maxClockSkewMs,
        }),
        textEncodings: ['ascii', 'ucs2'],
      });
    case 'cngp':
      return widen({
        name,
        dialect: cngpGatewayDialect({
          gatewayCode: identity.gatewayCode ?? '100001',
          maxClockSkewMs: identity.maxClockSkewMs,
        }),
        textEncodings: ['ascii', 'ucs2'],
      });
  }
}

/** Each protocol's PDU type narrows Pdu; the gateway only passes PDUs back to the same dialect. */
function widen<P extends Pdu>(
  protocol: GatewayProtocol<P> & { callbackBinder?: Binder<P, CallbackTarget> },
): GatewayProtocol {
  return protocol as unknown as GatewayProtocol;
}
