#!/usr/bin/env node
import { carrierChannelConfig, carrierProtocols, CarrierTransport, runSendingWorker } from '@smshub/channels';
import { runProcess } from '@smshub/process';
import { loadConfig } from './config.js';

/**
 * The carrier worker: holds the binds of the carrier channels it owns (SMPP, CMPP, SGIP, SMGP,
 * CNGP), submits their queued messages, and stores status reports and MO. Run several: each
 * channel is held by exactly one of them at a time (Redis lease), and they share the channels
 * evenly (a copy started later gets its share within about one lease period).
 */
runProcess({ name: 'carrier' }, (log) =>
  runSendingWorker(
    {
      kind: 'carrier',
      config: loadConfig(),
      poolConnections: 10,
      runs: (channel) => (carrierProtocols as readonly string[]).includes(channel.protocol),
      createTransport: (channel) => new CarrierTransport(carrierChannelConfig(channel)),
    },
    log,
  ),
);
