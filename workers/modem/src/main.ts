#!/usr/bin/env node
import { runSendingWorker } from '@smshub/channels';
import { runProcess } from '@smshub/process';
import { modemPoolConfigOfChannel } from './config.js';
import { ModemPool } from './pool.js';
import { loadWorkerConfig } from './worker-config.js';

/**
 * The modem worker: runs the GSM modem pools (channels with protocol 'modem', the backup role
 * the dispatcher falls back on when a carrier has no usable channel) on the machine whose serial
 * ports hold the modems. Each channel's pool comes from its `options` (the ports); the channel
 * pipeline, leases and outcome writing are the carrier worker's. Several can run: each channel
 * is held by exactly one of them at a time (Redis lease). On stop each pool finishes the submits
 * on its modems (up to its stop timeout) and closes its ports.
 */
runProcess({ name: 'modem' }, (log) =>
  runSendingWorker(
    {
      kind: 'modem',
      config: loadWorkerConfig(),
      poolConnections: 4,
      runs: (channel) => channel.protocol === 'modem',
      // A bad `options` throws a ModemConfigError naming the channel and the field; the
      // ownership logs it and leaves the channel alone until its configuration changes.
      createTransport: (channel, log) => new ModemPool(modemPoolConfigOfChannel(channel), { log }),
      describe: (runner) => ({ modems: runner.transport instanceof ModemPool ? runner.transport.modems() : [] }),
    },
    log,
  ),
);
