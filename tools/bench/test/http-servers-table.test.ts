import { describe, expect, it } from 'vitest';
import { compareHttpServers, type HttpRunFigures, httpServersTable } from '../src/http-servers-table.js';

const run = (server: 'next' | 'lean', round: number, requestsPerSecond: number, cpuMsPerRequest: number) =>
  ({
    server,
    round,
    requests: 5000,
    requestsPerSecond,
    cpuMsPerRequest,
    latencyMs: { p50: round, p99: 10 * round },
    refusedCpuMsPerRequest: cpuMsPerRequest / 10,
  }) satisfies HttpRunFigures;

describe('the HTTP-layer comparison', () => {
  it('takes the median of each server’s rounds and the lean server’s ratio to Next', () => {
    const comparison = compareHttpServers([
      run('next', 1, 300, 5),
      run('lean', 1, 900, 1),
      run('next', 2, 100, 6),
      run('lean', 2, 600, 2),
      run('next', 3, 200, 4),
      run('lean', 3, 30, 9),
    ]);
    expect(comparison.servers.next).toEqual({
      runs: 3,
      requestsPerSecond: 200,
      cpuMsPerRequest: 5,
      refusedCpuMsPerRequest: 0.5,
      p50Ms: 2,
      p99Ms: 20,
    });
    expect(comparison.servers.lean).toMatchObject({ runs: 3, requestsPerSecond: 600, cpuMsPerRequest: 2 });
    expect(comparison.leanVsNext).toEqual({ requestsPerSecond: 3, cpuMsPerRequest: 0.4 });
  });

  it('prints both figures of both servers, and a dash where a server has no run', () => {
    const table = httpServersTable(compareHttpServers([run('next', 1, 250, 5.5)]), {
      requests: 5000,
      concurrency: 64,
      rounds: 1,
    });
    expect(table[0]).toContain('64 in flight, 5,000 requests × 1');
    expect(table[2]).toMatch(/^ {2}Next\.js route handlers .* 250 +5\.50 +0\.55 +1\.0 \/ 10\.0$/);
    expect(table[3]).toMatch(/^ {2}lean node:http server .* — +— +— +— \/ —$/);
    expect(table[4]).toBe('  lean ÷ Next: requests/s ×—, CPU per request ×—');
  });
});
