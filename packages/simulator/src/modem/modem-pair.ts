import { spawn } from 'node:child_process';
import { readlink } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { ModemSimulator } from './modem-simulator.js';

/**
 * A simulated modem on a real serial line: `socat -d -d pty,raw,echo=0 pty,raw,echo=0` makes
 * two connected pseudo-terminals; the simulator answers on one, and the other's path is handed
 * to whatever drives the modem, exactly as it would open /dev/ttyUSB0.
 */
export interface ModemPair {
  /** The pseudo-terminal (or the `link` to it) to open as the modem's serial port. */
  readonly path: string;
  /** The pseudo-terminal socat reported for the driver's end (what `path` points at when it is a link). */
  readonly terminal: string;
  /** The end the simulator holds. */
  readonly simulatorPath: string;
  readonly simulator: ModemSimulator;
  /** Closes the simulator's end and ends socat. */
  stop(): Promise<void>;
}

export interface ModemPairOptions {
  /** The socat binary (default: `socat` on the PATH). */
  readonly socat?: string;
  /** How long to wait for socat to report both terminals, start relaying and make the link. */
  readonly startTimeoutMs?: number;
  /**
   * A fixed path for the driver's end: socat makes it a symbolic link to the pseudo-terminal
   * (replacing a stale one) and removes it when it ends. A driver configured with this path finds
   * the modem again after the pair is started anew, whatever /dev/pts number it gets.
   */
  readonly link?: string;
}

/** Characters socat reads as address syntax (option separators, address pairs, quoting). */
const SOCAT_SYNTAX = /[,:!\\'"[\]{}()\s]/;

export async function startModemPair(
  simulator: ModemSimulator = new ModemSimulator(),
  options: ModemPairOptions = {},
): Promise<ModemPair> {
  let driverEnd = 'pty,raw,echo=0';
  if (options.link !== undefined) {
    if (options.link === '' || SOCAT_SYNTAX.test(options.link)) {
      throw new Error(
        `modem pair: link path "${options.link}" is empty or has a character socat reads as syntax (, : ! \\ quotes brackets whitespace)`,
      );
    }
    driverEnd += `,link=${options.link}`;
  }
  const socat = spawn(options.socat ?? 'socat', ['-d', '-d', 'pty,raw,echo=0', driverEnd], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const startTimeoutMs = options.startTimeoutMs ?? 5_000;
  const deadline = Date.now() + startTimeoutMs;
  let paths: [string, string];
  try {
    paths = await ptyPaths(socat, startTimeoutMs);
    // socat reports the terminals before it makes the link, and a stale file left at the link
    // path by a socat that was killed looks ready; only a link to the reported terminal is.
    if (options.link !== undefined) await linkPointsAt(options.link, paths[1], deadline, socat);
  } catch (error) {
    socat.kill();
    throw error;
  }
  const [simulatorPath, ptyPath] = paths;
  const path = options.link ?? ptyPath;
  const port = new SerialPort({ path: simulatorPath, baudRate: 115_200, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) => port.open((error) => (error === null ? resolve() : reject(error))));
  } catch (error) {
    socat.kill();
    throw new Error(`modem pair: cannot open ${simulatorPath}: ${(error as Error).message}`, { cause: error });
  }
  // A pty reports EIO on reads while the other side is closed (a driver reopening its port);
  // that is not the simulator's failure, so errors are ignored rather than left unhandled.
  port.on('error', () => undefined);
  simulator.attach(port);
  let stopped: Promise<void> | null = null;
  return {
    path,
    terminal: ptyPath,
    simulatorPath,
    simulator,
    stop: () => {
      stopped ??= (async () => {
        simulator.close();
        if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
        if (socat.exitCode === null) {
          const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
          socat.kill();
          await exited;
        }
      })();
      return stopped;
    },
  };
}

/**
 * Reads "… N PTY is /dev/pts/7" twice from socat's diagnostics, then waits for "starting data
 * transfer loop": socat prints a PTY line before it applies that address's options, so until then
 * the `link` may not exist yet (or still be the stale file it replaces).
 */
function ptyPaths(socat: ReturnType<typeof spawn>, timeoutMs: number): Promise<[string, string]> {
  return new Promise((resolve, reject) => {
    const found: string[] = [];
    let text = '';
    const timer = setTimeout(
      () =>
        fail(
          new Error(
            `modem pair: socat did not report two terminals and start within ${timeoutMs} ms: ${found.join(', ')} ${text.trim()}`,
          ),
        ),
      timeoutMs,
    );
    const fail = (error: Error): void => {
      clearTimeout(timer);
      reject(error);
    };
    socat.once('error', (error) =>
      fail(new Error(`modem pair: cannot run socat (is it installed?): ${error.message}`, { cause: error })),
    );
    socat.once('exit', (code) =>
      fail(new Error(`modem pair: socat exited (${code}) before reporting its terminals: ${text.trim()}`)),
    );
    let relaying = false;
    const onData = (chunk: string): void => {
      text += chunk;
      let newline = text.indexOf('\n');
      while (newline >= 0 && !relaying) {
        const line = text.slice(0, newline);
        text = text.slice(newline + 1);
        const marker = line.indexOf('PTY is ');
        if (marker >= 0 && found.length < 2) found.push(line.slice(marker + 'PTY is '.length).trim());
        else if (line.includes('starting data transfer loop')) relaying = true;
        newline = text.indexOf('\n');
      }
      if (found.length < 2 || !relaying) return;
      clearTimeout(timer);
      socat.stderr?.off('data', onData);
      socat.stderr?.resume(); // keep draining so socat never blocks on a full pipe
      resolve([found[0] ?? '', found[1] ?? '']);
    };
    socat.stderr?.setEncoding('utf8');
    socat.stderr?.on('data', onData);
  });
}

/** Resolves once `link` is a symbolic link to `terminal`; polls, as socat gives no signal when it is made. */
async function linkPointsAt(
  link: string,
  terminal: string,
  deadline: number,
  socat: ReturnType<typeof spawn>,
): Promise<void> {
  let seen = 'nothing';
  for (;;) {
    try {
      const target = await readlink(link);
      if (target === terminal) return;
      seen = `a link to ${target}`;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      seen = code === 'EINVAL' ? 'a file that is not a link' : code === 'ENOENT' ? 'nothing' : String(code);
    }
    if (socat.exitCode !== null) {
      throw new Error(`modem pair: socat exited (${socat.exitCode}) before making the link ${link}`);
    }
    if (Date.now() >= deadline) {
      throw new Error(`modem pair: ${link} did not become a link to ${terminal} in time (found ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
