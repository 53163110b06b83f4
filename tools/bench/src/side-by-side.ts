import { spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRedis } from '@smshub/queue';
import { type CarrierGateway, IsolatedStack, repositoryRoot, StackChild } from '@smshub/stack';
import pg from 'pg';
import { countersPerMessage, DbCounters, describeCounters } from './db-counters.js';
import { intFromEnv } from './env.js';
import { ProcessMeter, type Target } from './process-meter.js';
import { describeStatements, StatementProfile } from './statement-profile.js';
import {
  type CaseSpec,
  type CaseSummary,
  type RunFigures,
  sideBySideTable,
  summarizeCases,
  SYSTEMS,
  type SystemName,
} from './side-by-side-table.js';

/**
 * Issue 10's side-by-side run: Kannel 1.4.5 (Debian's package; store none and spool) and smshub
 * against the same neutral SMPP simulator, driven by the same load generator, from the harness in
 * `../shared/bench/` used as it is (copied to a temporary folder; none of its code is part of this
 * repository). Rounds are interleaved (Kannel none, Kannel spool, smshub, case by case) and the
 * figures are medians, because this machine is shared and noisy; see decision 0160.
 */

export interface SideBySideOptions {
  /** The harness folder (`../shared/bench` beside the repository unless BENCH_SHARED says otherwise). */
  readonly sharedDir: string;
  readonly rounds: number;
  /** Messages of the one-per-request ASCII case; 0 skips. */
  readonly ascii: number;
  /** Messages of the one-per-request 150-Chinese-character case; 0 skips. */
  readonly chinese: number;
  /** Messages of the one-per-request ASCII case with receipts jittered 0–5 s; 0 skips. */
  readonly jittered: number;
  /** Messages of smshub's 1,000-recipients-per-request case; 0 skips. */
  readonly batched: number;
  /** Requests in flight. */
  readonly concurrency: number;
  /** The simulator's port (the harness's default is 2775) and the callback receiver's (13180). */
  readonly simPort: number;
  readonly callbackPort: number;
  /** Which systems run (BENCH_KANNEL_SYSTEMS, comma-separated; all three by default). */
  readonly systems: readonly SystemName[];
  /** BENCH_CPU_PROF: a folder for smshub's processes' `--cpu-prof` profiles, or null. */
  readonly cpuProfileDir: string | null;
}

export interface SideBySideFigures {
  readonly rounds: number;
  readonly kannelVersion: string | null;
  readonly cases: readonly CaseSummary[];
  readonly runs: readonly RunFigures[];
  readonly table: readonly string[];
}

const BEARERBOX = '/usr/sbin/bearerbox';
const SMSBOX = '/usr/sbin/smsbox';
/** Kannel's own ports in the harness's kannel.conf (admin, smsbox, sendsms). */
const KANNEL_PORTS = [13100, 13101, 13113];
const TO_BASE = 13800000000;
const FINAL = `('delivered','undelivered','expired','failed','rejected','canceled')`;

/**
 * BENCH_KANNEL=0 skips the phase (null); the other BENCH_KANNEL_* variables size it. Throws at
 * once when the harness or Kannel is missing, so `make bench` fails before its long phases.
 */
export function sideBySideOptionsFromEnv(): SideBySideOptions | null {
  if (intFromEnv('BENCH_KANNEL', 1) === 0) return null;
  const options: SideBySideOptions = {
    sharedDir: path.resolve(process.env.BENCH_SHARED ?? path.join(repositoryRoot, '..', 'shared', 'bench')),
    rounds: Math.max(1, intFromEnv('BENCH_KANNEL_ROUNDS', 3)),
    ascii: intFromEnv('BENCH_KANNEL_N', 20_000),
    chinese: intFromEnv('BENCH_KANNEL_ZH_N', 5_000),
    jittered: intFromEnv('BENCH_KANNEL_JITTER_N', 5_000),
    batched: intFromEnv('BENCH_KANNEL_BATCHED_N', 20_000),
    concurrency: Math.max(1, intFromEnv('BENCH_KANNEL_CONCURRENCY', 64)),
    simPort: intFromEnv('BENCH_KANNEL_SIM_PORT', 2775),
    callbackPort: intFromEnv('BENCH_KANNEL_CALLBACK_PORT', 13180),
    systems: systemsFromEnv(process.env.BENCH_KANNEL_SYSTEMS),
    cpuProfileDir: process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null,
  };
  checkPrerequisites(options);
  return options;
}

/** BENCH_KANNEL_SYSTEMS=smshub runs only smshub (to iterate on it); ratios need all three. */
function systemsFromEnv(value: string | undefined): SystemName[] {
  if (value === undefined || value.trim() === '') return [...SYSTEMS];
  const named = value.split(',').map((name) => name.trim());
  for (const name of named) {
    if (!SYSTEMS.includes(name as SystemName))
      throw new Error(`BENCH_KANNEL_SYSTEMS: ${JSON.stringify(name)} is not one of ${SYSTEMS.join(', ')}`);
  }
  return named as SystemName[];
}

function checkPrerequisites(options: SideBySideOptions): void {
  const shared = options.sharedDir;
  for (const file of ['README.md', 'kannel/run.sh', 'loadgen/loadgen-smshub.js', 'smsc-sim/smsc-sim.js']) {
    if (!existsSync(path.join(shared, file)))
      throw new Error(
        `side-by-side bench: the harness is not at ${shared} (no ${file}). It lives in ../shared/bench beside the ` +
          `repository; set BENCH_SHARED=<its path>, or BENCH_KANNEL=0 to skip this phase.`,
      );
  }
  for (const binary of [BEARERBOX, SMSBOX]) {
    if (!existsSync(binary))
      throw new Error(
        `side-by-side bench: ${binary} not found — Kannel is not installed (make bench installs it: apt-get install -y kannel), or BENCH_KANNEL=0 skips this phase`,
      );
  }
}

function cases(options: SideBySideOptions): CaseSpec[] {
  const all: CaseSpec[] = [
    {
      key: 'ascii',
      title: '1 message per request, ASCII',
      n: options.ascii,
      text: 'ascii',
      batch: 1,
      kannel: true,
      segments: 1,
    },
    {
      key: 'zh150',
      title: '1 message per request, 150 Chinese characters (3 segments)',
      n: options.chinese,
      text: 'zh150',
      batch: 1,
      kannel: true,
      segments: 3,
    },
    {
      // Issue 10: receipts 0–5 s late and out of order must cost no more per message than in order.
      key: 'jitter5s',
      title: '1 message per request, ASCII, receipts jittered 0–5 s',
      n: options.jittered,
      text: 'ascii',
      batch: 1,
      kannel: true,
      segments: 1,
      dlrJitterMs: 5_000,
    },
    {
      key: 'batch1000',
      title: '1,000 recipients per request, ASCII',
      n: options.batched,
      text: 'ascii',
      batch: 1000,
      kannel: false,
      segments: 1,
    },
  ];
  return all.filter((spec) => spec.n > 0);
}

/**
 * Load phase limit: smshub does ~90 msgs/s one per request, and a fifth of that on this 2-core
 * machine when it is shared; the limit allows 5 msgs/s, within the harness's 3,600 s at most.
 */
const loadTimeoutS = (n: number) => Math.min(3600, Math.max(300, Math.ceil(n / 5)));

export async function sideBySideBenchmark(
  log: (line: string) => void,
  options: SideBySideOptions,
): Promise<SideBySideFigures> {
  const specs = cases(options);
  const harness = await prepareHarness(log, options);
  const runs: RunFigures[] = [];
  let failed = false;
  try {
    for (let round = 1; round <= options.rounds; round++) {
      for (const spec of specs) {
        const systems = (
          spec.kannel ? (['kannel-none', 'kannel-spool', 'smshub'] as const) : (['smshub'] as const)
        ).filter((system: SystemName) => options.systems.includes(system));
        for (const system of systems) {
          const label = `${spec.key}-${system}-r${round}`;
          log(`side-by-side round ${round}/${options.rounds}: ${label}, ${spec.n.toLocaleString('en')} msgs`);
          let run: RunFigures;
          try {
            run =
              system === 'smshub'
                ? await smshubRun(log, harness, options, spec, round)
                : await kannelRun(log, harness, options, spec, round, system === 'kannel-none' ? 'none' : 'spool');
          } catch (error) {
            // One broken run must not throw away the others' figures; it shows as incomplete.
            failed = true;
            const message = error instanceof Error ? error.message : String(error);
            log(`side-by-side ${label} failed: ${message}`);
            run = {
              system,
              case: spec.key,
              round,
              n: spec.n,
              ok: false,
              error: message,
              acceptedPerSecond: null,
              endToEndPerSecond: null,
              finalInDatabasePerSecond: null,
              submitPerSecond: null,
              cpuMsPerMessage: {},
            };
          }
          log(describeRun(run));
          runs.push(run);
        }
      }
    }
  } finally {
    if (failed) log(`side-by-side: logs kept in ${harness.root}`);
    else rmSync(harness.root, { recursive: true, force: true });
  }
  const summaries = summarizeCases(specs, runs);
  const table = sideBySideTable(summaries, options.rounds);
  log(
    `side-by-side: Kannel ${harness.kannelVersion ?? '?'} and smshub on the same SMPP simulator, medians of ${options.rounds} interleaved round(s); ` +
      `CPU = utime + stime during the load (Kannel: bearerbox, smsbox; smshub: its processes, PostgreSQL's backends of its database, ` +
      `PostgreSQL's WAL and background writers, Redis; the simulator and the load generator for neither)`,
  );
  for (const line of table) log(line);
  return { rounds: options.rounds, kannelVersion: harness.kannelVersion, cases: summaries, runs, table };
}

function describeRun(run: RunFigures): string {
  const cpu = Object.values(run.cpuMsPerMessage).reduce((a, b) => a + b, 0);
  return (
    `  ${run.system} ${run.case} r${run.round}: ${run.ok ? 'complete' : 'INCOMPLETE'}, end to end ${run.endToEndPerSecond ?? '—'} msgs/s, ` +
    `accepted ${run.acceptedPerSecond ?? '—'}/s` +
    (run.finalInDatabasePerSecond === null ? '' : `, final in PostgreSQL ${run.finalInDatabasePerSecond}/s`) +
    `, CPU ${cpu.toFixed(2)} ms/msg (${Object.entries(run.cpuMsPerMessage)
      .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
      .join(', ')})`
  );
}

// ---------------------------------------------------------------- the harness

interface Harness {
  /** The temporary folder: bench/ (the copy), results/, work/. */
  readonly root: string;
  readonly bench: string;
  readonly kannelVersion: string | null;
}

async function prepareHarness(log: (line: string) => void, options: SideBySideOptions): Promise<Harness> {
  checkPrerequisites(options);
  const shared = options.sharedDir;
  for (const port of [options.simPort, options.callbackPort, ...KANNEL_PORTS]) {
    if (!(await portFree(port)))
      throw new Error(
        `side-by-side bench: port ${port} on 127.0.0.1 is taken (the harness needs it; BENCH_KANNEL=0 skips)`,
      );
  }
  const root = mkdtempSync(path.join(tmpdir(), 'smshub-side-by-side-'));
  const bench = path.join(root, 'bench');
  cpSync(shared, bench, { recursive: true });
  // shared/ is read-only and the copy keeps its modes: npm ci and run.sh's results need to write.
  makeWritable(bench);
  mkdirSync(path.join(root, 'results'));
  mkdirSync(path.join(root, 'work'));
  log(`side-by-side: harness copied from ${shared} to ${bench}; npm ci in smsc-sim`);
  const npm = await runToEnd('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: path.join(bench, 'smsc-sim'),
    timeoutMs: 300_000,
  });
  if (npm.code !== 0)
    throw new Error(`side-by-side bench: npm ci in smsc-sim failed (${npm.code}): ${npm.stderr.slice(-500)}`);
  const dpkg = await runToEnd('dpkg-query', ['-W', '-f=${Version}', 'kannel'], { timeoutMs: 10_000 }).catch(() => null);
  return { root, bench, kannelVersion: dpkg?.code === 0 ? dpkg.stdout.trim() : null };
}

function makeWritable(dir: string): void {
  chmodSync(dir, statSync(dir).mode | 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(full);
    else chmodSync(full, statSync(full).mode | 0o600);
  }
}

async function portFree(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to its end; past `timeoutMs` it is stopped by its PID (TERM, then KILL). Each
 * stderr line also goes to `onStderrLine`.
 */
function runToEnd(
  command: string,
  args: readonly string[],
  options: {
    readonly cwd?: string;
    readonly env?: Readonly<Record<string, string>>;
    readonly timeoutMs: number;
    readonly onStderrLine?: (line: string) => void;
  },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderr = (stderr + text).slice(-20_000);
      partial += text;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onStderrLine?.(line);
    });
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

function lastJsonLine(stdout: string): Record<string, unknown> {
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .pop();
  if (line === undefined) throw new Error(`no JSON line in its output: ${stdout.slice(-300)}`);
  return JSON.parse(line) as Record<string, unknown>;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

// ---------------------------------------------------------------- Kannel

/** One run of the harness's kannel/run.sh (its own simulator, bearerbox, smsbox and load generator). */
async function kannelRun(
  log: (line: string) => void,
  harness: Harness,
  options: SideBySideOptions,
  spec: CaseSpec,
  round: number,
  store: 'none' | 'spool',
): Promise<RunFigures> {
  const label = `${spec.key}-kannel-${store}-r${round}`;
  const finished = await runToEnd('bash', [path.join(harness.bench, 'kannel', 'run.sh')], {
    env: {
      N: String(spec.n),
      CONC: String(options.concurrency),
      MODE: spec.text === 'zh150' ? 'ucs2' : 'ascii',
      STORE: store,
      LABEL: label,
      RESULTS_DIR: path.join(harness.root, 'results'),
      TIMEOUT_S: String(Math.max(300, Math.ceil(spec.n / 100))),
      SIM_PORT: String(options.simPort),
      DLR_PORT: String(options.callbackPort),
      DLR_JITTER_MS: String(spec.dlrJitterMs ?? 0),
    },
    timeoutMs: (Math.max(300, Math.ceil(spec.n / 100)) + 300) * 1000,
    onStderrLine: (line) => log(`  kannel: ${line}`),
  });
  if (finished.code !== 0) throw new Error(`run.sh exited with ${finished.code}: ${finished.stderr.slice(-500)}`);
  const s = lastJsonLine(finished.stdout);
  const perMessage = (cpuSeconds: unknown) => {
    const value = num(cpuSeconds);
    return value === null ? null : (value * 1000) / spec.n;
  };
  const cpu: Record<string, number> = {};
  const bearerbox = perMessage(s.bearerbox_cpu_s);
  const smsbox = perMessage(s.smsbox_cpu_s);
  if (bearerbox !== null) cpu.bearerbox = bearerbox;
  if (smsbox !== null) cpu.smsbox = smsbox;
  return {
    system: store === 'none' ? 'kannel-none' : 'kannel-spool',
    case: spec.key,
    round,
    n: spec.n,
    ok: s.ok === true,
    acceptedPerSecond: num(s.http_accept_rate),
    endToEndPerSecond: num(s.e2e_rate),
    finalInDatabasePerSecond: null,
    submitPerSecond: num(s.smsc_submit_rate_msg),
    cpuMsPerMessage: cpu,
    detail: s,
  };
}

// ---------------------------------------------------------------- smshub

/**
 * The neutral simulator as smshub's only channel: SMPP 3.4, window 100, one bind, the default
 * route of every carrier (primary, so routing sees a carrier's own gateway, as Kannel's
 * default-smsc is).
 */
const neutralGateway = (port: number): CarrierGateway => ({
  name: 'neutral-smpp',
  carrier: 'CMCC',
  crossCarriers: ['CMCC', 'CUCC', 'CTCC', 'CBN', 'INTL'],
  role: 'primary',
  protocol: 'smpp',
  version: '3.4',
  spNumber: '10690000',
  account: 'smshub',
  secret: 'smshub',
  external: { host: '127.0.0.1', port },
});

/**
 * smshub from its built dist/ on a fresh database (migrated and seeded by tools/stack), the load
 * sent to its API server (apps/api, decision 0171; no portal), with a message.status webhook
 * pointing at the load generator's receiver; the harness's simulator and loadgen-smshub.js with
 * the same settings run.sh gives Kannel's.
 */
async function smshubRun(
  log: (line: string) => void,
  harness: Harness,
  options: SideBySideOptions,
  spec: CaseSpec,
  round: number,
): Promise<RunFigures> {
  const label = `${spec.key}-smshub-r${round}`;
  const work = path.join(harness.root, 'work', label);
  mkdirSync(work, { recursive: true });
  const timeoutS = loadTimeoutS(spec.n);
  // The simulator exactly as run.sh starts it for Kannel.
  const simulator = new StackChild({
    name: 'smsc-sim',
    command: process.execPath,
    args: [
      path.join(harness.bench, 'smsc-sim', 'smsc-sim.js'),
      '--host',
      '127.0.0.1',
      '--port',
      String(options.simPort),
      '--dlr',
      '--dlr-delay-ms',
      '100',
      '--dlr-jitter-ms',
      String(spec.dlrJitterMs ?? 0),
      '--out',
      path.join(work, 'sim.json'),
      '--max-seconds',
      String(timeoutS + 900),
    ],
    cwd: path.join(harness.bench, 'smsc-sim'),
    env: {},
    logFile: path.join(work, 'sim.log'),
    ready: (line) => line.includes('listening'),
    readyTimeoutMs: 10_000,
  });
  const isolated = new IsolatedStack('sidebyside', {
    gateways: [neutralGateway(options.simPort)],
    webhooks: true,
    // The load goes to the API server (decision 0171); the console has no part in it.
    portal: false,
    channelTps: 20_000,
    channelWindow: 100,
    channelBinds: 1,
    // BENCH_CPU_PROF=<folder>: every smshub process writes a V8 CPU profile there at its exit.
    ...(options.cpuProfileDir === null
      ? {}
      : { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.join(options.cpuProfileDir, label)}`] }),
  });
  let simulatorStarted = false;
  let stackDir: string | null = null;
  let complete = false;
  try {
    await simulator.start();
    simulatorStarted = true;
    const stack = await isolated.start((line) => log(`  stack: ${line}`));
    stackDir = stack.options.workDir;
    const info = stack.info;
    // Single mode, one event per POST: loadgen-smshub.js's receiver counts a body with `event` and
    // `data` as one callback and anything else (a batch's `events`) as another event, and reads
    // 64 KiB of a body at most. Batched delivery is measured by the webhooks phase instead.
    const hook = await fetch(`${info.apiUrl}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${info.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        url: `http://127.0.0.1:${options.callbackPort}/hook`,
        events: ['message.status'],
        delivery: { mode: 'single' },
      }),
    });
    if (hook.status !== 201) throw new Error(`webhook registration answered ${hook.status}: ${await hook.text()}`);

    const db = new pg.Client({ connectionString: isolated.databaseUrl });
    await db.connect();
    const counters = new DbCounters(db, isolated.databaseName, isolated.redisUrl);
    try {
      const measured = await smshubTargets(stack.children, db, isolated.databaseName);
      const meter = new ProcessMeter(measured.targets);
      const args = [
        path.join(harness.bench, 'loadgen', 'loadgen-smshub.js'),
        '--label',
        label,
        '--n',
        String(spec.n),
        '--concurrency',
        String(options.concurrency),
        '--connect-parallel',
        '8',
        '--batch',
        String(spec.batch),
        '--url',
        `${info.apiUrl}/api/v1/messages`,
        '--api-key',
        info.apiKey,
        '--dlr-port',
        String(options.callbackPort),
        '--dlr-path',
        '/hook',
        '--to-base',
        String(TO_BASE),
        '--timeout-s',
        String(timeoutS),
        '--dlr-timeout-s',
        String(Math.min(timeoutS, Math.max(120, Math.ceil(spec.n / 50)))),
        '--out',
        path.join(work, 'loadgen.json'),
        // Kannel's ucs2 run sends '测试<i>' padded to 150 Chinese characters: the same text here.
        ...(spec.text === 'zh150' ? ['--text', '测试{i}', '--pad-zh', '150'] : []),
      ];
      const statements = new StatementProfile(db);
      await statements.start();
      const countedFrom = await counters.snapshot();
      meter.start();
      let shown = 0;
      let finished: Finished;
      let processes: ReturnType<ProcessMeter['stop']>;
      try {
        finished = await runToEnd(process.execPath, args, {
          timeoutMs: (timeoutS + 60) * 1000,
          onStderrLine: (line) => {
            // One progress line every 30 s is enough on a four-minute run.
            const t = /t=(\d+)s/.exec(line);
            if (t !== null && Number(t[1]) >= shown + 30) {
              shown = Number(t[1]);
              log(`  ${line}`);
            } else if (t === null) log(`  ${line}`);
          },
        });
      } finally {
        processes = meter.stop();
        await measured.stop();
      }
      if (finished.code !== 0)
        throw new Error(`loadgen-smshub.js exited with ${finished.code}: ${finished.stderr.slice(-500)}`);
      const dbCounters = countersPerMessage(countedFrom, await counters.snapshot(), spec.n);
      log(describeCounters(`  ${label}`, dbCounters));
      const topStatements = await statements.top(spec.n);
      for (const line of describeStatements(`  ${label}`, topStatements)) log(line);
      const lg = lastJsonLine(finished.stdout);
      const firstRequestMs = num(lg.first_request_epoch_ms);
      const inDb = await db.query<{ total: number; final: number; last_final_ms: number | null }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE status IN ${FINAL})::int AS final,
                (extract(epoch FROM max(final_at)) * 1000)::float8 AS last_final_ms
           FROM messages`,
      );
      const { total, final, last_final_ms: lastFinalMs } = inDb.rows[0]!;
      await simulator.kill('SIGTERM');
      const sim = JSON.parse(readFileSync(path.join(work, 'sim.json'), 'utf8')) as Record<string, unknown>;
      const submitPdus = num(sim.submit_total);
      const submitRate = num(sim.submit_rate_first_to_last);
      const cpu: Record<string, number> = {};
      for (const [name, figures] of Object.entries(processes)) cpu[name] = figures.cpuMs / spec.n;
      const ok =
        lg.accepted === spec.n &&
        lg.e2e_all_complete === true &&
        lg.dlr_duplicate_ids === 0 &&
        submitPdus === spec.n * spec.segments &&
        final === spec.n;
      complete = true;
      return {
        system: 'smshub',
        case: spec.key,
        round,
        n: spec.n,
        ok,
        acceptedPerSecond: num(lg.http_accept_rate),
        endToEndPerSecond: num(lg.e2e_rate),
        finalInDatabasePerSecond:
          firstRequestMs === null || lastFinalMs === null || lastFinalMs <= firstRequestMs
            ? null
            : Math.round((final / ((lastFinalMs - firstRequestMs) / 1000)) * 10) / 10,
        submitPerSecond: submitRate === null ? null : Math.round((submitRate / spec.segments) * 10) / 10,
        cpuMsPerMessage: cpu,
        detail: {
          loadgen: lg,
          messagesInDatabase: total,
          finalInDatabase: final,
          simulator: { ...sim, per_second: undefined, binds: undefined },
          processes,
          dbCounters,
          topStatements,
        },
      };
    } finally {
      counters.close();
      await db.end();
    }
  } finally {
    const redisPrefix = isolated.redisPrefix;
    await isolated.stop().catch((error: unknown) => log(`  stack stop: ${String(error)}`));
    await clearRedis(isolated.redisUrl, redisPrefix);
    if (simulatorStarted) await simulator.close();
    // The stack's logs are worth keeping only when something went wrong.
    if (stackDir !== null) {
      if (complete) rmSync(stackDir, { recursive: true, force: true });
      else log(`  smshub logs kept in ${stackDir}`);
    }
  }
}

/**
 * What smshub's CPU is: each of its processes (process groups); PostgreSQL's backends of its own
 * database (other engineers' databases on the shared server are left out) and, apart, the
 * server's WAL writer, checkpointer and background writer, which work for every database but
 * mostly for the one under load; and Redis (one server, shared). `stop` ends the list's upkeep.
 */
async function smshubTargets(
  children: ReadonlyMap<string, StackChild>,
  db: pg.Client,
  databaseName: string,
): Promise<{ readonly targets: Map<string, Target>; readonly stop: () => Promise<void> }> {
  const targets = new Map<string, Target>();
  for (const [name, child] of children) if (child.pid !== undefined) targets.set(name, { pgid: child.pid });
  let backends: readonly number[] = [];
  let writers: readonly number[] = [];
  const refresh = async () => {
    const result = await db.query<{ pid: number; ours: boolean }>(
      `SELECT pid, datname IS NOT DISTINCT FROM $1 AS ours FROM pg_stat_activity
        WHERE pid <> pg_backend_pid()
          AND (datname = $1 OR backend_type IN ('walwriter', 'checkpointer', 'background writer'))`,
      [databaseName],
    );
    backends = result.rows.filter((row) => row.ours).map((row) => row.pid);
    writers = result.rows.filter((row) => !row.ours).map((row) => row.pid);
  };
  await refresh();
  // Pools open connections under load: the list follows them (the meter samples every 500 ms).
  let refreshing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    refreshing = refreshing.then(refresh).catch(() => undefined);
  }, 400);
  targets.set('postgres', { pids: () => backends });
  targets.set('postgres-writers', { pids: () => writers });
  targets.set('redis', { command: 'redis-server' });
  return {
    targets,
    stop: async () => {
      clearInterval(timer);
      await refreshing;
    },
  };
}

async function clearRedis(url: string, prefix: string): Promise<void> {
  const redis = createRedis({ url, prefix }, 'side-by-side-cleanup');
  try {
    const keys = await redis.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  } finally {
    redis.disconnect();
  }
}
