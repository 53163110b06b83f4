import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

/** Sent with every page and API answer (the console holds sessions; nothing may frame or sniff it). */
const SECURITY_HEADERS = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  {
    key: 'Content-Security-Policy',
    // Ant Design injects its CSS at run time (style-src 'unsafe-inline'); Next's hydration needs inline scripts.
    value:
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  },
];

const config: NextConfig = {
  // The portal runs as a long-lived Node server next to the workers; packages with native or
  // Node-only code stay outside the bundle and load from node_modules. @smshub/db is one of them:
  // it carries the generated Prisma client and finds prisma/migrations relative to its own file.
  serverExternalPackages: [
    '@smshub/db',
    'pg',
    'ioredis',
    'bullmq',
    '@prisma/client',
    '@prisma/adapter-pg',
    'pino',
    'iconv-lite',
    '@node-rs/argon2',
    'ldapts',
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() in requireRoute: the route table's refusal is a real 403 page.
  experimental: { authInterrupts: true },
  async headers() {
    return [{ source: '/:path*', headers: SECURITY_HEADERS }];
  },
};

export default createNextIntlPlugin('./src/i18n/request.ts')(config);
