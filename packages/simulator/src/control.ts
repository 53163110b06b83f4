import type http from 'node:http';
import { z } from 'zod';
import { behaviourSchema } from './behaviour.js';
import {
  type ControlRequest,
  type JsonReply,
  methodNotAllowed,
  notFound,
  startJsonControlServer,
} from './control-http.js';
import type { SimulatedGateway } from './gateway.js';

const moSchema = z
  .object({
    account: z.string(),
    from: z.string().regex(/^\d{5,20}$/),
    to: z.string().optional(),
    text: z.string().min(1),
  })
  .strict();

/**
 * A small HTTP API over running gateways, for people and scripts: read counters, change
 * behaviour (take a carrier down, throttle it, make it stop answering), push an MO.
 *
 *   GET  /gateways                   every gateway's name, protocol, port, behaviour and counters
 *   GET  /gateways/:name             one gateway
 *   POST /gateways/:name/behaviour   JSON behaviour fields to change, e.g. {"mode":"down"}
 *   POST /gateways/:name/mo          {"account","from","to?","text"}
 *   POST /gateways/:name/reset       zero the counters (and forget what the phones received)
 *   GET  /handsets/:number           what that phone received through any gateway, oldest first
 *                                    (e.g. a sign-in code sent through smshub)
 */
export function startControlServer(
  gateways: ReadonlyMap<string, SimulatedGateway>,
  port: number,
  host = '127.0.0.1',
): Promise<http.Server> {
  return startJsonControlServer((request) => handle(gateways, request), port, host);
}

function describe(gateway: SimulatedGateway) {
  return {
    name: gateway.name,
    port: gateway.port,
    behaviour: gateway.behaviour,
    stats: gateway.stats,
    reportsPending: gateway.reportsPending,
  };
}

async function handle(
  gateways: ReadonlyMap<string, SimulatedGateway>,
  { method, path, parts, input }: ControlRequest,
): Promise<JsonReply> {
  if (parts[0] === 'handsets' && parts.length === 2) {
    if (method !== 'GET') return methodNotAllowed(method);
    const number = decodeURIComponent(parts[1]!);
    const received = [...gateways.values()]
      .flatMap((gateway) => gateway.handsets.to(number).map((message) => ({ ...message, gateway: gateway.name })))
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    return { status: 200, body: received };
  }
  if (parts[0] !== 'gateways') return notFound(path);
  if (parts.length === 1 && method === 'GET') return { status: 200, body: [...gateways.values()].map(describe) };
  const gateway = gateways.get(parts[1] ?? '');
  if (gateway === undefined) return notFound(path);
  if (parts.length === 2 && method === 'GET') return { status: 200, body: describe(gateway) };
  if (method !== 'POST') return methodNotAllowed(method);
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
      return notFound(path);
  }
}
