import smpp, { type PDU, type Session as NpmSession } from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayProtocol, SimulatedGateway } from '../src/index.js';

/*
 * The acceptance check for the simulator, with an independent SMPP client (npm `smpp`
 * 0.5.1): it binds, sends 10,000 submits, and every DLR the simulator sends parses in that client
 * (its own receipt fields and the receipted_message_id / message_state TLVs).
 */
const SUBMITS = 10_000;
const IN_FLIGHT = 64;

let gateway: SimulatedGateway;
let client: NpmSession;

function send(command: string, options: Record<string, unknown> = {}): Promise<PDU> {
  return new Promise((resolve, reject) => {
    if (!client.send(new smpp.PDU(command, options), resolve)) reject(new Error(`could not send ${command}`));
  });
}

beforeAll(async () => {
  gateway = new SimulatedGateway({
    protocol: gatewayProtocol('smpp', '3.4'),
    accounts: [{ account: 'npmclient', secret: 'pw' }],
    behaviour: { dlrDelayMs: { min: 0, max: 200 }, dlrMix: { DELIVRD: 8, UNDELIV: 1, EXPIRED: 1 } },
  });
  await gateway.start();
  client = await new Promise<NpmSession>((resolve) => {
    const s = smpp.connect({ host: '127.0.0.1', port: gateway.port }, () => resolve(s));
  });
  client.on('error', () => undefined);
});

afterAll(async () => {
  if (!client.socket.destroyed) await new Promise<void>((resolve) => client.destroy(() => resolve()));
  await gateway.stop();
});

describe('npm smpp client against the simulator', () => {
  it('binds, submits 10,000 and parses every DLR', async () => {
    const receipts: { id: string; state: number; text: string }[] = [];
    client.on('deliver_sm', (pdu: PDU) => {
      const message = (pdu.short_message as { message: string }).message;
      receipts.push({ id: pdu.receipted_message_id as string, state: pdu.message_state as number, text: message });
      client.send(pdu.response());
    });

    const bound = await send('bind_transceiver', { system_id: 'npmclient', password: 'pw', interface_version: 0x34 });
    expect(bound.command_status).toBe(0);

    const ids: string[] = new Array(SUBMITS);
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < SUBMITS) {
          const i = next++;
          const resp = await send('submit_sm', {
            source_addr: '10690001',
            destination_addr: `86139${String(i).padStart(8, '0')}`,
            registered_delivery: 1,
            short_message: `message ${i}`,
          });
          expect(resp.command_status).toBe(0);
          ids[i] = resp.message_id as string;
        }
      }),
    );
    expect(new Set(ids).size).toBe(SUBMITS);

    await expect.poll(() => receipts.length).toBe(SUBMITS);
    expect(new Set(receipts.map((r) => r.id))).toEqual(new Set(ids));
    // message_state TLV: 2 DELIVERED, 3 EXPIRED, 5 UNDELIVERABLE — and the text agrees with it.
    const words: Record<number, string> = { 2: 'DELIVRD', 3: 'EXPIRED', 5: 'UNDELIV' };
    for (const receipt of receipts) {
      expect(words[receipt.state]).toBeDefined();
      expect(receipt.text).toContain(`id:${receipt.id} `);
      expect(receipt.text).toContain(`stat:${words[receipt.state]}`);
    }
    expect(receipts.filter((r) => r.state === 2).length).toBeGreaterThan(SUBMITS * 0.7);
    // Its last deliver_sm_resp may still be on the wire.
    await expect.poll(() => gateway.stats.reportsAcked).toBe(SUBMITS);
    expect(gateway.stats).toMatchObject({ submits: SUBMITS, accepted: SUBMITS, reportsAcked: SUBMITS, duplicates: 0 });

    const unbound = await send('unbind');
    expect(unbound.command_status).toBe(0);
  });
});
