import type { BindableSession, Pdu } from '@smshub/protocols';
import { authenticatorIsmg, type CmppPdu } from '@smshub/protocols/cmpp';
import { describe, expect, it } from 'vitest';
import { type CarrierChannelConfig, protocolSetup } from '../src/index.js';

const cmppChannel = (options: unknown): CarrierChannelConfig => ({
  id: '1',
  name: 'cmpp-zeros',
  protocol: 'cmpp',
  version: '3.0',
  host: '127.0.0.1',
  port: 7890,
  account: '900001',
  secret: '888888',
  spNumber: '10690001',
  serviceId: 'SMSHUB',
  options,
  maxBinds: 1,
  windowSize: 16,
  tps: 100,
});

/** A CMPP 3.0 gateway that accepts the login and answers AuthenticatorISMG as told. */
function gateway(authenticator: (connect: Extract<CmppPdu, { command: 'connect' }>) => Buffer): BindableSession<Pdu> {
  return {
    id: 'cmpp gateway',
    async request(pdu) {
      const connect = pdu as CmppPdu;
      if (connect.command !== 'connect') throw new Error(`unexpected ${connect.command}`);
      return {
        command: 'connect_resp',
        sequence: connect.sequence,
        status: 0,
        authenticatorIsmg: authenticator(connect),
        version: 0x30,
      } satisfies CmppPdu as Pdu;
    },
  };
}

describe('CMPP 3.0 AuthenticatorISMG check, per channel', () => {
  const zeros = gateway(() => Buffer.alloc(16));

  it('is on by default: a gateway sending zeros fails the bind', async () => {
    const setup = protocolSetup(cmppChannel({}));
    await expect(setup.binder.bind(zeros, setup.credentials)).rejects.toThrow(/AuthenticatorISMG does not match/);
  });

  it('a channel with verifyAuthenticatorIsmg: false binds to it', async () => {
    const setup = protocolSetup(cmppChannel({ verifyAuthenticatorIsmg: false }));
    await expect(setup.binder.bind(zeros, setup.credentials)).resolves.toEqual({ version: 0x30 });
  });

  it('a right authenticator binds either way', async () => {
    const right = gateway((connect) => authenticatorIsmg(0, 4, connect.authenticatorSource, '888888'));
    const setup = protocolSetup(cmppChannel({ verifyAuthenticatorIsmg: true }));
    await expect(setup.binder.bind(right, setup.credentials)).resolves.toEqual({ version: 0x30 });
  });
});
