#!/usr/bin/env node
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DATABASE_URL, generateApiKey, parseApiKey, withDatabase } from '@smshub/db';
import { repositoryRoot } from './paths.js';
import { CROSS_CARRIER_GATEWAY, DEFAULT_GATEWAYS, Stack } from './stack.js';

/**
 * `make demo`: the whole platform against simulated carriers — CMCC over CMPP 3.0, CUCC over
 * SGIP 1.2, CTCC over SMGP 3.0, international over SMPP 3.4. Prints the portal URL, the demo
 * API key and a ready curl line; Ctrl-C stops everything it started.
 */
async function main(): Promise<void> {
  const workDir = path.join(repositoryRoot, '.demo');
  mkdirSync(workDir, { recursive: true });
  const keyFile = path.join(workDir, 'api-key');
  let apiKey = existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : '';
  if (parseApiKey(apiKey) === null) {
    apiKey = generateApiKey().full;
    writeFileSync(keyFile, `${apiKey}\n`, { mode: 0o600 });
  }
  const portalPort = Number(process.env.PORTAL_PORT ?? '3000');
  if (!Number.isInteger(portalPort) || portalPort < 1 || portalPort > 65535) throw new Error(`PORTAL_PORT "${process.env.PORTAL_PORT}" is not a port number`);
  const stack = new Stack({
    root: repositoryRoot,
    databaseUrl: process.env.DATABASE_URL ?? withDatabase(DEFAULT_DATABASE_URL, 'smshub_demo'),
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: process.env.SMSHUB_REDIS_PREFIX ?? 'smshub-demo',
    portalPort,
    workDir,
    apiKey,
    gateways: [...DEFAULT_GATEWAYS, CROSS_CARRIER_GATEWAY],
    logLevel: process.env.SMSHUB_LOG_LEVEL ?? 'info',
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
  const body = JSON.stringify({ business_type: 'notification', to: ['13800138000', '13012345678', '13312345678', '+447700900123'], text: '【演示】您好，这是一条来自 smshub 的测试短信。' });
  const lines = [
    '',
    'smshub is running against simulated carriers:',
    ...info.channels.map((c) => `  ${c.carrier.padEnd(5)} ${c.name.padEnd(10)} ${c.protocol.padEnd(9)} gateway 127.0.0.1:${c.port}`),
    '',
    `Portal: ${info.portalUrl}`,
    `API key: ${info.apiKey}`,
    '',
    'Send a message (one number per carrier):',
    `  curl -s -X POST ${info.portalUrl}/api/v1/messages -H 'Authorization: Bearer ${info.apiKey}' -H 'Content-Type: application/json' -d '${body}'`,
    'Then read it back (use a message_id from the answer):',
    `  curl -s ${info.portalUrl}/api/v1/messages/MESSAGE_ID -H 'Authorization: Bearer ${info.apiKey}'`,
    '',
    `Simulated carriers: ${info.controlUrl}/gateways`,
    `Take China Mobile's gateway down and watch its traffic move to the aggregator (and back with "normal"):`,
    `  curl -s -X POST ${info.controlUrl}/gateways/cmcc-cmpp/behaviour -d '{"mode":"down"}'`,
    `  curl -s ${info.controlUrl}/gateways | grep -o '"name":"[^"]*"\\|"accepted":[0-9]*'`,
    `Logs: ${path.join(workDir, 'logs')}`,
    'Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
