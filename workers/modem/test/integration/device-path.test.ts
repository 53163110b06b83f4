import { rename, rm, symlink, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModemPair } from '@smshub/simulator';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ModemPool } from '../../src/pool.js';
import type { TransportEvent } from '@smshub/channels';
import { FAST, Harness, segmentsOf } from './harness.js';

/*
 * The pool over a real pseudo-terminal whose configured path holds a stale regular file at
 * first: the modem stays out of the pool (saying why) until the path links to the device.
 */

let pool: ModemPool | null = null;
let pair: ModemPair | null = null;
let dir = '';

afterEach(async () => {
  await pool?.stop();
  await pair?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
  pool = null;
  pair = null;
});

describe('a modem whose path is not its device yet', () => {
  it('is not opened while a stale file is at its path, and joins once the path links to the device', async () => {
    pair = await Harness.pair('late');
    dir = await mkdtemp(join(tmpdir(), 'smshub-modem-'));
    const path = join(dir, 'ttyLate');
    await writeFile(path, 'stale');
    const events: TransportEvent[] = [];
    pool = new ModemPool({
      ports: [{ path, id: 'late', tps: 50, window: 4 }],
      ...FAST,
    });
    pool.onEvent((event) => events.push(event));
    await pool.start();
    await vi.waitFor(
      () => expect(events.some((e) => e.kind === 'bind-failed' && /regular file/.test(e.message))).toBe(true),
      { timeout: 10_000, interval: 20 },
    );
    expect(pool.state().binds).toBe(0);
    expect(pair.simulator.stats.commands).toBe(0);

    await symlink(pair.path, `${path}.new`);
    await rename(`${path}.new`, path);
    await vi.waitFor(() => expect(events.some((e) => e.kind === 'member-added')).toBe(true), {
      timeout: 20_000,
      interval: 20,
    });
    const outcome = await pool.submit(segmentsOf('hello', '8613800138000')[0]!);
    expect(outcome.ok).toBe(true);
  });
});
