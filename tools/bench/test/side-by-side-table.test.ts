import { describe, expect, it } from 'vitest';
import {
  type CaseSpec,
  figure,
  median,
  type RunFigures,
  sideBySideTable,
  summarizeCases,
  type SystemName,
} from '../src/side-by-side-table.js';

const ascii: CaseSpec = {
  key: 'ascii',
  title: '1 message per request, ASCII',
  n: 1000,
  text: 'ascii',
  batch: 1,
  kannel: true,
  segments: 1,
};
const batched: CaseSpec = {
  ...ascii,
  key: 'batch1000',
  title: '1,000 recipients per request',
  batch: 1000,
  kannel: false,
};

function run(system: SystemName, round: number, endToEnd: number, cpu: Record<string, number>, ok = true): RunFigures {
  return {
    system,
    case: 'ascii',
    round,
    n: 1000,
    ok,
    acceptedPerSecond: endToEnd * 2,
    endToEndPerSecond: endToEnd,
    finalInDatabasePerSecond: system === 'smshub' ? endToEnd * 1.5 : null,
    submitPerSecond: endToEnd,
    cpuMsPerMessage: cpu,
  };
}

describe('side-by-side summary', () => {
  it('takes medians of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('medians each system over its rounds and divides smshub by Kannel', () => {
    const runs = [
      run('kannel-none', 1, 2000, { bearerbox: 0.3, smsbox: 0.2 }),
      run('kannel-none', 2, 2200, { bearerbox: 0.32, smsbox: 0.2 }),
      run('kannel-none', 3, 1800, { bearerbox: 0.28, smsbox: 0.22 }),
      run('kannel-spool', 1, 1600, { bearerbox: 0.5, smsbox: 0.3 }),
      run('smshub', 1, 90, { portal: 8, postgres: 4 }),
      run('smshub', 2, 80, { portal: 9, postgres: 3 }),
      run('smshub', 3, 100, { portal: 7, postgres: 6 }, false),
    ];
    const [summary] = summarizeCases([ascii], runs);
    expect(summary!.systems['kannel-none']).toMatchObject({ runs: 3, complete: 3, endToEndPerSecond: 2000 });
    expect(summary!.systems['kannel-none']!.cpuMsPerMessage).toBeCloseTo(0.5);
    expect(summary!.systems.smshub).toMatchObject({
      runs: 3,
      complete: 2,
      endToEndPerSecond: 90,
      finalInDatabasePerSecond: 135,
      cpuMsPerMessageByProcess: { portal: 8, postgres: 4 },
    });
    // The median of the runs' totals (12, 12, 13), not the sum of the per-process medians (12).
    expect(summary!.systems.smshub!.cpuMsPerMessage).toBe(12);
    expect(summary!.ratios.endToEndVsNone).toBeCloseTo(0.045);
    expect(summary!.ratios.endToEndVsSpool).toBeCloseTo(90 / 1600);
    expect(summary!.ratios.cpuVsNone).toBeCloseTo(24);
  });

  it('prints a dash where Kannel has no figure and names every counted process', () => {
    const runs = [
      { ...run('smshub', 1, 1156, { portal: 0.5, redis: 0.1 }), case: 'batch1000' },
      run('kannel-none', 1, 2217, { bearerbox: 0.31, smsbox: 0.2 }),
      run('smshub', 1, 89, { portal: 8.1, redis: 0.5 }),
    ];
    const table = sideBySideTable(summarizeCases([ascii, batched], runs), 1);
    const row = (caseTitle: string, name: string) => {
      const start = table.findIndex((line) => line.startsWith(`| ${caseTitle}`));
      return table.slice(start).find((line) => line.includes(`| ${name} |`))!;
    };
    expect(row('1 message per request, ASCII', 'end to end (last final callback), msgs/s')).toBe(
      '| 1 message per request, ASCII, 1,000 msgs | end to end (last final callback), msgs/s | 2,217 | — | 89 | 0.0401× | — |',
    );
    expect(row('1 message per request, ASCII', 'CPU ms per message per process')).toContain(
      '| bearerbox 0.31, smsbox 0.2 | — | portal 8.1, redis 0.5 |',
    );
    expect(row('1,000 recipients', 'final status in PostgreSQL, msgs/s')).toContain('| — | — | 1,734 |');
  });

  it('formats small figures to three digits and large ones whole', () => {
    expect(figure(0.51234)).toBe('0.512');
    expect(figure(16.849)).toBe('16.8');
    expect(figure(2217.4)).toBe('2,217');
    expect(figure(null)).toBe('—');
  });
});
