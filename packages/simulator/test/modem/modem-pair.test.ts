import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { ModemSimulator, startModemControlServer, startModemPair, type ModemPair } from '../../src/modem/index.js';
import { existsSync, lstatSync, mkdtempSync, readlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type http from 'node:http';

const pairs: ModemPair[] = [];
const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(pairs.splice(0).map((pair) => pair.stop()));
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function open(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 115_200, autoOpen: false });
  return new Promise((resolve, reject) => port.open((error) => (error === null ? resolve(port) : reject(error))));
}

function close(port: SerialPort): Promise<void> {
  return new Promise((resolve) => port.close(() => resolve()));
}

/** Sends `line` and collects what comes back until `until`. */
function exchange(port: SerialPort, line: string, until = 'OK\r\n'): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      if (!text.includes(until)) return;
      port.off('data', onData);
      resolve(text);
    };
    port.on('data', onData);
    port.write(`${line}\r`);
  });
}

describe('startModemPair (socat pseudo-terminals)', () => {
  it('puts the simulator on one end and hands out the other', async () => {
    const pair = await startModemPair(new ModemSimulator({ id: 'pty' }));
    pairs.push(pair);
    expect(pair.path).not.toBe(pair.simulatorPath);
    const port = await open(pair.path);
    expect(await exchange(port, 'ATE0')).toBe('ATE0\r\r\nOK\r\n');
    expect(await exchange(port, 'AT+CSQ')).toBe('\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
    await close(port);
    // A driver that closes and reopens its port (hot remove, then add) finds the modem again.
    const again = await open(pair.path);
    expect(await exchange(again, 'AT')).toBe('\r\nOK\r\n');
    await close(again);
    expect(pair.simulator.stats.commands).toBe(3);
  });

  it('hands out a fixed link path that survives starting the pair anew', async () => {
    const link = join(mkdtempSync(join(tmpdir(), 'modem-link-')), 'modem-a');
    writeFileSync(link, 'stale'); // left behind by a socat that was killed
    const first = await startModemPair(new ModemSimulator({ id: 'a' }), { link });
    expect(first.path).toBe(link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    const port = await open(link);
    expect(await exchange(port, 'AT')).toBe('AT\r\r\nOK\r\n');
    await close(port);
    await first.stop();
    expect(existsSync(link)).toBe(false);

    const second = await startModemPair(new ModemSimulator({ id: 'a' }), { link });
    pairs.push(second);
    const again = await open(link);
    expect(await exchange(again, 'AT')).toBe('AT\r\r\nOK\r\n');
    await close(again);
    expect(second.simulator.stats.commands).toBe(1);
  });

  it('returns only once the link points at the reported terminal, not at a stale file', async () => {
    // socat reports the terminals before it makes the link; this stand-in widens that gap, so a
    // stale regular file at the link path is still there when the terminals are reported.
    const lateLinkSocat = fileURLToPath(new URL('./late-link-socat.mjs', import.meta.url));
    const link = join(mkdtempSync(join(tmpdir(), 'modem-link-')), 'modem-b');
    writeFileSync(link, 'stale');
    // socat itself may be slow to start on a busy machine; the wait for the link shares this budget.
    const pair = await startModemPair(new ModemSimulator({ id: 'b' }), {
      link,
      socat: lateLinkSocat,
      startTimeoutMs: 30_000,
    });
    pairs.push(pair);
    expect(pair.path).toBe(link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(pair.terminal);
    const port = await open(link);
    expect(await exchange(port, 'AT')).toBe('AT\r\r\nOK\r\n');
    await close(port);
  });

  it.each(['', '/tmp/a,b', '/tmp/a:b', '/tmp/a b'])('refuses the link path %j', async (link) => {
    await expect(startModemPair(new ModemSimulator(), { link })).rejects.toThrow(/modem pair: link path/);
  });

  it('says so when socat cannot be run', async () => {
    await expect(startModemPair(new ModemSimulator(), { socat: '/nonexistent/socat' })).rejects.toThrow(
      /cannot run socat/,
    );
  });
});

describe('modem control API', () => {
  it('reads counters, injects faults and pushes MO', async () => {
    const sim = new ModemSimulator({ id: 'm1' });
    const server = await startModemControlServer(new Map([['m1', sim]]), 0);
    servers.push(server);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const list = (await (await fetch(`${base}/modems`)).json()) as Array<{ id: string }>;
    expect(list.map((modem) => modem.id)).toEqual(['m1']);

    const faults = await fetch(`${base}/modems/m1/faults`, {
      method: 'POST',
      body: JSON.stringify({ registration: 'denied', rejectSends: 500 }),
    });
    expect(faults.status).toBe(200);
    expect(sim.faults).toMatchObject({ registration: 'denied', rejectSends: 500 });

    const bad = await fetch(`${base}/modems/m1/faults`, { method: 'POST', body: JSON.stringify({ sim: 'melted' }) });
    expect(bad.status).toBe(400);

    sim.setFaults({ registration: 'registered' });
    const mo = (await (
      await fetch(`${base}/modems/m1/mo`, { method: 'POST', body: JSON.stringify({ from: '10086', text: 'hi' }) })
    ).json()) as { pdus: string[] };
    expect(mo.pdus).toHaveLength(1);
    expect(sim.storage.used).toBe(1);

    expect((await fetch(`${base}/modems/nope`)).status).toBe(404);
  });
});
