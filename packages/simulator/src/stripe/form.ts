/**
 * Stripe's request bodies are application/x-www-form-urlencoded with bracketed keys
 * (`line_items[0][price_data][unit_amount]=100`, `metadata[org_id]=7`); this turns them back into
 * the nested object the library started from. Indices become arrays, everything else objects;
 * values stay strings (Stripe's own API coerces them per field, the stand-in where it reads them).
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

export function decodeStripeForm(body: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = splitKey(key);
    if (path === null) throw new Error(`form key ${JSON.stringify(key)} is not name[part][part]…`);
    let node: Record<string, FormValue> | FormValue[] = root;
    for (const [i, part] of path.entries()) {
      const last = i === path.length - 1;
      const slot = node as Record<string, FormValue>;
      if (last) {
        slot[part] = value;
        break;
      }
      const nextIsIndex = /^\d+$/.test(path[i + 1] as string);
      const existing = slot[part];
      if (existing === undefined || typeof existing === 'string') {
        slot[part] = nextIsIndex ? [] : {};
      }
      node = slot[part] as Record<string, FormValue> | FormValue[];
    }
  }
  return root;
}

/** `a[b][0]` → ['a', 'b', '0']; null when the brackets do not close. */
function splitKey(key: string): string[] | null {
  const open = key.indexOf('[');
  if (open === -1) return [key];
  const parts = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    const match = /^\[([^\]]*)\]/.exec(rest);
    if (match === null) return null;
    parts.push(match[1] as string);
    rest = rest.slice(match[0].length);
  }
  return parts;
}
