import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isMessageErrorCode, MESSAGE_ERROR_CODES, MESSAGE_ERRORS } from '../src/message-errors.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Every TypeScript source of the packages and workers that store what happened to a message. */
async function sources(): Promise<string[]> {
  const files: string[] = [];
  for (const area of ['packages', 'workers']) {
    for (const name of await readdir(join(root, area))) {
      const src = join(root, area, name, 'src');
      const walk = async (dir: string): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
          const path = join(dir, entry.name);
          if (entry.isDirectory() && entry.name !== 'generated') await walk(path);
          else if (entry.isFile() && entry.name.endsWith('.ts')) files.push(path);
        }
      };
      await walk(src);
    }
  }
  return files;
}

describe('message error codes', () => {
  it('are upper snake case, each with a meaning and whether a retry may help', () => {
    for (const code of MESSAGE_ERROR_CODES) {
      expect(code).toMatch(/^[A-Z][A-Z_]*[A-Z]$/);
      expect(MESSAGE_ERRORS[code].meaning.length).toBeGreaterThan(20);
      expect(typeof MESSAGE_ERRORS[code].retryable).toBe('boolean');
    }
  });

  it('are the only codes any source gives a message (no literal outside the table, no built one)', async () => {
    const found: string[] = [];
    const files = await sources();
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      const where = relative(root, file);
      // errorCode: 'X' / errorCode: `…` in TypeScript; error_code = 'X' in SQL.
      for (const match of text.matchAll(/\berrorCode:\s*(['"`])((?:(?!\1).)*)\1/g)) {
        const code = match[2] ?? '';
        if (match[1] === '`' || !isMessageErrorCode(code))
          found.push(`${where}: errorCode ${match[1]}${code}${match[1]}`);
      }
      for (const match of text.matchAll(/\berror_code\s*=\s*'([^']*)'/g)) {
        if (!isMessageErrorCode(match[1] ?? '')) found.push(`${where}: error_code = '${match[1]}'`);
      }
      // A dispatch decision to fail names its code as `code:` next to kind 'fail'.
      for (const match of text.matchAll(/kind:\s*'fail',\s*code:\s*(['"`])((?:(?!\1).)*)\1/g)) {
        if (match[1] === '`' || !isMessageErrorCode(match[2] ?? '')) found.push(`${where}: fail code ${match[2]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
