import { describe, it } from 'vitest';
import {
  smgpBinder,
  smgpCarrierDialect,
  smgpGatewayDialect,
  type SmgpCredentials,
  type SmgpPdu,
} from '@smshub/protocols/smgp';
import { runLoopback } from './gateway-loopback.js';

describe('SMGP loopback through the session engine', () => {
  it.each([
    ['3.0', 0x30],
    ['2.0', 0x20],
  ] as const)('SMGP %s: bind, refusal, 200 submits, reports, MO, keep-alive, exit', async (_name, version) => {
    await runLoopback<SmgpPdu, SmgpCredentials>({
      name: 'smgp',
      carrier: smgpCarrierDialect({ version, serviceId: 'TEST', msgSrc: 'SP0001' }),
      gateway: smgpGatewayDialect({ version, smgwCode: '010061' }),
      binder: smgpBinder({ version }),
      account: '12345678',
      secret: 'secret',
      credentials: (secret) => ({ clientId: '12345678', secret }),
      refusedStatus: 21,
      mo: {
        protocol: 'smgp',
        from: '13900139000',
        to: '106900018801',
        encoding: 'ucs2',
        content: Buffer.from('4f60597d4e16754c', 'hex'),
        concat: { ref: 9, total: 2, seq: 2 },
      },
    });
  });
});
