import { lstat, readlink, stat } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { SerialPort } from 'serialport';

/** What the modem driver needs of a serial port: bytes both ways, and closing. */
export type SerialStream = Duplex & {
  readonly isOpen: boolean;
  close(callback?: (error: Error | null) => void): void;
};

/** Opens a port; tests pass one over @serialport/binding-mock instead. */
export type OpenPort = (path: string, baudRate: number) => Promise<SerialStream>;

/** The configured path is not (yet) a serial device: nothing was opened. */
export class PortNotReadyError extends Error {
  override readonly name = 'PortNotReadyError';
}

/**
 * Whether a configured path is a serial device now: a character device, itself or at the end of
 * its symlinks. Anything else is not opened — in particular a regular file, which opens without
 * complaint and then swallows every AT command: a stale leftover where socat (or udev) has not
 * made its link yet looks exactly like that.
 */
export async function devicePathState(path: string): Promise<{ readonly ready: true } | { readonly why: string }> {
  let target = '';
  try {
    if ((await lstat(path)).isSymbolicLink()) target = ` (a link to ${await readlink(path)})`;
    const found = await stat(path);
    if (found.isCharacterDevice()) return { ready: true };
    const kind = found.isFile() ? 'a regular file' : found.isDirectory() ? 'a directory' : 'not a character device';
    return { why: `${path}${target} is ${kind}, not a serial device` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { why: `${path}${target} does not exist` };
    return { why: `${path}${target}: ${(error as Error).message}` };
  }
}

export interface DeviceWaitOptions {
  /** How long to wait for the path to become a serial device before giving up (PortNotReadyError). */
  readonly waitMs: number;
  /** The first pause between looks; it doubles up to `maxPauseMs`. */
  readonly firstPauseMs?: number;
  readonly maxPauseMs?: number;
  readonly log?: Logger;
}

/**
 * Waits, looking again with back-off, until `path` is a serial device; throws PortNotReadyError
 * after `waitMs` (the pool's recovery tries again later). Logs what it waits for once per
 * distinct reason, so an operator sees a stale file named rather than a silent modem.
 */
export async function waitForDevice(path: string, options: DeviceWaitOptions): Promise<void> {
  const started = Date.now();
  let pause = options.firstPauseMs ?? 25;
  let logged = '';
  for (;;) {
    const state = await devicePathState(path);
    if ('ready' in state) {
      if (logged !== '') options.log?.info({ port: path, waitedMs: Date.now() - started }, 'serial device ready');
      return;
    }
    if (state.why !== logged) {
      options.log?.warn({ port: path, why: state.why }, 'waiting for the serial device; not opening the path');
      logged = state.why;
    }
    const left = options.waitMs - (Date.now() - started);
    if (left <= 0) throw new PortNotReadyError(`${state.why} (waited ${Date.now() - started} ms)`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
    pause = Math.min(pause * 2, options.maxPauseMs ?? 1_000);
  }
}

/** Opens whatever is at `path` (no check): the raw serialport open. */
export const openSerialPortUnchecked: OpenPort = (path, baudRate) => {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  return new Promise((resolve, reject) =>
    port.open((error) =>
      error === null
        ? resolve(port)
        : reject(new Error(`cannot open ${path} at ${baudRate} baud: ${error.message}`, { cause: error })),
    ),
  );
};

/**
 * The modem driver's way to open a port: only once the path is a serial device (waitForDevice),
 * never a stale regular file. `open` is the raw open (tests replace it).
 */
export function serialPortOpener(wait: () => DeviceWaitOptions, open: OpenPort = openSerialPortUnchecked): OpenPort {
  return async (path, baudRate) => {
    await waitForDevice(path, wait());
    return open(path, baudRate);
  };
}

/** Opens a serial device, waiting up to 5 s for the path to become one. */
export const openSerialPort: OpenPort = serialPortOpener(() => ({ waitMs: 5_000 }));

export function closeSerialPort(port: SerialStream): Promise<void> {
  if (!port.isOpen) return Promise.resolve();
  return new Promise((resolve) => port.close(() => resolve()));
}
