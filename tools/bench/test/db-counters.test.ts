import { describe, expect, it } from 'vitest';
import { type CounterSnapshot, countersPerMessage, parseCommandStats } from '../src/db-counters.js';

describe('db counters', () => {
  it("reads INFO commandstats' calls per command", () => {
    const info =
      '# Commandstats\r\ncmdstat_evalsha:calls=120,usec=900,usec_per_call=7.50,rejected_calls=0,failed_calls=0\r\n' +
      'cmdstat_get:calls=7,usec=10,usec_per_call=1.43,rejected_calls=0,failed_calls=0\r\n' +
      'cmdstat_client|setname:calls=2,usec=3,usec_per_call=1.50,rejected_calls=0,failed_calls=0\r\n';
    expect(parseCommandStats(info)).toEqual(
      new Map([
        ['evalsha', 120],
        ['get', 7],
        ['client|setname', 2],
      ]),
    );
  });

  it('gives the deltas per message, with the five commands called most', () => {
    const snapshot = (commits: number, walBytes: number, redis: Record<string, number>): CounterSnapshot => ({
      xactCommit: commits,
      xactRollback: 0,
      walRecords: walBytes / 100,
      walFpi: 0,
      walBytes,
      walWrites: commits,
      walSyncs: commits,
      redis: new Map(Object.entries(redis)),
    });
    const before = snapshot(100, 10_000, { evalsha: 50, get: 5, set: 1 });
    const after = snapshot(300, 210_000, {
      evalsha: 2_050,
      get: 5,
      set: 201,
      zadd: 400,
      hset: 300,
      del: 100,
      ping: 50,
    });
    const c = countersPerMessage(before, after, 1_000);
    expect(c).toMatchObject({ messages: 1_000, commits: 0.2, walBytes: 200, walRecords: 2, walSyncs: 0.2 });
    expect(c.redisCommands).toBe(3.05);
    expect(c.redisTop).toEqual([
      { command: 'evalsha', perMessage: 2 },
      { command: 'zadd', perMessage: 0.4 },
      { command: 'hset', perMessage: 0.3 },
      { command: 'set', perMessage: 0.2 },
      { command: 'del', perMessage: 0.1 },
    ]);
  });
});
