import type { Mirror } from '../locales/mirror';
import type zhCN from '../locales/zh-CN';

declare module 'next-intl' {
  interface AppConfig {
    /** The zh-CN source's keys, every value a string (the English twin has the same keys). */
    Messages: Mirror<typeof zhCN>;
    Locale: 'zh-CN' | 'en';
  }
}
