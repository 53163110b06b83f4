import { AntdRegistry } from '@ant-design/nextjs-registry';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale } from 'next-intl/server';
import type { ReactNode } from 'react';
import { Providers } from '../src/console/providers';
import { localeOf } from '../src/locales';

export const metadata = { title: 'smshub', description: '多运营商短信平台 · Multi-carrier SMS platform' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = localeOf(await getLocale());
  return (
    <html lang={locale}>
      <body style={{ margin: 0 }}>
        <AntdRegistry>
          <NextIntlClientProvider>
            <Providers locale={locale}>{children}</Providers>
          </NextIntlClientProvider>
        </AntdRegistry>
      </body>
    </html>
  );
}
