/**
 * Splits the parameters of an extended AT command (`2,1,0,1,0`, `"SM","SM","SM"`) at commas
 * outside double quotes and drops the quotes (TS 27.007 §4.1). An empty field stays '' so the
 * caller can tell an omitted value from a zero.
 */
export function splitAtArguments(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      fields.push(field.trim());
      field = '';
    } else field += char;
  }
  fields.push(field.trim());
  return fields;
}

/** A decimal field, or null when it is empty or not a whole number in [min, max]. */
export function integerArgument(field: string | undefined, min: number, max: number): number | null {
  if (field === undefined || field === '') return null;
  for (const char of field) if (char < '0' || char > '9') return null;
  const value = Number(field);
  return value >= min && value <= max ? value : null;
}
