import { getRequestConfig } from 'next-intl/server';
import { cookies } from 'next/headers';
import { LOCALE_COOKIE, localeOf, MESSAGES } from '../locales';

/** Chinese unless the person chose English (the header's switch sets the cookie). */
export default getRequestConfig(async () => {
  const locale = localeOf((await cookies()).get(LOCALE_COOKIE)?.value);
  return { locale, messages: MESSAGES[locale], timeZone: 'Asia/Shanghai' };
});
