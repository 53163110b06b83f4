import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connectAndBind, type InboundEvent, type StatusReport } from '@smshub/protocols';
import { type SmppPdu, smppBinder, smppCarrierDialect } from '@smshub/protocols/smpp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gatewayProtocol, SimulatedGateway } from '../../src/index.js';

/*
 * Interop with a second independent SMPP 3.4 implementation: Perl's Net::SMPP 1.19, Debian's
 * libnet-smpp-perl (`apt-get install libnet-smpp-perl`; .ci/run installs it), driven by
 * net-smpp-peer.pl beside this file, over real TCP on 127.0.0.1:
 *   (a) its ESME against our SMSC (the simulator): bind, 500 submits in a window of 10, every
 *       receipt read and answered, enquire_link, unbind; and a wrong password refused;
 *   (b) our ESME (engine client, smppBinder, carrier dialect) against its SMSC: bind, 200
 *       submits in a window of 10, its receipts parsed into status reports, enquire_link, unbind.
 */

const PEER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'net-smpp-peer.pl');
const run = promisify(execFile);

beforeAll(async () => {
  const check = await run('perl', ['-MNet::SMPP', '-e', 'print $Net::SMPP::VERSION']).catch((error: unknown) => ({
    stdout: '',
    error,
  }));
  if (check.stdout !== '1.19') {
    throw new Error(
      `these tests need Perl's Net::SMPP 1.19 (apt-get install libnet-smpp-perl); found: ${check.stdout || String((check as { error?: unknown }).error)}`,
    );
  }
});

/** Lines the peer printed, split into words. */
function events(stdout: string): string[][] {
  return stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(' '));
}

describe('Net::SMPP as the ESME against our simulated SMSC', () => {
  let gateway: SimulatedGateway;

  beforeAll(async () => {
    gateway = new SimulatedGateway({
      protocol: gatewayProtocol('smpp', '3.4'),
      accounts: [{ account: 'perlesme', secret: 'pw-perl' }],
      behaviour: { dlrDelayMs: { min: 0, max: 100 } },
    });
    await gateway.start();
  });
  afterAll(() => gateway.stop());

  it('binds, submits 500 in a window of 10, reads and answers every receipt, keeps alive and unbinds', async () => {
    const { stdout } = await run('perl', [
      PEER,
      'esme',
      '127.0.0.1',
      String(gateway.port),
      'perlesme',
      'pw-perl',
      '500',
      '10',
    ]);
    const lines = events(stdout);
    expect(lines[0]).toEqual(['bind', '0', expect.any(String)]);
    const submitted = lines.filter((l) => l[0] === 'submitted');
    expect(submitted).toHaveLength(500);
    expect(submitted.every((l) => l[1] === '0')).toBe(true);
    const ids = new Set(submitted.map((l) => l[2]));
    expect(ids.size).toBe(500);
    // Every receipt is a status report (esm_class 0x04) for one of the ids it was given.
    const receipts = lines.filter((l) => l[0] === 'receipt');
    expect(receipts).toHaveLength(500);
    expect(receipts.every((l) => l[1] === '4')).toBe(true);
    const receipted = new Set(receipts.map((l) => /^id:(\S+)$/.exec(l[2] ?? '')?.[1]));
    expect(receipted).toEqual(ids);
    expect(receipts.every((l) => l.some((word) => word === 'stat:DELIVRD'))).toBe(true);
    expect(lines.slice(-2)).toEqual([
      ['enquire_link_resp', '0'],
      ['unbind_resp', '0'],
    ]);
    expect(gateway.stats).toMatchObject({ accepted: 500, reportsAcked: 500 });
  });

  it('refuses a wrong password with ESME_RINVPASWD', async () => {
    const { stdout } = await run('perl', [
      PEER,
      'esme',
      '127.0.0.1',
      String(gateway.port),
      'perlesme',
      'wrong',
      '1',
      '1',
    ]);
    expect(events(stdout)[0]?.slice(0, 2)).toEqual(['bind', String(0x0e)]);
  });
});

describe('our ESME against Net::SMPP as the SMSC', () => {
  it('binds, submits 200 in a window of 10, parses every receipt into a status report, keeps alive and unbinds', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'net-smpp-'));
    const portFile = path.join(folder, 'port');
    const peer = spawn('perl', [PEER, 'smsc', portFile, 'ouresme', 'pw-ours'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    peer.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    peer.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => peer.on('exit', resolve));
    try {
      // The peer writes the port file by rename, so once it exists it is whole.
      await vi.waitFor(
        () => {
          if (!existsSync(portFile)) throw new Error(`the Net::SMPP SMSC did not start: ${stderr}`);
        },
        { timeout: 30_000, interval: 20 },
      );
      const port = Number(readFileSync(portFile, 'utf8').trim());
      const carrier = smppCarrierDialect();
      const inbound: InboundEvent<SmppPdu>[] = [];
      const { session, bind } = await connectAndBind({
        protocol: carrier.protocol,
        binder: smppBinder(0x34),
        credentials: { systemId: 'ouresme', password: 'pw-ours', mode: 'transceiver' },
        host: '127.0.0.1',
        port,
        name: 'net-smpp-smsc',
        session: { window: 10, keepAliveIntervalMs: 0, responseTimeoutMs: 5_000 },
        handler: (request) => {
          inbound.push(carrier.inbound(request));
          return carrier.inboundReply(request, true);
        },
      });
      expect(bind).toEqual({ version: 0x34, peer: 'NETSMPP' });

      const text = (i: number) => `【互通】验证码 ${100000 + i}`;
      const outcomes = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const pdu = carrier.submit({
            to: `86139${String(i).padStart(8, '0')}`,
            from: '10690001',
            encoding: 'ucs2',
            payload: Buffer.from(text(i), 'utf16le').swap16(),
            udh: null,
            part: null,
            wantReport: true,
            priority: 0,
          });
          return carrier.submitOutcome(pdu, await session.request(pdu));
        }),
      );
      const ids = outcomes.map((o) => (o.ok ? o.carrierMessageId : `failed ${o.status}`));
      expect(new Set(ids).size).toBe(200);

      await expect.poll(() => inbound.length, { message: 'receipts that arrived' }).toBeGreaterThanOrEqual(200);
      const reports: StatusReport[] = inbound.flatMap((e) => (e.kind === 'report' ? [e.report] : []));
      expect(reports).toHaveLength(200);
      expect(new Set(reports.map((r) => r.carrierMessageId))).toEqual(new Set(ids));
      expect(reports.every((r) => r.state === 'DELIVRD')).toBe(true);
      expect(reports.find((r) => r.carrierMessageId === ids[7])).toMatchObject({
        recipient: '8613900000007',
        submittedAt: new Date('2024-01-02T03:04:00Z'),
        doneAt: new Date('2024-01-02T03:05:00Z'),
      });

      const probe = await session.request({ command: 'enquire_link', sequence: 0, commandStatus: 0 });
      expect(probe).toMatchObject({ command: 'enquire_link_resp', commandStatus: 0 });
      await session.close('done');
      expect(await exited).toBe(0);

      // It read our submits field by field: UCS2 (data_coding 8), no UDH, the text byte for byte.
      const submits = events(stdout).filter((l) => l[0] === 'submit');
      expect(submits).toHaveLength(200);
      expect(submits[7]).toEqual([
        'submit',
        '8613900000007',
        '8',
        '0',
        Buffer.from(text(7), 'utf16le').swap16().toString('hex'),
      ]);
      expect(events(stdout).slice(-1)).toEqual([['unbind', '200', '200']]);
    } finally {
      peer.kill();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
