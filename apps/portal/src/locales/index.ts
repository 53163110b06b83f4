import en from './en';
import type { Mirror } from './mirror';
import zhCN from './zh-CN';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
/** The cookie the language switch sets. */
export const LOCALE_COOKIE = 'NEXT_LOCALE';

/** Every locale's strings, typed as the zh-CN source's keys with string values. */
export type Messages = Mirror<typeof zhCN>;

export const MESSAGES: Readonly<Record<Locale, Messages>> = { 'zh-CN': zhCN, en };

export function localeOf(value: string | undefined): Locale {
  return value === 'en' ? 'en' : DEFAULT_LOCALE;
}
