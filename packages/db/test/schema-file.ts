import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const SCHEMA_PATH = fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url));

export function readSchema(): Promise<string> {
  return readFile(SCHEMA_PATH, 'utf8');
}
