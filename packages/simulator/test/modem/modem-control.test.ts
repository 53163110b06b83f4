import type net from 'node:net';
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ModemSimulator, startModemControlServer } from '../../src/modem/index.js';

const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function control(): Promise<{ sim: ModemSimulator; base: string }> {
  const sim = new ModemSimulator({ id: 'm1' });
  const server = await startModemControlServer(new Map([['m1', sim]]), 0);
  servers.push(server);
  return { sim, base: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/modems` };
}

const post = (url: string, body: string) => fetch(url, { method: 'POST', body });
const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

describe('modem control API', () => {
  it('lists the modems and changes a fault', async () => {
    const { sim, base } = await control();
    const list = (await (await fetch(base)).json()) as { id: string }[];
    expect(list.map((modem) => modem.id)).toEqual(['m1']);
    const changed = await post(`${base}/m1/faults`, JSON.stringify({ signal: 7, registration: 'roaming' }));
    expect(changed.status).toBe(200);
    expect(sim.faults).toMatchObject({ signal: 7, registration: 'roaming' });
    const one = (await (await fetch(`${base}/m1`)).json()) as { id: string; submits: unknown[] };
    expect(one).toMatchObject({ id: 'm1', submits: [] });
  });

  it('answers bad requests with a 4xx naming the problem and changes nothing', async () => {
    const { sim, base } = await control();
    const before = { ...sim.faults };
    const badJson = await post(`${base}/m1/faults`, '{"signal":');
    expect([badJson.status, await errorCode(badJson)]).toEqual([400, 'bad_json']);
    const invalid = await post(`${base}/m1/faults`, JSON.stringify({ signal: 100 }));
    expect([invalid.status, await errorCode(invalid)]).toEqual([400, 'invalid']);
    const unknownField = await post(`${base}/m1/faults`, JSON.stringify({ battery: 'low' }));
    expect(unknownField.status).toBe(400);
    const tooLarge = await post(`${base}/m1/mo`, JSON.stringify({ from: '13800138000', text: 'x'.repeat(70_000) }));
    expect([tooLarge.status, await errorCode(tooLarge)]).toEqual([413, 'too_large']);
    const wrongMethod = await fetch(`${base}/m1/faults`, { method: 'PUT', body: '{}' });
    expect([wrongMethod.status, await errorCode(wrongMethod)]).toEqual([405, 'method_not_allowed']);
    expect((await fetch(`${base}/m2`)).status).toBe(404);
    expect((await post(`${base}/m1/reboot`, '{}')).status).toBe(404);
    expect(sim.faults).toEqual(before);
  });
});
