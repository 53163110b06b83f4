import http from 'node:http';
import { z } from 'zod';
import type { ModemSimulator } from './modem-simulator.js';

const faultsSchema = z
  .object({
    silent: z.boolean(),
    responseDelayMs: z.number().int().min(0).max(600_000),
    rejectSends: z.number().int().min(0).max(999).nullable(),
    swallowSends: z.boolean(),
    sim: z.enum(['ready', 'pin-required', 'absent', 'failure']),
    registration: z.enum(['not-registered', 'registered', 'searching', 'denied', 'unknown', 'roaming']),
    signal: z.number().int().min(0).max(99),
  })
  .partial()
  .strict();

const moSchema = z.object({ from: z.string().min(1).max(21), text: z.string().min(1), reference: z.number().int().min(0).max(255).optional() }).strict();
const resumeSchema = z.object({ reboot: z.boolean().optional() }).strict();
const reportSchema = z.object({ status: z.number().int().min(0).max(255) }).strict();

/**
 * HTTP control over running modem simulators, for the demo and for people poking at it:
 *
 *   GET  /modems                    every modem: id, settings, faults, counters, SIM store use
 *   GET  /modems/:id                one modem, with the PDUs it received
 *   POST /modems/:id/faults         {"silent"?, "responseDelayMs"?, "rejectSends"?, "swallowSends"?, "sim"?, "registration"?, "signal"?}
 *   POST /modems/:id/resume         {"reboot"?: true} answer again after "silent"
 *   POST /modems/:id/mo             {"from", "text", "reference"?} a subscriber's message arrives
 *   POST /modems/:id/report-status  {"status": TP-ST} for the status reports that follow
 */
export function startModemControlServer(modems: ReadonlyMap<string, ModemSimulator>, port: number, host = '127.0.0.1'): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    handle(modems, req).then(
      ({ status, body }) => reply(res, status, body),
      (error: unknown) => reply(res, 500, { error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

function summary(modem: ModemSimulator) {
  return {
    id: modem.id,
    settings: modem.settings,
    faults: modem.faults,
    stats: modem.stats,
    storage: { used: modem.storage.used, size: modem.storage.size },
    held: modem.heldCount,
  };
}

async function handle(modems: ReadonlyMap<string, ModemSimulator>, req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] !== 'modems') return notFound(url.pathname);
  if (parts.length === 1 && req.method === 'GET') return { status: 200, body: [...modems.values()].map(summary) };
  const modem = modems.get(parts[1] ?? '');
  if (modem === undefined || parts.length > 3) return notFound(url.pathname);
  if (parts.length === 2 && req.method === 'GET') return { status: 200, body: { ...summary(modem), submits: modem.submits } };
  if (req.method !== 'POST') return { status: 405, body: { error: { code: 'method_not_allowed', message: `${req.method} not allowed` } } };
  let input: unknown;
  try {
    const text = await readBody(req);
    input = text === '' ? {} : JSON.parse(text);
  } catch (error) {
    return { status: 400, body: { error: { code: 'bad_json', message: error instanceof Error ? error.message : 'bad JSON' } } };
  }
  const invalid = (error: z.ZodError) => ({ status: 400, body: { error: { code: 'invalid', message: 'invalid request', details: error.issues } } });
  switch (parts[2]) {
    case 'faults': {
      const faults = faultsSchema.safeParse(input);
      if (!faults.success) return invalid(faults.error);
      modem.setFaults(faults.data);
      return { status: 200, body: summary(modem) };
    }
    case 'resume': {
      const options = resumeSchema.safeParse(input);
      if (!options.success) return invalid(options.error);
      modem.resumeAnswering(options.data);
      return { status: 200, body: summary(modem) };
    }
    case 'mo': {
      const mo = moSchema.safeParse(input);
      if (!mo.success) return invalid(mo.error);
      return { status: 200, body: { pdus: modem.deliverMo(mo.data) } };
    }
    case 'report-status': {
      const report = reportSchema.safeParse(input);
      if (!report.success) return invalid(report.error);
      modem.setReportStatus(report.data.status);
      return { status: 200, body: summary(modem) };
    }
    default:
      return notFound(url.pathname);
  }
}

function notFound(path: string) {
  return { status: 404, body: { error: { code: 'not_found', message: `no such resource: ${path}` } } };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 65_536) {
        reject(new Error('body larger than 64 KiB'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
