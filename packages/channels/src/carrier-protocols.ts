import type { ChannelRow } from '@smshub/db';
import type { BindAcceptor, Binder, CarrierDialect, Pdu, SessionOptions } from '@smshub/protocols';
import { cmppBinder, cmppCarrierDialect } from '@smshub/protocols/cmpp';
import { cngpBinder, cngpCarrierDialect } from '@smshub/protocols/cngp';
import { sgipBinder, sgipCarrierDialect, sgipSessionDefaults } from '@smshub/protocols/sgip';
import { smgpBinder, smgpCarrierDialect } from '@smshub/protocols/smgp';
import { smppBinder, smppCarrierDialect } from '@smshub/protocols/smpp';
import type { TextEncoding } from '@smshub/sms';
import { z } from 'zod';

export const carrierProtocols = ['smpp', 'cmpp', 'sgip', 'smgp', 'cngp'] as const;
export type CarrierProtocol = (typeof carrierProtocols)[number];

/** A carrier channel as configured (the channels table). */
export interface CarrierChannelConfig {
  readonly id: string;
  readonly name: string;
  readonly protocol: CarrierProtocol;
  readonly version: string;
  readonly host: string;
  readonly port: number;
  readonly account: string;
  readonly secret: string;
  readonly spNumber: string;
  readonly serviceId: string | null;
  /** Protocol details (fee fields, SGIP node id and receiver …), validated per protocol below. */
  readonly options: unknown;
  readonly maxBinds: number;
  readonly windowSize: number;
  readonly tps: number;
}

/** A catalog channel as the carrier transport takes it (the protocol is checked by `protocolSetup`). */
export function carrierChannelConfig(channel: ChannelRow): CarrierChannelConfig {
  return {
    id: String(channel.id),
    name: channel.name,
    protocol: channel.protocol as CarrierProtocol,
    version: channel.protocolVersion,
    host: channel.host,
    port: channel.port,
    account: channel.account,
    secret: channel.secret,
    spNumber: channel.spNumber,
    serviceId: channel.serviceId,
    options: channel.options,
    maxBinds: channel.maxBinds,
    windowSize: channel.windowSize,
    tps: channel.tps,
  };
}

export class ChannelConfigError extends Error {
  override readonly name = 'ChannelConfigError';
  constructor(channel: string, message: string) {
    super(`channel ${channel}: ${message}`);
  }
}

/** Everything the transport needs to run one protocol: how to bind, what to send, how to read. */
export interface ProtocolSetup<P extends Pdu = Pdu> {
  readonly dialect: CarrierDialect<P>;
  readonly binder: Binder<P, unknown>;
  readonly credentials: unknown;
  readonly session: Partial<Omit<SessionOptions, 'id'>>;
  /** Encodings the gateway accepts, cheapest first. */
  readonly encodings: readonly TextEncoding[];
  /** How the gateway wants recipient numbers: national 11 digits or E.164 digits. */
  readonly numbers: 'national' | 'e164';
  /** SGIP: the server the SMG connects back to with MO and reports. */
  readonly receiver?: {
    readonly host: string;
    readonly port: number;
    readonly acceptor: BindAcceptor<P>;
    readonly loginName: string;
    readonly password: string;
  };
}

const feeText = z.string().regex(/^\d{1,6}$/, 'digits only');

const smppOptions = z
  .object({
    systemType: z.string().max(12).optional(),
    sourceTon: z.number().int().min(0).max(6).optional(),
    sourceNpi: z.number().int().min(0).max(18).optional(),
    destinationTon: z.number().int().min(0).max(6).optional(),
    destinationNpi: z.number().int().min(0).max(18).optional(),
    concatenation: z.enum(['udh', 'sar']).optional(),
    receiptUtcOffsetMinutes: z.number().int().min(-720).max(840).optional(),
    numbers: z.enum(['national', 'e164']).optional(),
  })
  .strict();

const cmppOptions = z
  .object({
    spId: z.string().min(1).max(6).optional(),
    feeUserType: z.number().int().min(0).max(3).optional(),
    feeType: z.enum(['01', '02', '03', '04', '05']).optional(),
    feeCode: feeText.optional(),
    feeTerminalId: z.string().max(32).optional(),
    linkId: z.string().max(20).optional(),
    /** 3.0: check the gateway's AuthenticatorISMG (default true); false for gateways that send zeros. */
    verifyAuthenticatorIsmg: z.boolean().optional(),
  })
  .strict();

const sgipOptions = z
  .object({
    nodeId: z.number().int().min(0).max(0xffffffff),
    corpId: z.string().regex(/^\d{5}$/, 'five digits'),
    serviceType: z.string().max(10).optional(),
    feeType: z.number().int().min(0).max(5).optional(),
    feeValue: feeText.optional(),
    chargeNumber: z.string().max(21).optional(),
    receiver: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535),
        loginName: z.string().min(1),
        password: z.string(),
      })
      .strict(),
  })
  .strict();

const smgpOptions = z
  .object({
    feeType: z.enum(['00', '01', '02', '03']).optional(),
    feeCode: feeText.optional(),
    fixedFee: feeText.optional(),
    chargeTermId: z.string().max(21).optional(),
    msgSrc: z.string().max(8).optional(),
    linkId: z.string().max(20).optional(),
  })
  .strict();

const cngpOptions = z
  .object({
    spId: z.string().min(1).max(10).optional(),
    feeType: z.enum(['00', '01', '02', '03']).optional(),
    feeUserType: z.number().int().min(0).max(3).optional(),
    feeCode: feeText.optional(),
    chargeTermId: z.string().max(21).optional(),
    subType: z.number().int().min(0).max(3).optional(),
  })
  .strict();

function parseOptions<T>(config: CarrierChannelConfig, schema: z.ZodType<T>): T {
  const result = schema.safeParse(config.options ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    throw new ChannelConfigError(config.name, `bad ${config.protocol} options: ${issues}`);
  }
  return result.data;
}

function versionByte(config: CarrierChannelConfig, allowed: readonly string[]): number {
  if (!allowed.includes(config.version)) {
    throw new ChannelConfigError(
      config.name,
      `${config.protocol} has no version "${config.version}" (known: ${allowed.join(', ')})`,
    );
  }
  const [major, minor] = config.version.split('.');
  return (Number(major) << 4) | Number(minor ?? '0');
}

function requireServiceId(config: CarrierChannelConfig): string {
  if (config.serviceId === null || config.serviceId === '')
    throw new ChannelConfigError(config.name, `${config.protocol} needs a service id`);
  return config.serviceId;
}

/** Longest account name and secret each protocol's login can carry. */
const CREDENTIAL_LIMITS: Record<
  CarrierProtocol,
  { readonly account: number; readonly secret: number; readonly accountName: string }
> = {
  smpp: { account: 15, secret: 8, accountName: 'system_id' },
  cmpp: { account: 6, secret: 64, accountName: 'SP_Id' },
  sgip: { account: 16, secret: 16, accountName: 'login name' },
  smgp: { account: 8, secret: 15, accountName: 'ClientID' },
  cngp: { account: 10, secret: 15, accountName: 'ClientID' },
};

function checkCredentials(config: CarrierChannelConfig): void {
  const limits = CREDENTIAL_LIMITS[config.protocol];
  if (config.account.length === 0 || config.account.length > limits.account) {
    throw new ChannelConfigError(
      config.name,
      `${config.protocol} ${limits.accountName} must be 1–${limits.account} characters, got ${config.account.length}`,
    );
  }
  if (config.secret.length > limits.secret) {
    throw new ChannelConfigError(
      config.name,
      `${config.protocol} password / secret must be at most ${limits.secret} characters, got ${config.secret.length}`,
    );
  }
}

/** Builds the protocol set-up for a channel, or throws ChannelConfigError naming what is wrong. */
export function protocolSetup(config: CarrierChannelConfig): ProtocolSetup {
  checkCredentials(config);
  const window = { window: config.windowSize };
  switch (config.protocol) {
    case 'smpp': {
      const o = parseOptions(config, smppOptions);
      const version = versionByte(config, ['3.3', '3.4', '5.0']) as 0x33 | 0x34 | 0x50;
      return widen({
        dialect: smppCarrierDialect({
          version,
          source: { ton: o.sourceTon ?? 1, npi: o.sourceNpi ?? 1 },
          destination: { ton: o.destinationTon ?? 1, npi: o.destinationNpi ?? 1 },
          concatenation: o.concatenation ?? 'udh',
          receiptUtcOffsetMinutes: o.receiptUtcOffsetMinutes ?? 0,
        }),
        binder: smppBinder(version),
        credentials: {
          systemId: config.account,
          password: config.secret,
          systemType: o.systemType ?? '',
          mode: 'transceiver',
        },
        session: { ...window, keepAliveIntervalMs: 30_000 },
        encodings: ['gsm7', 'ucs2'],
        numbers: o.numbers ?? 'e164',
      });
    }
    case 'cmpp': {
      const o = parseOptions(config, cmppOptions);
      const version = versionByte(config, ['2.0', '3.0']) as 0x20 | 0x30;
      const spId = o.spId ?? config.account;
      return widen({
        dialect: cmppCarrierDialect({
          version,
          spId,
          serviceId: requireServiceId(config),
          srcId: config.spNumber,
          ...(o.feeUserType === undefined ? {} : { feeUserType: o.feeUserType }),
          ...(o.feeType === undefined ? {} : { feeType: o.feeType }),
          ...(o.feeCode === undefined ? {} : { feeCode: o.feeCode }),
          ...(o.feeTerminalId === undefined ? {} : { feeTerminalId: o.feeTerminalId }),
          ...(o.linkId === undefined ? {} : { linkId: o.linkId }),
        }),
        binder: cmppBinder({
          version,
          ...(o.verifyAuthenticatorIsmg === undefined ? {} : { verifyAuthenticatorIsmg: o.verifyAuthenticatorIsmg }),
        }),
        credentials: { spId: config.account, secret: config.secret },
        // CMPP: ACTIVE_TEST after 3 minutes of silence is the spec's advice; gateways often cut
        // idle links sooner, so probe every minute.
        session: { ...window, keepAliveIntervalMs: 60_000 },
        encodings: ['ascii', 'ucs2', 'gbk'],
        numbers: 'national',
      });
    }
    case 'sgip': {
      const o = parseOptions(config, sgipOptions);
      versionByte(config, ['1.2']);
      const dialect = sgipCarrierDialect({
        nodeId: o.nodeId,
        spNumber: config.spNumber,
        corpId: o.corpId,
        serviceType: o.serviceType ?? requireServiceId(config),
        ...(o.feeType === undefined ? {} : { feeType: o.feeType }),
        ...(o.feeValue === undefined ? {} : { feeValue: o.feeValue }),
        ...(o.chargeNumber === undefined ? {} : { chargeNumber: o.chargeNumber }),
      });
      return widen({
        dialect,
        binder: sgipBinder(),
        credentials: { loginName: config.account, password: config.secret, loginType: 1 },
        session: { ...sgipSessionDefaults, ...window },
        encodings: ['ascii', 'ucs2', 'gbk'],
        numbers: 'national',
        receiver: { ...o.receiver, acceptor: dialect.callbackAcceptor },
      });
    }
    case 'smgp': {
      const o = parseOptions(config, smgpOptions);
      const version = versionByte(config, ['2.0', '3.0']) as 0x20 | 0x30;
      return widen({
        dialect: smgpCarrierDialect({ version, serviceId: requireServiceId(config), ...o }),
        binder: smgpBinder({ version }),
        credentials: { clientId: config.account, secret: config.secret, mode: 'transceiver' },
        session: { ...window, keepAliveIntervalMs: 60_000 },
        encodings: ['ascii', 'ucs2', 'gbk'],
        numbers: 'national',
      });
    }
    case 'cngp': {
      const o = parseOptions(config, cngpOptions);
      versionByte(config, ['2.0']);
      return widen({
        dialect: cngpCarrierDialect({ spId: o.spId ?? config.account, serviceId: requireServiceId(config), ...o }),
        binder: cngpBinder(),
        credentials: { clientId: config.account, secret: config.secret, mode: 'transceiver' },
        session: { ...window, keepAliveIntervalMs: 60_000 },
        encodings: ['ascii', 'ucs2', 'gbk'],
        numbers: 'national',
      });
    }
  }
}

/** Each protocol's PDU type narrows Pdu; the transport only hands PDUs back to the same dialect. */
function widen<P extends Pdu, C>(
  setup: Omit<ProtocolSetup<P>, 'binder' | 'credentials'> & { binder: Binder<P, C>; credentials: C },
): ProtocolSetup {
  return setup as unknown as ProtocolSetup;
}
