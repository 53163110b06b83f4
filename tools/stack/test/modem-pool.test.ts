import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { socatInstalled, StackModemPool } from '../src/modem-pool.js';

const PATH = process.env.PATH;

afterEach(() => {
  process.env.PATH = PATH;
});

const options = (count: number) => ({
  count,
  workDir: mkdtempSync(path.join(tmpdir(), 'stack-modems-')),
  controlPort: 7070,
});

describe("the stack's modem pool", () => {
  it('names the modems, their links and the control API', () => {
    const modems = new StackModemPool(options(3));
    expect(modems.ids).toEqual(['modem-a', 'modem-b', 'modem-c']);
    expect(modems.portPath('modem-b')).toMatch(/stack-modems-[^/]+\/modems\/modem-b$/);
    expect(modems.controlUrl).toBe('http://127.0.0.1:7070');
    expect(modems.tps).toBe(1);
  });

  it.each([0, 27, 1.5])('refuses %s modems', (count) => {
    expect(() => new StackModemPool(options(count))).toThrow(/modems must be a whole number from 0 to 26/);
  });

  it('says plainly that socat is missing', () => {
    expect(socatInstalled()).toBe(true); // the test machine has it (.ci/run installs it)
    process.env.PATH = path.join(tmpdir(), 'no-socat-here');
    expect(socatInstalled()).toBe(false);
    expect(() => new StackModemPool(options(2))).toThrow(
      'stack: the simulated modems need socat, which is not installed here',
    );
  });
});
