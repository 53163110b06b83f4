import type { TransportEvent } from '@smshub/channels';
import type { InboundSms, OutboundSegment, StatusReport } from '@smshub/protocols';
import { splitText, type TextEncoding } from '@smshub/sms';
import type { ModemPoolConfigInput, ModemPortInput } from '../../src/config.js';
import { ModemPool } from '../../src/pool.js';
import { ModemSimulator, startModemPair, type ModemPair, type ModemSimulatorOptions } from '@smshub/simulator';
import { vi } from 'vitest';

/**
 * Simulated modems on socat pseudo-terminals and a pool driving them, with short timeouts so
 * failures show within a second; everything the pool hands out is recorded.
 */
export class Harness {
  readonly events: TransportEvent[] = [];
  readonly reports: Array<{ report: StatusReport; settle: (stored: boolean) => void }> = [];
  readonly mo: Array<{ sms: InboundSms; settle: (stored: boolean) => void }> = [];
  readonly pool: ModemPool;

  private constructor(
    readonly pairs: ModemPair[],
    config: ModemPoolConfigInput,
  ) {
    this.pool = new ModemPool(config);
    this.pool.onEvent((event) => this.events.push(event));
    this.pool.onReport((report, settle) => this.reports.push({ report, settle }));
    this.pool.onMo((sms, settle) => this.mo.push({ sms, settle }));
  }

  static async start(
    count: number,
    options: {
      simulator?: ModemSimulatorOptions;
      port?: Partial<ModemPortInput>;
      pool?: Partial<ModemPoolConfigInput>;
      start?: boolean;
    } = {},
  ): Promise<Harness> {
    const pairs = await Promise.all(
      Array.from({ length: count }, (_, i) => Harness.pair(`m${i + 1}`, options.simulator)),
    );
    let harness: Harness;
    try {
      harness = new Harness(pairs, {
        ports: pairs.map((pair) => Harness.port(pair, options.port)),
        ...FAST,
        ...options.pool,
      });
    } catch (error) {
      await Promise.all(pairs.map((pair) => pair.stop()));
      throw error;
    }
    if (options.start ?? true) await harness.pool.start();
    return harness;
  }

  static pair(id: string, options: ModemSimulatorOptions = {}): Promise<ModemPair> {
    return startModemPair(new ModemSimulator({ id, reportDelayMs: 30, ...options }));
  }

  static port(pair: ModemPair, overrides: Partial<ModemPortInput> = {}): ModemPortInput {
    return { path: pair.path, id: pair.simulator.id, tps: 50, window: 4, ...overrides };
  }

  sim(index: number): ModemSimulator {
    const pair = this.pairs[index];
    if (pair === undefined) throw new Error(`no modem ${index}`);
    return pair.simulator;
  }

  /** Waits for an event of `kind` whose message mentions `text`; returns it. */
  event(kind: TransportEvent['kind'], text: string): Promise<TransportEvent> {
    const seen = this.events.length;
    return vi.waitFor(
      () =>
        present(
          this.events.slice(seen).find((event) => event.kind === kind && event.message.includes(text)),
          `a ${kind} event about ${text}`,
        ),
      WAIT,
    );
  }

  /** Same, but also counts events that already happened. */
  eventSoFar(kind: TransportEvent['kind'], text: string): Promise<TransportEvent> {
    return vi.waitFor(
      () =>
        present(
          this.events.find((event) => event.kind === kind && event.message.includes(text)),
          `a ${kind} event about ${text}`,
        ),
      WAIT,
    );
  }

  async stop(): Promise<void> {
    await this.pool.stop();
    await Promise.all(this.pairs.map((pair) => pair.stop()));
  }
}

/**
 * How long `vi.waitFor` waits here. Vitest's own default (1 s) is shorter than a scheduling
 * hiccup on a busy machine; like the shared limits, this only bounds a hang.
 */
export const WAIT = { timeout: 30_000, interval: 10 } as const;

/** For `vi.waitFor`: the value once it is there; until then a throw, so it looks again. */
export function present<T>(value: T | undefined | false, what: string): T {
  if (value === undefined || value === false) throw new Error(`still waiting for ${what}`);
  return value;
}

/** Timings for tests: a silent modem is out of the pool within about half a second. */
export const FAST: Partial<ModemPoolConfigInput> = {
  timeouts: { commandMs: 500, promptMs: 500, submitMs: 2_000, quietMs: 30, deviceMs: 200 },
  healthIntervalMs: 100,
  maxConsecutiveFailures: 2,
  recovery: { initialMs: 100, maxMs: 400 },
  retryStoredMs: 150,
  stopTimeoutMs: 2_000,
};

/** The pipeline's segments for `text`, as packages/channels builds them. */
export function segmentsOf(
  text: string,
  to: string,
  options: { encoding?: TextEncoding; reference?: number; wantReport?: boolean } = {},
): OutboundSegment[] {
  const split = splitText(text, {
    ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
    reference: options.reference ?? 0,
  });
  return split.segments.map((segment) => ({
    to,
    from: '1069000',
    encoding: split.encoding,
    payload: segment.payload,
    udh: segment.udh,
    part: segment.part,
    wantReport: options.wantReport ?? true,
    priority: 0,
  }));
}
