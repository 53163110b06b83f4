/**
 * Quiet hours: marketing must not reach people at night. A window is minutes after local
 * midnight, [start, end), and may wrap midnight (21:00–08:00). Times are the recipient's own
 * (an IANA time zone), so a message to London is held by London's night, not Beijing's.
 */
export interface QuietHours {
  readonly start: number;
  readonly end: number;
  readonly apply: boolean;
}

/** Minutes after midnight at `at` in `timeZone`. */
export function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? '0');
  return hour * 60 + minute;
}

function inWindow(minutes: number, quiet: QuietHours): boolean {
  if (quiet.start === quiet.end) return false;
  return quiet.start < quiet.end
    ? minutes >= quiet.start && minutes < quiet.end
    : minutes >= quiet.start || minutes < quiet.end;
}

/**
 * When a message due at `now` may go out: null when it may go now, otherwise the moment the
 * quiet window ends in the recipient's time zone (to the minute).
 */
export function quietUntil(now: Date, quiet: QuietHours, timeZone: string): Date | null {
  if (!quiet.apply) return null;
  const minutes = localMinutes(now, timeZone);
  if (!inWindow(minutes, quiet)) return null;
  const wait = (quiet.end - minutes + 24 * 60) % (24 * 60);
  const until = new Date(now.getTime() + wait * 60_000);
  until.setUTCSeconds(0, 0);
  return until;
}
