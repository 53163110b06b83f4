import type { NextConfig } from 'next';

const config: NextConfig = {
  // The portal runs as a long-lived Node server next to the workers; packages with native or
  // Node-only code stay outside the bundle and load from node_modules.
  serverExternalPackages: ['pg', 'pg-copy-streams', 'ioredis', 'bullmq', '@prisma/client', '@prisma/adapter-pg', 'pino', 'iconv-lite'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
