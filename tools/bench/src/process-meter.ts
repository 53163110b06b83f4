import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const PAGE_TICKS = 100; // USER_HZ on Linux

/**
 * What to measure: a process group (our processes), every process of a command (redis-server), or
 * whatever processes a function names at each sample (PostgreSQL's backends of one database).
 */
export type Target =
  { readonly pgid: number } | { readonly command: string } | { readonly pids: () => readonly number[] };

interface ProcessSample {
  readonly rssKb: number;
  readonly cpuTicks: number;
}

function targetPids(target: Target): readonly number[] {
  if ('pids' in target) return target.pids();
  try {
    const args = 'pgid' in target ? ['-o', 'pid=', '-g', String(target.pgid)] : ['-o', 'pid=', '-C', target.command];
    return execFileSync('ps', args, { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((pid) => pid > 0);
  } catch {
    return [];
  }
}

/** RSS (kB) and CPU ticks (utime + stime, all threads) of each process of a target. */
function sampleTarget(target: Target): Map<number, ProcessSample> {
  const samples = new Map<number, ProcessSample>();
  for (const pid of targetPids(target)) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const rss = /VmRSS:\s+(\d+)/.exec(status);
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      samples.set(pid, { rssKb: rss === null ? 0 : Number(rss[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone between listing and /proc
    }
  }
  return samples;
}

/**
 * CPU used by a changing set of processes since a start: per process, its latest ticks minus its
 * ticks at the start (0 for one born later). Summing the whole set at start and at stop instead
 * is wrong on a shared machine: a process that exits in between (another engineer's PostgreSQL
 * backend) takes its whole lifetime's CPU out of the second sum. A process that exits keeps the
 * ticks of its last sample (at most one sampling interval is lost).
 */
export class CpuLedger {
  private readonly atStart = new Map<number, number>();
  private readonly latest = new Map<number, number>();

  /** The processes alive when measuring starts: only what they use from now on counts. */
  begin(ticks: ReadonlyMap<number, number>): void {
    for (const [pid, t] of ticks) {
      this.atStart.set(pid, t);
      this.latest.set(pid, t);
    }
  }

  observe(ticks: ReadonlyMap<number, number>): void {
    for (const [pid, t] of ticks) {
      if (!this.atStart.has(pid)) this.atStart.set(pid, 0);
      this.latest.set(pid, Math.max(t, this.latest.get(pid) ?? 0));
    }
  }

  ticks(): number {
    let total = 0;
    for (const [pid, t] of this.latest) total += t - (this.atStart.get(pid) ?? 0);
    return total;
  }
}

export interface ProcessFigures {
  readonly peakRssMb: number;
  readonly cpuSeconds: number;
  /** The same CPU time in milliseconds, unrounded (one clock tick = 10 ms). */
  readonly cpuMs: number;
}

const ticksOf = (samples: ReadonlyMap<number, ProcessSample>) =>
  new Map([...samples].map(([pid, s]) => [pid, s.cpuTicks]));
const rssOf = (samples: ReadonlyMap<number, ProcessSample>) =>
  [...samples.values()].reduce((sum, s) => sum + s.rssKb, 0);

/**
 * Samples the stack's processes (each its own process group) every half second: peak RSS and
 * CPU time used while measuring. Linux only (/proc).
 */
export class ProcessMeter {
  private readonly peaks = new Map<string, number>();
  private readonly ledgers = new Map<string, CpuLedger>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly groups: ReadonlyMap<string, Target>) {}

  start(): void {
    for (const [name, target] of this.groups) {
      const samples = sampleTarget(target);
      const ledger = new CpuLedger();
      ledger.begin(ticksOf(samples));
      this.ledgers.set(name, ledger);
      this.peaks.set(name, rssOf(samples));
    }
    this.timer = setInterval(() => this.sample(), 500);
  }

  stop(): Record<string, ProcessFigures> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    const figures: Record<string, ProcessFigures> = {};
    for (const name of this.groups.keys()) {
      const cpuMs = ((this.ledgers.get(name)?.ticks() ?? 0) * 1000) / PAGE_TICKS;
      figures[name] = {
        peakRssMb: Math.round((this.peaks.get(name) ?? 0) / 102.4) / 10,
        cpuSeconds: Math.round(cpuMs / 100) / 10,
        cpuMs,
      };
    }
    return figures;
  }

  private sample(): void {
    for (const [name, target] of this.groups) {
      const samples = sampleTarget(target);
      this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, rssOf(samples)));
      this.ledgers.get(name)?.observe(ticksOf(samples));
    }
  }
}
