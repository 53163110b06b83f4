/**
 * How the console shows money, time and numbers — one module, so every page agrees.
 * Money is kept in li (厘, 1/1000 yuan) end to end; time is shown in Beijing time whatever the
 * server's or the browser's zone.
 */

const LI_PER_YUAN = 1000n;

/** 12345 li → "¥12.345"; negative amounts keep their sign. Accepts the string form tRPC carries. */
export function formatYuan(li: bigint | string | number): string {
  const value = typeof li === 'bigint' ? li : BigInt(li);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const yuan = abs / LI_PER_YUAN;
  const rest = (abs % LI_PER_YUAN).toString().padStart(3, '0');
  return `${sign}¥${yuan.toLocaleString('en-US')}.${rest}`;
}

/**
 * An amount of money (a balance, a charge, a recharge): yuan with two decimals, "¥1,234.50" —
 * three only when the amount has li in it ("¥0.035"), so nothing is rounded away. Prices per
 * segment, where li matter, use formatYuan.
 */
export function formatMoney(li: bigint | string | number): string {
  const value = typeof li === 'bigint' ? li : BigInt(li);
  const full = formatYuan(value);
  return value % 10n === 0n ? full.slice(0, -1) : full;
}

/** A signed amount for a ledger: "+¥100.00", "-¥0.035", "¥0.00". */
export function formatSignedMoney(li: bigint | string | number): string {
  const value = typeof li === 'bigint' ? li : BigInt(li);
  return value > 0n ? `+${formatMoney(value)}` : formatMoney(value);
}

/** 12.345 (yuan, as a number input gives it) → "12345" li, the string form tRPC carries. */
export function yuanToLi(yuan: number): string {
  return String(Math.round(yuan * Number(LI_PER_YUAN)));
}

const BEIJING = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** "2026-12-03 19:30:05" in Beijing time; "—" for nothing. */
export function formatBeijingTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '—';
  return BEIJING.format(date);
}

const BEIJING_MONTH = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
});

/** The month (Beijing time) a moment falls in: "2026-12". */
export function beijingMonth(value: Date | string = new Date()): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return BEIJING_MONTH.format(date);
}

/** 13800138000 → 138****8000; shorter or longer numbers keep their first 3 and last 4. */
export function maskPhone(number: string): string {
  if (number.length <= 7) return number.replace(/\d(?=\d{2})/g, '*');
  return `${number.slice(0, 3)}${'*'.repeat(number.length - 7)}${number.slice(-4)}`;
}

/** 0.98765 → "98.8%"; null (nothing final yet) → "—". */
export function formatPercent(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? '—' : `${(ratio * 100).toFixed(1)}%`;
}
