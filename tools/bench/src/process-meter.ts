import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const PAGE_TICKS = 100; // USER_HZ on Linux

interface Sample {
  rssKb: number;
  cpuTicks: number;
}

/** What to measure: a process group (our processes) or every process of a command (postgres). */
export type Target = { readonly pgid: number } | { readonly command: string };

/** RSS (kB) and CPU ticks of every process of a target. */
function sampleGroup(target: Target): Sample {
  let pids: number[];
  try {
    const args = 'pgid' in target ? ['-o', 'pid=', '-g', String(target.pgid)] : ['-o', 'pid=', '-C', target.command];
    pids = execFileSync('ps', args, { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((pid) => pid > 0);
  } catch {
    return { rssKb: 0, cpuTicks: 0 };
  }
  let rssKb = 0;
  let cpuTicks = 0;
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const rss = /VmRSS:\s+(\d+)/.exec(status);
      if (rss !== null) rssKb += Number(rss[1]);
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpuTicks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone between ps and /proc
    }
  }
  return { rssKb, cpuTicks };
}

export interface ProcessFigures {
  readonly peakRssMb: number;
  readonly cpuSeconds: number;
}

/**
 * Samples the stack's processes (each its own process group) every half second: peak RSS and
 * CPU time used while measuring. Linux only (/proc).
 */
export class ProcessMeter {
  private readonly peaks = new Map<string, number>();
  private readonly cpuStart = new Map<string, number>();
  private readonly cpuLast = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly groups: ReadonlyMap<string, Target>) {}

  start(): void {
    for (const [name, pgid] of this.groups) {
      const sample = sampleGroup(pgid);
      this.cpuStart.set(name, sample.cpuTicks);
      this.peaks.set(name, sample.rssKb);
    }
    this.timer = setInterval(() => this.sample(), 500);
  }

  stop(): Record<string, ProcessFigures> {
    if (this.timer !== null) clearInterval(this.timer);
    this.sample();
    const figures: Record<string, ProcessFigures> = {};
    for (const name of this.groups.keys()) {
      figures[name] = {
        peakRssMb: Math.round((this.peaks.get(name) ?? 0) / 102.4) / 10,
        cpuSeconds:
          Math.round((((this.cpuLast.get(name) ?? 0) - (this.cpuStart.get(name) ?? 0)) / PAGE_TICKS) * 10) / 10,
      };
    }
    return figures;
  }

  private sample(): void {
    for (const [name, pgid] of this.groups) {
      const sample = sampleGroup(pgid);
      this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, sample.rssKb));
      if (sample.cpuTicks > 0) this.cpuLast.set(name, sample.cpuTicks);
    }
  }
}
