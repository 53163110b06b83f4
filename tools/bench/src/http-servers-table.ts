import { median } from './side-by-side-table.js';

/**
 * The HTTP-layer comparison's arithmetic and its table: per server, the medians over rounds of
 * requests per second and of the HTTP process's CPU per request, and the lean server's share of
 * Next's. Pure, so the figures printed are the figures tested.
 */

export type HttpServerName = 'next' | 'lean';
export const HTTP_SERVERS: readonly HttpServerName[] = ['next', 'lean'];

const TITLES: Record<HttpServerName, string> = {
  next: 'Next.js route handlers (next start, apps/portal)',
  lean: 'lean node:http server (apps/api)',
};

/** One measured run: `requests` POSTs of one message each against one server. */
export interface HttpRunFigures {
  readonly server: HttpServerName;
  readonly round: number;
  readonly requests: number;
  /** First request → last answer. */
  readonly requestsPerSecond: number;
  /** utime + stime of the server's process group during the run, per request. */
  readonly cpuMsPerRequest: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number };
  /**
   * The same for as many `GET /api/v1/messages` without a key (401 before any database work):
   * what the HTTP layer, the endpoint wrapper and its log line cost with next to no handler.
   */
  readonly refusedCpuMsPerRequest: number;
}

export interface HttpServerMedians {
  readonly runs: number;
  readonly requestsPerSecond: number | null;
  readonly cpuMsPerRequest: number | null;
  readonly refusedCpuMsPerRequest: number | null;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}

export interface HttpComparison {
  readonly servers: Record<HttpServerName, HttpServerMedians>;
  /** lean ÷ next: above 1 is faster for requests/s; below 1 is cheaper for CPU. */
  readonly leanVsNext: { readonly requestsPerSecond: number | null; readonly cpuMsPerRequest: number | null };
}

const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);

export function compareHttpServers(runs: readonly HttpRunFigures[]): HttpComparison {
  const medians = (server: HttpServerName): HttpServerMedians => {
    const mine = runs.filter((run) => run.server === server);
    return {
      runs: mine.length,
      requestsPerSecond: median(mine.map((run) => run.requestsPerSecond)),
      cpuMsPerRequest: median(mine.map((run) => run.cpuMsPerRequest)),
      refusedCpuMsPerRequest: median(mine.map((run) => run.refusedCpuMsPerRequest)),
      p50Ms: median(mine.map((run) => run.latencyMs.p50)),
      p99Ms: median(mine.map((run) => run.latencyMs.p99)),
    };
  };
  const servers = { next: medians('next'), lean: medians('lean') };
  return {
    servers,
    leanVsNext: {
      requestsPerSecond: ratio(servers.lean.requestsPerSecond, servers.next.requestsPerSecond),
      cpuMsPerRequest: ratio(servers.lean.cpuMsPerRequest, servers.next.cpuMsPerRequest),
    },
  };
}

const fixed = (value: number | null, digits: number) => (value === null ? '—' : value.toFixed(digits));

/** The lines `make bench` prints. */
export function httpServersTable(
  comparison: HttpComparison,
  setting: { readonly requests: number; readonly concurrency: number; readonly rounds: number },
): string[] {
  const lines = [
    `HTTP layer: POST /api/v1/messages, 1 message per request, ${setting.concurrency} in flight, ` +
      `${setting.requests.toLocaleString('en')} requests × ${setting.rounds} interleaved round(s), medians; ` +
      'CPU = utime + stime of the HTTP process (its process group) during the run; ' +
      '"401 only": as many GET /api/v1/messages without a key (the HTTP layer with next to no handler)',
    `  ${'server'.padEnd(50)} ${'requests/s'.padStart(10)} ${'CPU ms/request'.padStart(14)} ${'401 only'.padStart(9)} ${'p50 / p99 ms'.padStart(16)}`,
  ];
  for (const server of HTTP_SERVERS) {
    const m = comparison.servers[server];
    lines.push(
      `  ${TITLES[server].padEnd(50)} ${fixed(m.requestsPerSecond, 0).padStart(10)} ${fixed(m.cpuMsPerRequest, 2).padStart(14)} ` +
        `${fixed(m.refusedCpuMsPerRequest, 2).padStart(9)} ${`${fixed(m.p50Ms, 1)} / ${fixed(m.p99Ms, 1)}`.padStart(16)}`,
    );
  }
  const { requestsPerSecond, cpuMsPerRequest } = comparison.leanVsNext;
  lines.push(
    `  lean ÷ Next: requests/s ×${fixed(requestsPerSecond, 2)}, CPU per request ×${fixed(cpuMsPerRequest, 2)}`,
  );
  return lines;
}
