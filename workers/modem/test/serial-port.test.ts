import { mkdtemp, mkdir, rename, rm, symlink, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  devicePathState,
  type OpenPort,
  PortNotReadyError,
  serialPortOpener,
  type SerialStream,
} from '../src/index.js';

/*
 * The modem worker opens a configured path only once it is a serial device: socat reports its
 * pseudo-terminals before it makes the `link=` path, and a stale regular file in its place opens
 * without complaint. Character devices here are /dev/null (a character device, not a tty).
 */

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smshub-serial-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function recordingLog() {
  const lines: { level: number; msg: string; why?: string }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

/** A raw open that records what it was asked to open. */
function recordingOpen() {
  const opened: string[] = [];
  const open: OpenPort = async (path) => {
    opened.push(path);
    return {} as SerialStream;
  };
  return { open, opened };
}

describe('devicePathState', () => {
  it.each<[string, (path: string) => Promise<void>, RegExp | null]>([
    ['a character device behind a link', (path) => symlink('/dev/null', path), null],
    ['a regular file', (path) => writeFile(path, 'stale'), /ttyX is a regular file, not a serial device$/],
    [
      'a link to a regular file',
      async (path) => {
        await writeFile(`${path}.old`, 'stale');
        await symlink(`${path}.old`, path);
      },
      /ttyX \(a link to .*ttyX\.old\) is a regular file, not a serial device$/,
    ],
    ['nothing yet', async () => undefined, /ttyX does not exist$/],
    ['a dangling link', (path) => symlink(join(dir, 'gone'), path), /ttyX \(a link to .*gone\) does not exist$/],
    ['a directory', (path) => mkdir(path), /ttyX is a directory, not a serial device$/],
  ])('%s', async (_name, make, why) => {
    const path = join(dir, 'ttyX');
    await make(path);
    const state = await devicePathState(path);
    if (why === null) expect(state).toEqual({ ready: true });
    else expect('why' in state && state.why).toMatch(why);
  });

  it('takes a character device itself', async () => {
    expect(await devicePathState('/dev/null')).toEqual({ ready: true });
  });
});

describe('serialPortOpener', () => {
  it('never opens a stale regular file: it waits, says why, and gives up with PortNotReadyError', async () => {
    const path = join(dir, 'ttyModem0');
    await writeFile(path, 'left over from an earlier run');
    const { log, lines } = recordingLog();
    const { open, opened } = recordingOpen();
    const openPort = serialPortOpener(() => ({ waitMs: 300, log }), open);
    const failure = await openPort(path, 115_200).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PortNotReadyError);
    expect((failure as Error).message).toMatch(/ttyModem0 is a regular file, not a serial device \(waited \d+ ms\)/);
    expect(opened).toEqual([]);
    expect(await readFile(path, 'utf8')).toBe('left over from an earlier run');
    // One line per reason, not one per look.
    expect(lines.filter((line) => line.msg === 'waiting for the serial device; not opening the path')).toEqual([
      expect.objectContaining({ level: 40, why: expect.stringMatching(/regular file/) as unknown }),
    ]);
  });

  it('opens the path once the link to the device replaces the stale file', async () => {
    const path = join(dir, 'ttyModem1');
    await writeFile(path, 'stale');
    const { log, lines } = recordingLog();
    const { open, opened } = recordingOpen();
    const openPort = serialPortOpener(() => ({ waitMs: 30_000, log }), open);
    const opening = openPort(path, 115_200);
    await vi.waitFor(() =>
      expect(lines.map((line) => line.msg)).toContain('waiting for the serial device; not opening the path'),
    );
    expect(opened).toEqual([]);
    // As socat does it: the link appears in one step.
    await symlink('/dev/null', `${path}.new`);
    await rename(`${path}.new`, path);
    await opening;
    expect(opened).toEqual([path]);
    expect(lines.map((line) => line.msg)).toContain('serial device ready');
  });

  it('opens a device that is there at once, without a word', async () => {
    const { log, lines } = recordingLog();
    const { open, opened } = recordingOpen();
    await serialPortOpener(() => ({ waitMs: 1_000, log }), open)('/dev/null', 9_600);
    expect(opened).toEqual(['/dev/null']);
    expect(lines).toEqual([]);
  });
});
