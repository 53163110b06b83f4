#!/usr/bin/env node
/**
 * A modem pool of two simulated modems on socat pseudo-terminals, for `make demo` and for
 * trying the pool by hand:
 *
 *   npx tsx --conditions=@smshub/source workers/modem/scripts/pool-demo.ts
 *
 * It sends a long UCS2 and a GSM 7-bit message, prints the status reports and an MO, and then
 * keeps running: take a modem away through the control API and watch the pool drop it and,
 * once it answers again, take it back. MODEM_CONTROL_PORT (default 7070) sets the control port;
 * DEMO_DURATION_MS ends it on its own.
 */
import { pino } from 'pino';
import { decodeText, splitText } from '@smshub/sms';
import type { OutboundSegment } from '@smshub/protocols';
import { ModemSimulator, startModemControlServer, startModemPair } from '@smshub/simulator';
import { ModemPool } from '../src/pool.js';

const say = (line: string): void => void process.stdout.write(`modem demo: ${line}\n`);

function segments(text: string, to: string, reference: number): OutboundSegment[] {
  const split = splitText(text, { allowed: ['gsm7', 'ucs2'], reference });
  return split.segments.map((segment) => ({
    to,
    from: '1069000',
    encoding: split.encoding,
    payload: segment.payload,
    udh: segment.udh,
    part: segment.part,
    wantReport: true,
    priority: 1,
  }));
}

async function main(): Promise<void> {
  const controlPort = Number(process.env.MODEM_CONTROL_PORT ?? '7070');
  const pairs = await Promise.all(
    ['modem-a', 'modem-b'].map((id) => startModemPair(new ModemSimulator({ id, reportDelayMs: 800 }))),
  );
  const control = await startModemControlServer(
    new Map(pairs.map((pair) => [pair.simulator.id, pair.simulator])),
    controlPort,
  );
  const pool = new ModemPool(
    {
      ports: pairs.map((pair) => ({ path: pair.path, id: pair.simulator.id, tps: 2, ownNumber: '13900000000' })),
      healthIntervalMs: 2_000,
      timeouts: { commandMs: 1_000, promptMs: 1_000, submitMs: 10_000, quietMs: 100 },
      maxConsecutiveFailures: 2,
      recovery: { initialMs: 1_000, maxMs: 10_000 },
    },
    { log: pino({ name: 'modem-pool', level: process.env.SMSHUB_LOG_LEVEL ?? 'warn' }) },
  );
  pool.onEvent((event) => say(`[${event.level}] ${event.kind}: ${event.message}`));
  pool.onReport((report, settle) => {
    say(`status report ${report.carrierMessageId}: ${report.state} (TP-ST ${report.code})`);
    settle(true);
  });
  pool.onMo((sms, settle) => {
    const text = sms.encoding === 'binary' ? sms.content.toString('hex') : decodeText(sms.content, sms.encoding);
    say(`MO from ${sms.from}${sms.concat ? ` part ${sms.concat.seq}/${sms.concat.total}` : ''}: ${text}`);
    settle(true);
  });

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say('stopping');
    await pool.stop();
    await new Promise((resolve) => control.close(resolve));
    await Promise.all(pairs.map((pair) => pair.stop()));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  await pool.start();
  say(
    `pool up: ${pool
      .modems()
      .map((modem) => `${modem.id} on ${modem.path} (${modem.state})`)
      .join(', ')}`,
  );

  const messages = [
    segments(
      '【演示】您的快递已到达驿站，请凭取件码 8-2-1103 在今晚九点前取件。驿站营业时间为早八点至晚九点，逾期未取的包裹将退回寄件人。如有疑问请回复本短信，我们将尽快联系您。谢谢！',
      '8613800138000',
      17,
    ),
    segments('Backup route test: this message went out through a GSM modem pool.', '447400123456', 18),
  ];
  for (const message of messages) {
    const outcomes = await Promise.all(message.map((segment) => pool.submit(segment)));
    for (const outcome of outcomes)
      say(outcome.ok ? `sent ${outcome.carrierMessageId}` : `not sent: ${outcome.kind} ${outcome.reason}`);
  }
  pairs[0]?.simulator.deliverMo({ from: '+8613800138000', text: '收到，谢谢' });

  say(`state: ${JSON.stringify(pool.state())}`);
  say(`control: curl -s http://127.0.0.1:${controlPort}/modems`);
  say(`take modem-a away: curl -s -X POST http://127.0.0.1:${controlPort}/modems/modem-a/faults -d '{"silent":true}'`);
  say(`bring it back:     curl -s -X POST http://127.0.0.1:${controlPort}/modems/modem-a/resume -d '{}'`);
  say(
    `an MO:             curl -s -X POST http://127.0.0.1:${controlPort}/modems/modem-b/mo -d '{"from":"+8613800138000","text":"TD"}'`,
  );
  say('Ctrl-C stops it.');

  const duration = Number(process.env.DEMO_DURATION_MS ?? '0');
  if (duration > 0) setTimeout(() => void stop(), duration);
}

main().catch((error: unknown) => {
  process.stderr.write(`modem demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
