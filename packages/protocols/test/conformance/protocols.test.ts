import type { Binder, Pdu } from '../../src/index.js';
import { cmppBinder, cmppCarrierDialect, cmppGatewayDialect, type CmppVersion } from '../../src/cmpp/index.js';
import { cngpBinder, cngpCarrierDialect, cngpGatewayDialect } from '../../src/cngp/index.js';
import { sgipCarrierDialect, sgipGatewayDialect, sgipSessionDefaults } from '../../src/sgip/index.js';
import { smgpBinder, smgpCarrierDialect, smgpGatewayDialect, type SmgpVersion } from '../../src/smgp/index.js';
import { smppBinder, smppCarrierDialect, smppGatewayDialect, CommandStatus } from '../../src/smpp/index.js';
import type { SmppVersion } from '../../src/smpp/index.js';
import { describeConformance } from './suite.js';

/** The five protocols, every version a channel may speak, through the one suite. */

const national = (i: number) => `138${String(i).padStart(8, '0')}`;
const UCS2_NI_HAO_SHI_JIE = Buffer.from('4f60597d4e16754c', 'hex');

// SMPP 3.3 has no transceiver bind, so reports cannot come back on the submitting session; its
// transmitter + receiver pair is covered in ../smpp/loopback.test.ts.
for (const version of [0x34, 0x50] as SmppVersion[]) {
  describeConformance({
    name: `SMPP ${(version >> 4).toString()}.${(version & 0xf).toString()}`,
    carrier: smppCarrierDialect({ version }),
    gateway: smppGatewayDialect({ systemId: 'SMSC', version, node: 3 }),
    binder: smppBinder(version),
    account: 'esme01',
    secret: 'secret',
    credentials: (password) => ({ systemId: 'esme01', password, mode: 'transceiver' as const }),
    wrongSecretStatus: CommandStatus.ESME_RINVPASWD,
    messageId: /^[0-9a-f]{16}$/,
    recipient: (i) => `86${national(i)}`,
    textEncoding: 'gsm7',
    mo: {
      protocol: 'smpp',
      from: '8613912345678',
      to: '10690001',
      encoding: 'ucs2',
      content: UCS2_NI_HAO_SHI_JIE,
      concat: { ref: 9, total: 2, seq: 2 },
    },
  });
}

for (const version of [0x30, 0x20] as CmppVersion[]) {
  describeConformance({
    name: `CMPP ${version === 0x30 ? '3.0' : '2.0'}`,
    carrier: cmppCarrierDialect({ version, spId: '900001', serviceId: 'MHE0010', srcId: '1069000188' }),
    gateway: cmppGatewayDialect({ version, gatewayCode: 0x1234 }),
    binder: cmppBinder({ version }),
    account: '900001',
    secret: 'secret88',
    credentials: (secret) => ({ spId: '900001', secret }),
    wrongSecretStatus: 3,
    messageId: /^\d{1,20}$/,
    recipient: national,
    textEncoding: 'ascii',
    mo: {
      protocol: 'cmpp',
      from: '13912345678',
      to: '106900018801',
      encoding: 'ucs2',
      content: UCS2_NI_HAO_SHI_JIE,
      concat: { ref: 7, total: 2, seq: 1 },
    },
  });
}

{
  const carrier = sgipCarrierDialect({ nodeId: 3010012345, spNumber: '10655', corpId: '12345', serviceType: 'NOTICE' });
  const gateway = sgipGatewayDialect({ nodeId: 101001 });
  describeConformance({
    name: 'SGIP 1.2',
    carrier,
    gateway,
    binder: carrier.binder,
    account: 'sp001',
    secret: 'secret',
    credentials: (password) => carrier.submitCredentials('sp001', password),
    wrongSecretStatus: 1,
    messageId: /^\d+:\d{10}:\d+$/,
    recipient: (i) => `130${String(i).padStart(8, '0')}`,
    textEncoding: 'ascii',
    session: sgipSessionDefaults,
    mo: {
      protocol: 'sgip',
      from: '13012345678',
      to: '10655001',
      encoding: 'ucs2',
      content: UCS2_NI_HAO_SHI_JIE,
      concat: { ref: 77, total: 3, seq: 2 },
    },
    callback: {
      acceptor: carrier.callbackAcceptor,
      binder: gateway.callbackBinder as Binder<Pdu, unknown> as never,
      account: 'smg',
      secret: 'cbsecret',
      credentials: gateway.callbackCredentials('smg', 'cbsecret'),
    },
  });
}

for (const version of [0x30, 0x20] as SmgpVersion[]) {
  describeConformance({
    name: `SMGP ${version === 0x30 ? '3.0' : '2.0'}`,
    carrier: smgpCarrierDialect({ version, serviceId: 'TEST', msgSrc: 'SP0001' }),
    gateway: smgpGatewayDialect({ version, smgwCode: '010061' }),
    binder: smgpBinder({ version }),
    account: '12345678',
    secret: 'secret',
    credentials: (secret) => ({ clientId: '12345678', secret }),
    wrongSecretStatus: 21,
    messageId: /^[0-9a-f]{20}$/,
    recipient: (i) => `133${String(i).padStart(8, '0')}`,
    textEncoding: 'ascii',
    mo: {
      protocol: 'smgp',
      from: '13300133000',
      to: '106900018801',
      encoding: 'ucs2',
      content: UCS2_NI_HAO_SHI_JIE,
      concat: { ref: 9, total: 2, seq: 2 },
    },
  });
}

describeConformance({
  name: 'CNGP 2.0',
  carrier: cngpCarrierDialect({ spId: 'SP00001', serviceId: 'HELP' }),
  gateway: cngpGatewayDialect({ gatewayCode: '010061' }),
  binder: cngpBinder(),
  account: 'cngp012345',
  secret: 'pass1234',
  credentials: (secret) => ({ clientId: 'cngp012345', secret }),
  wrongSecretStatus: 21,
  messageId: /^[0-9a-f]{20}$/,
  recipient: (i) => `189${String(i).padStart(8, '0')}`,
  textEncoding: 'ascii',
  mo: {
    protocol: 'cngp',
    from: '13300133000',
    to: '106900018801',
    encoding: 'gbk',
    content: Buffer.from('d6d0cec4b6ccd0c5', 'hex'),
    concat: { ref: 3, total: 2, seq: 1 },
  },
});
