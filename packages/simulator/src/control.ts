import http from 'node:http';
import { z } from 'zod';
import { behaviourSchema } from './behaviour.js';
import type { SimulatedGateway } from './gateway.js';

const moSchema = z.object({ account: z.string(), from: z.string().regex(/^\d{5,20}$/), to: z.string().optional(), text: z.string().min(1) }).strict();

/**
 * A small HTTP API over running gateways, for people and scripts: read counters, change
 * behaviour (take a carrier down, throttle it, make it stop answering), push an MO.
 *
 *   GET  /gateways                   every gateway's name, protocol, port, behaviour and counters
 *   GET  /gateways/:name             one gateway
 *   POST /gateways/:name/behaviour   JSON behaviour fields to change, e.g. {"mode":"down"}
 *   POST /gateways/:name/mo          {"account","from","to?","text"}
 *   POST /gateways/:name/reset       zero the counters
 */
export function startControlServer(
  gateways: ReadonlyMap<string, SimulatedGateway>,
  port: number,
  host = '127.0.0.1',
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    handle(gateways, req).then(
      ({ status, body }) => reply(res, status, body),
      (error: unknown) => reply(res, 500, { error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

function describe(gateway: SimulatedGateway) {
  return { name: gateway.name, port: gateway.port, behaviour: gateway.behaviour, stats: gateway.stats, reportsPending: gateway.reportsPending };
}

async function handle(gateways: ReadonlyMap<string, SimulatedGateway>, req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] !== 'gateways') return notFound(url.pathname);
  if (parts.length === 1 && req.method === 'GET') return { status: 200, body: [...gateways.values()].map(describe) };
  const gateway = gateways.get(parts[1] ?? '');
  if (gateway === undefined) return notFound(url.pathname);
  if (parts.length === 2 && req.method === 'GET') return { status: 200, body: describe(gateway) };
  if (req.method !== 'POST') return { status: 405, body: { error: { code: 'method_not_allowed', message: `${req.method} not allowed` } } };
  let input: unknown;
  try {
    const text = await readBody(req);
    input = text === '' ? {} : JSON.parse(text);
  } catch (error) {
    return { status: 400, body: { error: { code: 'bad_json', message: error instanceof Error ? error.message : 'bad JSON' } } };
  }
  try {
    switch (parts[2]) {
      case 'behaviour':
        return { status: 200, body: await gateway.configure(behaviourSchema.partial().parse(input)) };
      case 'mo': {
        const mo = moSchema.parse(input);
        return { status: 200, body: { accepted: await gateway.sendMo(mo.account, mo) } };
      }
      case 'reset':
        gateway.resetStats();
        return { status: 200, body: describe(gateway) };
      default:
        return notFound(url.pathname);
    }
  } catch (error) {
    if (error instanceof z.ZodError) {
      return { status: 400, body: { error: { code: 'invalid', message: 'invalid request', details: error.issues } } };
    }
    throw error;
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
