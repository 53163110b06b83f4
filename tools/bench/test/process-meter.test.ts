import { describe, expect, it } from 'vitest';
import { CpuLedger } from '../src/process-meter.js';

const ticks = (entries: Record<number, number>) => new Map(Object.entries(entries).map(([pid, t]) => [Number(pid), t]));

describe('CpuLedger', () => {
  it('counts only what each process used after the start', () => {
    const ledger = new CpuLedger();
    ledger.begin(ticks({ 10: 500, 11: 40 }));
    ledger.observe(ticks({ 10: 530, 11: 45 }));
    expect(ledger.ticks()).toBe(35);
  });

  it('keeps the CPU of a process that exits before the stop', () => {
    // Another engineer's PostgreSQL backend (pid 12) lived long and exits mid-run: summing the set
    // at the start (500 + 9,000) and at the stop (560) would make the run's CPU negative.
    const ledger = new CpuLedger();
    ledger.begin(ticks({ 10: 500, 12: 9_000 }));
    ledger.observe(ticks({ 10: 520, 12: 9_004 }));
    ledger.observe(ticks({ 10: 560 }));
    expect(ledger.ticks()).toBe(64);
  });

  it('counts the whole life of a process born while measuring', () => {
    const ledger = new CpuLedger();
    ledger.begin(ticks({ 10: 500 }));
    ledger.observe(ticks({ 10: 510, 20: 7 }));
    ledger.observe(ticks({ 10: 515, 20: 30 }));
    expect(ledger.ticks()).toBe(45);
  });
});
