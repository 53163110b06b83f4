/**
 * The side-by-side comparison's arithmetic and its one table: medians over rounds, smshub's ratio
 * to Kannel, CPU per message per process. Pure, so the figures printed are the figures tested.
 */

export type SystemName = 'kannel-none' | 'kannel-spool' | 'smshub';
export const SYSTEMS: readonly SystemName[] = ['kannel-none', 'kannel-spool', 'smshub'];

/** One measured run of one system on one case. */
export interface RunFigures {
  readonly system: SystemName;
  readonly case: string;
  readonly round: number;
  readonly n: number;
  /** All accepted, exactly n × segments submit_sm at the simulator, every final callback received once. */
  readonly ok: boolean;
  readonly error?: string;
  /** First request → last answer that accepted messages. */
  readonly acceptedPerSecond: number | null;
  /** First request → last final-status callback (Kannel: dlr-url; smshub: message.status webhook). */
  readonly endToEndPerSecond: number | null;
  /** smshub only: first request → last final status committed in PostgreSQL. */
  readonly finalInDatabasePerSecond: number | null;
  /** submit_sm per second at the simulator, per message (PDUs / segments). */
  readonly submitPerSecond: number | null;
  /** CPU (utime + stime) per message of each counted process during the load, ms. */
  readonly cpuMsPerMessage: Readonly<Record<string, number>>;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface CaseSpec {
  readonly key: string;
  readonly title: string;
  readonly n: number;
  /** ascii: 'bench <i>'; zh150: 150 Chinese characters (UCS-2, 3 segments). */
  readonly text: 'ascii' | 'zh150';
  /** Recipients per request. */
  readonly batch: number;
  /** Kannel's sendsms takes one recipient per request: the batched case is smshub's alone. */
  readonly kannel: boolean;
  readonly segments: number;
  /** The simulator's extra random delay of each receipt, 0…J ms (receipts out of order); default 0. */
  readonly dlrJitterMs?: number;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface SystemMedians {
  readonly runs: number;
  readonly complete: number;
  readonly acceptedPerSecond: number | null;
  readonly endToEndPerSecond: number | null;
  readonly finalInDatabasePerSecond: number | null;
  readonly submitPerSecond: number | null;
  /** Median of each run's sum over its processes (not the sum of the per-process medians). */
  readonly cpuMsPerMessage: number | null;
  readonly cpuMsPerMessageByProcess: Readonly<Record<string, number>>;
}

export interface CaseSummary {
  readonly case: string;
  readonly title: string;
  readonly n: number;
  readonly systems: Partial<Record<SystemName, SystemMedians>>;
  /** smshub ÷ Kannel, end to end and CPU per message; null without both figures. */
  readonly ratios: {
    readonly endToEndVsNone: number | null;
    readonly endToEndVsSpool: number | null;
    readonly cpuVsNone: number | null;
    readonly cpuVsSpool: number | null;
  };
}

const numbers = (runs: readonly RunFigures[], pick: (run: RunFigures) => number | null) =>
  runs.map(pick).filter((value): value is number => value !== null && Number.isFinite(value));

/**
 * Medians over every run that produced the figure. A run that missed a callback or two still
 * measured its rate; how many runs were complete is reported beside it rather than hidden.
 */
export function systemMedians(runs: readonly RunFigures[]): SystemMedians {
  const processes = [...new Set(runs.flatMap((run) => Object.keys(run.cpuMsPerMessage)))];
  const byProcess: Record<string, number> = {};
  for (const name of processes) {
    const m = median(numbers(runs, (run) => run.cpuMsPerMessage[name] ?? null));
    if (m !== null) byProcess[name] = m;
  }
  const measured = runs.filter((run) => Object.keys(run.cpuMsPerMessage).length > 0);
  return {
    runs: runs.length,
    complete: runs.filter((run) => run.ok).length,
    acceptedPerSecond: median(numbers(runs, (run) => run.acceptedPerSecond)),
    endToEndPerSecond: median(numbers(runs, (run) => run.endToEndPerSecond)),
    finalInDatabasePerSecond: median(numbers(runs, (run) => run.finalInDatabasePerSecond)),
    submitPerSecond: median(numbers(runs, (run) => run.submitPerSecond)),
    cpuMsPerMessage: median(measured.map((run) => Object.values(run.cpuMsPerMessage).reduce((a, b) => a + b, 0))),
    cpuMsPerMessageByProcess: byProcess,
  };
}

const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b;

export function summarizeCases(cases: readonly CaseSpec[], runs: readonly RunFigures[]): CaseSummary[] {
  return cases.map((spec) => {
    const systems: Partial<Record<SystemName, SystemMedians>> = {};
    for (const system of SYSTEMS) {
      const mine = runs.filter((run) => run.case === spec.key && run.system === system);
      if (mine.length > 0) systems[system] = systemMedians(mine);
    }
    const hub = systems.smshub;
    return {
      case: spec.key,
      title: spec.title,
      n: spec.n,
      systems,
      ratios: {
        endToEndVsNone: ratio(hub?.endToEndPerSecond, systems['kannel-none']?.endToEndPerSecond),
        endToEndVsSpool: ratio(hub?.endToEndPerSecond, systems['kannel-spool']?.endToEndPerSecond),
        cpuVsNone: ratio(hub?.cpuMsPerMessage, systems['kannel-none']?.cpuMsPerMessage),
        cpuVsSpool: ratio(hub?.cpuMsPerMessage, systems['kannel-spool']?.cpuMsPerMessage),
      },
    };
  });
}

const DASH = '—';

/** 3 significant digits below 100, whole numbers with thousands separators above. */
export function figure(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en');
  if (value === 0) return '0';
  return Number(value.toPrecision(3)).toString();
}

const times = (value: number | null) => (value === null ? DASH : `${figure(value)}×`);

function perProcess(medians: SystemMedians | undefined): string {
  if (medians === undefined) return DASH;
  const entries = Object.entries(medians.cpuMsPerMessageByProcess);
  return entries.length === 0 ? DASH : entries.map(([name, ms]) => `${name} ${figure(ms)}`).join(', ');
}

/**
 * The table `make bench` ends with (Markdown, so it can be pasted into an issue): per case, the
 * rates of Kannel (store none and spool) and smshub, smshub's ratio to each, and CPU per message —
 * all counted processes together, then each one.
 */
export function sideBySideTable(summaries: readonly CaseSummary[], rounds: number): string[] {
  const lines = [
    `| case | figure | Kannel, store none | Kannel, store spool | smshub | smshub ÷ Kannel none | smshub ÷ Kannel spool |`,
    `| --- | --- | ---: | ---: | ---: | ---: | ---: |`,
  ];
  const row = (title: string, name: string, cells: readonly string[]) =>
    lines.push(`| ${title} | ${name} | ${cells.join(' | ')} |`);
  for (const summary of summaries) {
    const none = summary.systems['kannel-none'];
    const spool = summary.systems['kannel-spool'];
    const hub = summary.systems.smshub;
    const title = `${summary.title}, ${summary.n.toLocaleString('en')} msgs`;
    const rate = (pick: (m: SystemMedians) => number | null) => [
      figure(none === undefined ? null : pick(none)),
      figure(spool === undefined ? null : pick(spool)),
      figure(hub === undefined ? null : pick(hub)),
    ];
    const hubOnly = none === undefined && spool === undefined;
    row(title, 'end to end (last final callback), msgs/s', [
      ...rate((m) => m.endToEndPerSecond),
      times(summary.ratios.endToEndVsNone),
      times(summary.ratios.endToEndVsSpool),
    ]);
    row('', 'accepted by the HTTP API, msgs/s', [...rate((m) => m.acceptedPerSecond), DASH, DASH]);
    if (hubOnly || hub?.finalInDatabasePerSecond != null)
      row('', 'final status in PostgreSQL, msgs/s', [...rate((m) => m.finalInDatabasePerSecond), DASH, DASH]);
    row('', 'CPU ms per message, counted processes', [
      ...rate((m) => m.cpuMsPerMessage),
      times(summary.ratios.cpuVsNone),
      times(summary.ratios.cpuVsSpool),
    ]);
    row('', 'CPU ms per message per process', [perProcess(none), perProcess(spool), perProcess(hub), DASH, DASH]);
    const complete = (m: SystemMedians | undefined) => (m === undefined ? DASH : `${m.complete}/${m.runs}`);
    row('', `complete runs (of ${rounds})`, [complete(none), complete(spool), complete(hub), DASH, DASH]);
  }
  return lines;
}
