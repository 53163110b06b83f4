// Generates the Prisma client (src/generated/prisma, git-ignored) from ../../prisma/schema.prisma.
// Run by this package's build, typecheck and test scripts, so a clean clone needs no extra step.
//
// PRISMA_SCHEMA_ENGINE_BINARY: `prisma generate` never runs the schema engine, but the CLI first
// makes sure its native binary is present and otherwise downloads it, which this network cannot
// do. Pointing the variable at any existing file (this script, unless the caller set it) satisfies
// that check; `prisma migrate …` is the only thing that would need a real engine.
//
// Turbo may start this package's build and typecheck at the same time, so generation takes a lock
// (an exclusive directory) and is skipped when the output already matches the schema and the
// Prisma version (a stamp file records both).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const schemaPath = fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url));
const outputDir = fileURLToPath(new URL('../src/generated/prisma', import.meta.url));
const stampPath = `${outputDir}/.schema-stamp`;
const lockDir = fileURLToPath(new URL('../src/generated/.generate-lock', import.meta.url));

const require = createRequire(import.meta.url);
const prismaCli = require.resolve('prisma/build/index.js');
const prismaVersion = JSON.parse(readFileSync(require.resolve('prisma/package.json'), 'utf8')).version;
const stamp = createHash('sha256')
  .update(prismaVersion)
  .update('\0')
  .update(readFileSync(schemaPath))
  .update('\0')
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .digest('hex');

const upToDate = () => {
  try {
    return readFileSync(stampPath, 'utf8') === stamp;
  } catch {
    return false;
  }
};

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function lock() {
  mkdirSync(fileURLToPath(new URL('../src/generated', import.meta.url)), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A generator that died keeps the lock: take it over after a minute.
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > 60_000) rmSync(lockDir, { recursive: true, force: true });
      } catch {
        // removed by its owner in the meantime
      }
      sleep(100);
    }
  }
}

if (!upToDate()) {
  lock();
  try {
    if (!upToDate()) {
      const env = { ...process.env };
      env.PRISMA_SCHEMA_ENGINE_BINARY ||= fileURLToPath(import.meta.url);
      env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
      const result = spawnSync(process.execPath, [prismaCli, 'generate'], { cwd: packageDir, env, stdio: 'inherit' });
      if (result.status !== 0) {
        console.error(`prisma generate failed (exit ${result.status ?? result.signal})`);
        process.exit(1);
      }
      writeFileSync(stampPath, stamp);
    }
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
