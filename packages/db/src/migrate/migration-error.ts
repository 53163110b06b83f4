/** Why the migration runner refused or stopped; `migration` names the folder concerned. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  readonly migration: string | undefined;

  constructor(message: string, options: { migration?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.migration = options.migration;
  }
}

/**
 * A PostgreSQL error in a migration script as a person wants to read it: the message, the SQLSTATE
 * and the line of the script it points at, when the server gave a position.
 */
export function describeScriptError(error: unknown, script: string): string {
  if (!(error instanceof Error)) return String(error);
  const fields = error as Error & { code?: unknown; position?: unknown };
  const parts = [error.message];
  if (typeof fields.code === 'string') parts.push(`(SQLSTATE ${fields.code})`);
  const position = typeof fields.position === 'string' ? Number.parseInt(fields.position, 10) : Number.NaN;
  if (Number.isInteger(position) && position > 0) {
    let line = 1;
    for (let i = 0; i < position - 1 && i < script.length; i++) if (script.charCodeAt(i) === 10) line++;
    parts.push(`at line ${line}`);
  }
  return parts.join(' ');
}
