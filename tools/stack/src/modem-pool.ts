import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type ChannelSeed, type createPrisma, seedChannels } from '@smshub/db';
import type { StackChild } from './child.js';

/**
 * The stack's GSM modem pool: simulated modems on socat pseudo-terminals in a process of their
 * own (modem-host.ts), the backup channel `modem-pool` that reaches every carrier through them,
 * and the modem worker that drives them. `Stack` calls this when `modems` > 0.
 */

export const MODEM_CHANNEL = 'modem-pool';

/** What `StackInfo.modemPool` tells about it. */
export interface ModemPoolInfo {
  readonly channel: string;
  readonly channelId: bigint;
  /** The simulated modems: their ids (in carrier message ids and the control API) and ports. */
  readonly modems: readonly { readonly id: string; readonly path: string }[];
  /** Submits per second of each modem. */
  readonly tps: number;
}

export interface ModemPoolOptions {
  readonly count: number;
  /** The modem links live in `<workDir>/modems`. */
  readonly workDir: string;
  readonly controlPort: number;
  /** Submits per second per modem (default 1: a real module manages one every second or few). */
  readonly tps?: number;
  /** How long a simulated modem takes to send a status report (default 500 ms). */
  readonly reportDelayMs?: number;
}

/** The stack's way of making one of its processes (stack.ts `spec`). */
export type ChildFactory = (
  name: string,
  script: string,
  ready: ((line: string) => boolean) | undefined,
  extra?: Record<string, string>,
  args?: string[],
) => StackChild;

/** Whether socat, which makes the simulated modems' serial lines, can be run here. */
export function socatInstalled(): boolean {
  const result = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

export class StackModemPool {
  readonly ids: readonly string[];
  readonly tps: number;
  private readonly links: string;
  private channelId: bigint | null = null;

  constructor(private readonly options: ModemPoolOptions) {
    if (!Number.isInteger(options.count) || options.count < 1 || options.count > 26)
      throw new Error(`stack: modems must be a whole number from 0 to 26, not ${options.count}`);
    if (!socatInstalled()) {
      throw new Error(
        'stack: the simulated modems need socat, which is not installed here (apt-get install socat, or brew install socat); or start the stack without modems',
      );
    }
    this.ids = Array.from({ length: options.count }, (_, i) => `modem-${String.fromCharCode(0x61 + i)}`);
    this.tps = options.tps ?? 1;
    this.links = path.join(options.workDir, 'modems');
  }

  get controlUrl(): string {
    return `http://127.0.0.1:${this.options.controlPort}`;
  }

  /** Where the modem worker opens each modem: a link to the modem host's pseudo-terminal. */
  portPath(id: string): string {
    return path.join(this.links, id);
  }

  /**
   * The channel: role 'backup' puts it in every carrier's default route behind the carriers' own
   * channels, so the dispatcher uses it when a carrier has no usable channel.
   */
  async seed(prisma: ReturnType<typeof createPrisma>): Promise<bigint> {
    const count = this.ids.length;
    const seed: ChannelSeed = {
      name: MODEM_CHANNEL,
      protocol: 'modem',
      version: '27.005',
      host: 'localhost',
      port: 0,
      account: '',
      secret: '',
      spNumber: '13900000000',
      carriers: ['CMCC', 'CUCC', 'CTCC', 'CBN', 'INTL'],
      role: 'backup',
      tps: Math.max(1, Math.ceil(count * this.tps)),
      window: 4 * count,
      maxBinds: count,
      // Dearer than a gateway: retail SIM tariffs.
      costPerSegment: 50,
      options: {
        ports: this.ids.map((id, i) => ({
          path: this.portPath(id),
          id,
          tps: this.tps,
          window: 4,
          ownNumber: `1390000000${i + 1}`,
        })),
        // Quicker to notice a lost modem and to take it back than the defaults meant for hardware.
        healthIntervalMs: 5_000,
        timeouts: { commandMs: 2_000, promptMs: 2_000, submitMs: 15_000, quietMs: 100 },
        recovery: { initialMs: 1_000, maxMs: 10_000 },
      },
    };
    const [channel] = await seedChannels(prisma, [seed]);
    this.channelId = channel!.id;
    return channel!.id;
  }

  /** The modem host, then the modem worker (the stack stops them in the opposite order). */
  children(spec: ChildFactory): StackChild[] {
    mkdirSync(this.links, { recursive: true });
    const host = spec('modem-host', 'tools/stack/dist/modem-host.js', ready('modem host ready'), {}, [
      '--links',
      this.links,
      '--ids',
      this.ids.join(','),
      '--control',
      String(this.options.controlPort),
      '--report-delay-ms',
      String(this.options.reportDelayMs ?? 500),
    ]);
    const worker = spec('modem-1', 'workers/modem/dist/main.js', ready('modem worker started'), {
      SMSHUB_CHANNELS: MODEM_CHANNEL,
    });
    return [host, worker];
  }

  get info(): ModemPoolInfo {
    if (this.channelId === null) throw new Error('stack: the modem channel is not seeded yet');
    return {
      channel: MODEM_CHANNEL,
      channelId: this.channelId,
      modems: this.ids.map((id) => ({ id, path: this.portPath(id) })),
      tps: this.tps,
    };
  }
}

function ready(message: string): (line: string) => boolean {
  return (line) => line.includes(`"msg":"${message}"`);
}
