import { API_ERROR_CODES } from '@smshub/api';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../src/locales';
import { CONSOLE_ROUTES } from '../src/console/routes';

/** Every leaf key of a nested strings object, dotted. */
function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof value !== 'object' || value === null) return out.set(prefix, value);
  for (const [key, child] of Object.entries(value)) {
    for (const [k, v] of leaves(child, prefix === '' ? key : `${prefix}.${key}`)) out.set(k, v);
  }
  return out;
}

describe('the console’s languages', () => {
  const zh = leaves(MESSAGES['zh-CN']);
  const en = leaves(MESSAGES.en);

  it('have the same keys, every value a non-empty string', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
    for (const [key, value] of [...zh, ...en]) {
      expect(typeof value === 'string' && value.trim().length > 0, `${key} is empty`).toBe(true);
    }
  });

  it('translate every refusal code and every menu entry', () => {
    for (const code of API_ERROR_CODES) {
      expect(zh.get(`errors.${code}`), `errors.${code} (zh-CN)`).toBeTypeOf('string');
      expect(en.get(`errors.${code}`), `errors.${code} (en)`).toBeTypeOf('string');
    }
    for (const route of CONSOLE_ROUTES) {
      expect(zh.get(`menu.${route.key}`)).toBeTypeOf('string');
      expect(en.get(`menu.${route.key}`)).toBeTypeOf('string');
    }
  });

  it('are really two languages: the English has no Chinese characters but where it names the other language', () => {
    for (const [key, value] of en) {
      if (key === 'common.switchLanguage') continue;
      expect(/[\u4e00-\u9fff]/.test(String(value)), `${key}: ${String(value)}`).toBe(false);
    }
  });
});
