import type { DeliveryState } from '../carrier-forms.js';

/**
 * Stat words of the status-report block (reference §1.8). The seven standard words map to
 * themselves; everything else — the 3.0 codes such as MA:0001, CB:0013, vendor words — means the
 * message did not arrive, so it is UNDELIV with the raw word kept as the report's `code`.
 */
const standard: ReadonlySet<string> = new Set([
  'DELIVRD',
  'EXPIRED',
  'DELETED',
  'UNDELIV',
  'ACCEPTD',
  'UNKNOWN',
  'REJECTD',
]);

export function deliveryStateOf(stat: string): DeliveryState {
  return standard.has(stat) ? (stat as DeliveryState) : 'UNDELIV';
}

/**
 * The Stat word a gateway sends for a state. A 7-character carrier code passed as `error` (e.g.
 * "MA:0054") replaces the word UNDELIV, so a simulated failure reaches the client exactly as a
 * real gateway would report it (and maps back to UNDELIV there). CMPP has no ENROUTE; it is sent
 * as ACCEPTD.
 */
export function statOf(state: DeliveryState, error?: string): string {
  if (state === 'UNDELIV' && error !== undefined && error.length === 7) return error;
  return state === 'ENROUTE' ? 'ACCEPTD' : state;
}
