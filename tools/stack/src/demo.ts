#!/usr/bin/env node
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DATABASE_URL, generateApiKey, parseApiKey, withDatabase } from '@smshub/db';
import { repositoryRoot } from './paths.js';
import { socatInstalled } from './modem-pool.js';
import { CROSS_CARRIER_GATEWAY, DEFAULT_GATEWAYS, Stack, type StackInfo } from './stack.js';

/**
 * `make demo`: the whole platform against simulated carriers — CMCC over CMPP 3.0, CUCC over
 * SGIP 1.2, CTCC over SMGP 3.0 (its 189 numbers over CNGP 2.0), international over SMPP 3.4 — and
 * two simulated GSM modems as the backup pool (DEMO_MODEMS changes how many; they need socat;
 * DEMO_DISPATCHERS and DEMO_CARRIER_WORKERS run more copies of those workers). Prints the portal
 * URL (PORTAL_PORT, 3000), the API server's (API_PORT, 3100), the demo API key and ready curl lines; a process that dies is restarted (with back-off,
 * said in the output); Ctrl-C stops everything it started.
 */
async function main(): Promise<void> {
  const workDir = path.join(repositoryRoot, '.demo');
  mkdirSync(workDir, { recursive: true });
  const apiKey = keptKey(path.join(workDir, 'api-key'));
  const operatorKey = keptKey(path.join(workDir, 'operator-key'));
  const portalPort = portFromEnv('PORTAL_PORT', 3000);
  const apiPort = portFromEnv('API_PORT', 3100);
  const modems = demoModems();
  const dispatchers = demoCount('DEMO_DISPATCHERS');
  const carrierWorkers = demoCount('DEMO_CARRIER_WORKERS');
  const stack = new Stack({
    root: repositoryRoot,
    databaseUrl: process.env.DATABASE_URL ?? withDatabase(DEFAULT_DATABASE_URL, 'smshub_demo'),
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: process.env.SMSHUB_REDIS_PREFIX ?? 'smshub-demo',
    portalPort,
    apiPort,
    workDir,
    apiKey,
    operatorKey,
    gateways: [...DEFAULT_GATEWAYS, CROSS_CARRIER_GATEWAY],
    modems,
    dispatchers,
    carrierWorkers,
    logLevel: process.env.SMSHUB_LOG_LEVEL ?? 'info',
    // Kill a worker (kill -9 <pid>) and watch it come back.
    supervise: (line) => process.stdout.write(`demo: ${line}\n`),
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping everything the demo started…\n');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const info = await stack.start((line) => process.stdout.write(`demo: ${line}\n`));
  const body = JSON.stringify({
    business_type: 'notification',
    to: ['13800138000', '13012345678', '13312345678', '18912345678', '+447400123456'],
    text: '【演示】您好，这是一条来自 smshub 的测试短信。',
  });
  const lines = [
    '',
    'smshub is running against simulated carriers:',
    ...info.channels.map(
      (c) => `  ${c.carrier.padEnd(5)} ${c.name.padEnd(10)} ${c.protocol.padEnd(9)} gateway 127.0.0.1:${c.port}`,
    ),
    '',
    `Console: ${info.portalUrl}`,
    `Platform admin: ${info.platformAdmin.login} ${info.platformAdmin.password}`,
    `Tenant admin: ${info.tenantAdmin.login} ${info.tenantAdmin.password}`,
    `Portal (console; also answers /api/v1): ${info.portalUrl}`,
    `API server (/api/v1, OpenAPI at ${info.apiUrl}/api/v1/openapi.json): ${info.apiUrl}`,
    `API key: ${info.apiKey}`,
    '',
    'Send a message (one number per carrier gateway):',
    `  curl -s -X POST ${info.apiUrl}/api/v1/messages -H 'Authorization: Bearer ${info.apiKey}' -H 'Content-Type: application/json' -d '${body}'`,
    'Then read it back (use a message_id from the answer):',
    `  curl -s ${info.apiUrl}/api/v1/messages/MESSAGE_ID -H 'Authorization: Bearer ${info.apiKey}'`,
    '',
    `Operator API key (platform org: channels, alarms): ${info.operatorKey}`,
    `  curl -s ${info.apiUrl}/api/v1/channels -H 'Authorization: Bearer ${info.operatorKey}'   # live state of every channel`,
    `  curl -s ${info.apiUrl}/api/v1/alarms -H 'Authorization: Bearer ${info.operatorKey}'     # channel and carrier alarms`,
    '',
    ...(info.stripeUrl === null
      ? []
      : [
          `Online recharge (费用中心 → 充值) pays at a local Stripe stand-in, not Stripe: ${info.stripeUrl}`,
          `  curl -s -X POST ${info.stripeUrl}/control/redeliver -d '{"times":3}'   # the last event again, three times: credited once`,
          '',
        ]),
    `Simulated carriers: ${info.controlUrl}/gateways`,
    `Take China Mobile's gateway down and watch its traffic move to the aggregator (and back with "normal"):`,
    `  curl -s -X POST ${info.controlUrl}/gateways/cmcc-cmpp/behaviour -d '{"mode":"down"}'`,
    `  curl -s ${info.controlUrl}/gateways | grep -o '"name":"[^"]*"\\|"accepted":[0-9]*'`,
    ...modemLines(info),
    'Processes (a worker that dies is restarted; try kill -9 on one):',
    ...[...stack.children.values()].map((c) => `  ${c.name.padEnd(13)} pid ${c.pid ?? '?'}`),
    `Logs: ${path.join(workDir, 'logs')}`,
    'Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

/** A port from the environment, or `fallback` when unset. */
function portFromEnv(name: string, fallback: number): number {
  const port = Number(process.env[name] ?? String(fallback));
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} "${process.env[name]}" is not a port number`);
  return port;
}

/** A key kept in a file across runs (made on the first), so curl lines keep working. */
function keptKey(file: string): string {
  const existing = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (parseApiKey(existing) !== null) return existing;
  const key = generateApiKey().full;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** DEMO_DISPATCHERS / DEMO_CARRIER_WORKERS: how many copies of that process (default 1, at most 8). */
function demoCount(name: string): number {
  const value = Number(process.env[name] ?? '1');
  if (!Number.isInteger(value) || value < 1 || value > 8)
    throw new Error(`${name} "${process.env[name]}" is not a number of processes from 1 to 8`);
  return value;
}

/** DEMO_MODEMS (default 2), or none, said plainly, when socat is missing. */
function demoModems(): number {
  const wanted = Number(process.env.DEMO_MODEMS ?? '2');
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 26)
    throw new Error(`DEMO_MODEMS "${process.env.DEMO_MODEMS}" is not a number of modems from 0 to 26`);
  if (wanted === 0 || socatInstalled()) return wanted;
  process.stdout.write(
    'demo: socat is not installed, so the demo runs without its GSM modem pool (install socat — apt-get install socat — to see it)\n',
  );
  return 0;
}

function modemLines(info: StackInfo): string[] {
  const modems = info.modemPool;
  if (modems === null || info.modemControlUrl === null) return [];
  const gateways = info.channels.map((c) => c.name).join(' ');
  return [
    '',
    `GSM modem pool ${modems.channel}, the backup for every carrier: ${modems.modems.map((m) => m.id).join(', ')} (simulated, ${modems.tps} msg/s each)`,
    `  Simulated modems: ${info.modemControlUrl}/modems`,
    '  Take every gateway down and the messages go out through the modems (and back with "normal"):',
    `    for g in ${gateways}; do curl -s -X POST ${info.controlUrl}/gateways/$g/behaviour -d '{"mode":"down"}'; done`,
    `  What each modem sent: curl -s ${info.modemControlUrl}/modems | grep -o '"id":"[^"]*"\\|"segments":[0-9]*'`,
    `  Take a modem away (and back): curl -s -X POST ${info.modemControlUrl}/modems/${modems.modems[0]?.id ?? 'modem-a'}/faults -d '{"silent":true}'  (…/resume -d '{}')`,
  ];
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
