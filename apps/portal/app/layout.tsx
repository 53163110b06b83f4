import type { ReactNode } from 'react';

export const metadata = { title: 'smshub', description: '多运营商短信平台 · Multi-carrier SMS platform' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="zh-CN">
      <body>{children}</body>
    </html>
  );
}
