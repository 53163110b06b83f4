import { describe, expect, it } from 'vitest';
import { beijingMonth, formatMoney, formatSignedMoney } from '../src/console/format';

describe('money amounts in the billing pages', () => {
  it('shows two decimals, three only when the amount has li in it', () => {
    expect(formatMoney(1_234_500n)).toBe('¥1,234.50');
    expect(formatMoney('0')).toBe('¥0.00');
    expect(formatMoney(35)).toBe('¥0.035');
    expect(formatMoney(-100_000n)).toBe('-¥100.00');
    expect(formatMoney(-35n)).toBe('-¥0.035');
  });

  it('signs ledger amounts', () => {
    expect(formatSignedMoney(100_000n)).toBe('+¥100.00');
    expect(formatSignedMoney('-45')).toBe('-¥0.045');
    expect(formatSignedMoney(0n)).toBe('¥0.00');
  });

  it('names the month in Beijing time', () => {
    // 2026-11-30 16:30 UTC is already 1 December in Beijing.
    expect(beijingMonth(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
    expect(beijingMonth('2026-11-30T15:59:59Z')).toBe('2026-11');
  });
});
