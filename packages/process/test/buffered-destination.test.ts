import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { BufferedDestination, type BufferedDestinationOptions } from '../src/index.js';

/*
 * The destination against a fake fd: it takes up to `room` bytes (then EAGAIN, as a full
 * non-blocking pipe does), and records every write and what was said on stderr.
 */

const again = () => Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });

function fakeFd(room = Infinity) {
  let written = Buffer.alloc(0);
  const writes: number[] = [];
  const stderr: string[] = [];
  let failWith: Error | null = null;
  const writeSync = (fd: number, data: string | Uint8Array): number => {
    const bytes = Buffer.from(data);
    if (fd === 2) {
      stderr.push(bytes.toString('utf8'));
      return bytes.length;
    }
    writes.push(bytes.length);
    if (failWith !== null) throw failWith;
    if (room <= 0) throw again();
    const taken = Math.min(room, bytes.length);
    room -= taken;
    written = Buffer.concat([written, bytes.subarray(0, taken)]);
    return taken;
  };
  return {
    writeSync,
    writes,
    stderr,
    text: () => written.toString('utf8'),
    /** The reader takes `bytes` more (Infinity: it keeps up from now on). */
    open: (bytes = Infinity) => void (room = bytes),
    fail: (error: Error) => void (failWith = error),
  };
}

const made: { destination: BufferedDestination; fd: ReturnType<typeof fakeFd> }[] = [];
function destination(fd: ReturnType<typeof fakeFd>, options: BufferedDestinationOptions = {}) {
  const made1 = new BufferedDestination({ retryMs: 1, ...options, writeSync: fd.writeSync });
  made.push({ destination: made1, fd });
  return made1;
}
// Leaves nothing held: every destination also flushes on the worker's exit.
afterEach(() => {
  for (const { destination, fd } of made.splice(0)) {
    fd.open();
    destination.flushSync();
  }
});

const lines = (count: number, size = 100, from = 0) =>
  Array.from({ length: count }, (_, i) => `${String(from + i).padStart(6, '0')}${'x'.repeat(size - 7)}\n`);

describe('BufferedDestination', () => {
  it('writes the lines of one event-loop turn with one write, after the turn', async () => {
    const fd = fakeFd();
    const out = destination(fd);
    const logged = lines(100);
    for (const line of logged) out.write(line);
    expect(fd.writes).toEqual([]);
    await expect.poll(() => fd.writes).toEqual([100 * 100]);
    expect(fd.text()).toBe(logged.join(''));
    expect(out.bufferedBytes).toBe(0);
  });

  it('writes at once when more than batchBytes wait', () => {
    const fd = fakeFd();
    const out = destination(fd, { batchBytes: 1_000 });
    for (const line of lines(25)) out.write(line);
    expect(fd.writes).toEqual([1_000, 1_000]);
    expect(out.bufferedBytes).toBe(500);
  });

  it('keeps what a full fd did not take, tries again by timer, not on every line, and keeps the order', async () => {
    const fd = fakeFd(1_050); // takes ten lines and half of one, then EAGAIN
    const out = destination(fd);
    const logged = lines(50);
    for (const line of logged.slice(0, 20)) out.write(line);
    await expect.poll(() => fd.text()).toBe(logged.join('').slice(0, 1_050)); // then EAGAIN
    const tries = fd.writes.length;
    for (const line of logged.slice(20)) out.write(line);
    expect(fd.writes).toHaveLength(tries); // lines logged while full wait for the retry
    await expect.poll(() => fd.writes.length).toBeGreaterThan(tries); // the retry timer runs
    fd.open();
    await expect.poll(() => fd.text()).toBe(logged.join(''));
    expect(out.bufferedBytes).toBe(0);
  });

  it('drops the lines beyond maxBufferedBytes, counts them, and says so where they are missing', async () => {
    const fd = fakeFd(0);
    const out = destination(fd, { maxBufferedBytes: 1_000, dropNotice: (dropped) => `dropped ${dropped}\n` });
    const logged = lines(25);
    const taken = logged.map((line) => out.write(line));
    expect(taken).toEqual([...Array<boolean>(10).fill(true), ...Array<boolean>(15).fill(false)]);
    expect(out.bufferedBytes).toBe(1_000);
    fd.open();
    await expect.poll(() => fd.text()).toBe(`${logged.slice(0, 10).join('')}dropped 15\n`);
    out.write('after\n');
    await expect.poll(() => fd.text()).toBe(`${logged.slice(0, 10).join('')}dropped 15\nafter\n`);
  });

  it('goes on dropping until the buffer is down to half, then takes lines again', async () => {
    const fd = fakeFd(0);
    const out = destination(fd, { maxBufferedBytes: 1_000, dropNotice: (dropped) => `dropped ${dropped}\n` });
    const logged = lines(30);
    for (const line of logged.slice(0, 11)) out.write(line); // ten held, one dropped
    fd.open(400); // down to 600 held: still dropping
    await expect.poll(() => fd.text()).toBe(logged.slice(0, 4).join(''));
    expect(out.write(logged[11] ?? '')).toBe(false);
    fd.open(100); // down to 500 held: takes lines again, the notice first
    await expect.poll(() => out.bufferedBytes).toBe(500 + 'dropped 2\n'.length);
    expect(out.write(logged[12] ?? '')).toBe(true);
    fd.open();
    await expect.poll(() => fd.text()).toBe(`${logged.slice(0, 10).join('')}dropped 2\n${logged[12]}`);
  });

  it('flushSync writes everything before it returns, waiting out a full fd', () => {
    const fd = fakeFd(0);
    let tries = 0;
    const opensOnTheThirdTry = (target: number, data: string | Uint8Array) => {
      tries += 1;
      if (tries === 3) fd.open();
      return fd.writeSync(target, data);
    };
    const out = destination({ ...fd, writeSync: opensOnTheThirdTry });
    const logged = lines(50);
    for (const line of logged) out.write(line);
    out.flushSync();
    expect(fd.text()).toBe(logged.join(''));
    expect(tries).toBe(3); // EAGAIN twice (slept on), then the whole batch
    expect(out.bufferedBytes).toBe(0);
  });

  it('flushSync gives up when the fd takes nothing for flushSyncStallMs, and says so on stderr', () => {
    const fd = fakeFd(0);
    const out = destination(fd, { flushSyncStallMs: 20 });
    for (const line of lines(10)) out.write(line);
    out.flushSync();
    expect(out.bufferedBytes).toBe(0);
    expect(fd.stderr).toEqual(['1000 bytes of log lines not written: fd 1 took nothing for 20 ms\n']);
  });

  it('stops after a write error other than EAGAIN, saying so once on stderr', async () => {
    const fd = fakeFd();
    fd.fail(Object.assign(new Error('EPIPE: broken pipe, write'), { code: 'EPIPE' }));
    const out = destination(fd);
    for (const line of lines(10)) out.write(line);
    await expect
      .poll(() => fd.stderr)
      .toEqual(['log lines no longer written to fd 1 (1000 bytes lost): EPIPE: broken pipe, write\n']);
    expect(out.write('later\n')).toBe(false);
    out.flushSync();
    expect(fd.writes).toHaveLength(1);
    expect(out.bufferedBytes).toBe(0);
  });

  it('calls flush back once everything logged is written', async () => {
    const fd = fakeFd(0);
    const out = destination(fd);
    out.write('one\n');
    let flushed = false;
    out.flush(() => (flushed = true));
    await expect.poll(() => fd.writes.length).toBeGreaterThan(1);
    expect(flushed).toBe(false);
    fd.open();
    await expect.poll(() => flushed).toBe(true);
    expect(fd.text()).toBe('one\n');
  });

  it('gives pino its lines in order, and a fatal line at once with those before it', () => {
    const fd = fakeFd();
    const log = pino({ name: 'unit', base: null, timestamp: false }, destination(fd));
    log.info('one');
    log.warn('two');
    expect(fd.text()).toBe('');
    log.fatal('three');
    expect(
      fd
        .text()
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { msg: string }).msg),
    ).toEqual(['one', 'two', 'three']);
  });
});
