import { describe, it } from 'vitest';
import {
  cngpBinder,
  cngpCarrierDialect,
  cngpGatewayDialect,
  type CngpCredentials,
  type CngpPdu,
} from '@smshub/protocols/cngp';
import { runLoopback } from '../smgp/gateway-loopback.js';

describe('CNGP loopback through the session engine', () => {
  it('bind, refusal, 200 submits, reports, MO, keep-alive, exit', async () => {
    await runLoopback<CngpPdu, CngpCredentials>({
      name: 'cngp',
      carrier: cngpCarrierDialect({ spId: 'SP00001', serviceId: 'HELP' }),
      gateway: cngpGatewayDialect({ gatewayCode: '010061' }),
      binder: cngpBinder(),
      account: 'cngp012345',
      secret: 'pass1234',
      credentials: (secret) => ({ clientId: 'cngp012345', secret }),
      refusedStatus: 21,
      mo: {
        protocol: 'cngp',
        from: '13300133000',
        to: '106900018801',
        encoding: 'gbk',
        content: Buffer.from('d6d0cec4b6ccd0c5', 'hex'),
        concat: { ref: 3, total: 2, seq: 1 },
      },
    });
  });
});
