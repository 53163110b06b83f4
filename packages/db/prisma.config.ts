import { defineConfig } from 'prisma/config';

// The schema and migrations live at the repository root (prisma/), shared by every package;
// this package owns the client generated from them. Paths are relative to this file.
export default defineConfig({
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  // Only `prisma migrate …` (where the schema engine exists) reads this; generation needs no database.
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/smshub' },
});
