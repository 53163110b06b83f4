/**
 * Final result codes end a command (TS 27.007 §5.2.1 / §9.2, TS 27.005 §3.2.5). Anything else a
 * modem sends during a command is an intermediate line or an unsolicited result code.
 */
export type FinalResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly kind: 'error' }
  /** +CME ERROR / +CMS ERROR with a number (AT+CMEE=1) or, from some modules, a text. */
  | { readonly ok: false; readonly kind: 'cme' | 'cms'; readonly code: number | null; readonly text: string }
  /** NO CARRIER, BUSY …: call results, which end a command like ERROR does. */
  | { readonly ok: false; readonly kind: 'call'; readonly text: string };

const CALL_RESULTS = new Set(['NO CARRIER', 'BUSY', 'NO ANSWER', 'NO DIALTONE']);

export function finalResult(line: string): FinalResult | null {
  if (line === 'OK') return { ok: true };
  if (line === 'ERROR') return { ok: false, kind: 'error' };
  if (line.startsWith('+CME ERROR:') || line.startsWith('+CMS ERROR:')) {
    const text = line.slice('+CME ERROR:'.length).trim();
    return { ok: false, kind: line.startsWith('+CME') ? 'cme' : 'cms', code: decimal(text), text };
  }
  if (CALL_RESULTS.has(line)) return { ok: false, kind: 'call', text: line };
  return null;
}

function decimal(text: string): number | null {
  if (text === '') return null;
  for (const char of text) if (char < '0' || char > '9') return null;
  return Number(text);
}
