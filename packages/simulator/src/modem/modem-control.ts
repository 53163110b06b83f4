import type http from 'node:http';
import { z } from 'zod';
import {
  type ControlRequest,
  type JsonReply,
  methodNotAllowed,
  notFound,
  startJsonControlServer,
} from '../control-http.js';
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

const moSchema = z
  .object({
    from: z.string().min(1).max(21),
    text: z.string().min(1),
    reference: z.number().int().min(0).max(255).optional(),
  })
  .strict();
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
export function startModemControlServer(
  modems: ReadonlyMap<string, ModemSimulator>,
  port: number,
  host = '127.0.0.1',
): Promise<http.Server> {
  return startJsonControlServer((request) => handle(modems, request), port, host);
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

function handle(
  modems: ReadonlyMap<string, ModemSimulator>,
  { method, path, parts, input }: ControlRequest,
): JsonReply {
  if (parts[0] !== 'modems') return notFound(path);
  if (parts.length === 1 && method === 'GET') return { status: 200, body: [...modems.values()].map(summary) };
  const modem = modems.get(parts[1] ?? '');
  if (modem === undefined || parts.length > 3) return notFound(path);
  if (parts.length === 2 && method === 'GET')
    return { status: 200, body: { ...summary(modem), submits: modem.submits } };
  if (method !== 'POST') return methodNotAllowed(method);
  switch (parts[2]) {
    case 'faults': {
      const faults = faultsSchema.parse(input);
      modem.setFaults(faults);
      return { status: 200, body: summary(modem) };
    }
    case 'resume': {
      const options = resumeSchema.parse(input);
      modem.resumeAnswering(options);
      return { status: 200, body: summary(modem) };
    }
    case 'mo': {
      const mo = moSchema.parse(input);
      return { status: 200, body: { pdus: modem.deliverMo(mo) } };
    }
    case 'report-status': {
      const report = reportSchema.parse(input);
      modem.setReportStatus(report.status);
      return { status: 200, body: summary(modem) };
    }
    default:
      return notFound(path);
  }
}
