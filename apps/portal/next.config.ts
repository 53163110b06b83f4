import type { NextConfig } from 'next';

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
  ],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
