import { describe, expect, it } from 'vitest';
import {
  modemPoolConfigFromEnv,
  modemPoolConfigOfChannel,
  ModemConfigError,
  parseModemPoolConfig,
  portId,
} from '../src/config.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('modem pool configuration', () => {
  it('fills in defaults', () => {
    const config = parseModemPoolConfig({ ports: [{ path: '/dev/ttyUSB0' }] });
    expect(config.ports[0]).toEqual({
      path: '/dev/ttyUSB0',
      baudRate: 115_200,
      tps: 0.5,
      window: 4,
      ownNumber: '',
      init: { cnmi: '2,1,0,1,0', extra: [] },
    });
    expect(config).toMatchObject({
      numbers: 'e164',
      healthIntervalMs: 30_000,
      maxConsecutiveFailures: 3,
      timeouts: { submitMs: 60_000 },
    });
  });

  it.each<[string, unknown, string]>([
    ['a negative TPS', { ports: [{ path: '/dev/a', tps: -1 }] }, 'ports.0.tps'],
    ['an id with a colon', { ports: [{ path: '/dev/a', id: 'a:b' }] }, 'ports.0.id'],
    ['the same path twice', { ports: [{ path: '/dev/a' }, { path: '/dev/a', id: 'other' }] }, 'duplicate path /dev/a'],
    [
      'the same id twice',
      {
        ports: [
          { path: '/dev/a', id: 'x' },
          { path: '/dev/b', id: 'x' },
        ],
      },
      'duplicate id x',
    ],
    ['a CNMI that is not one', { ports: [{ path: '/dev/a', init: { cnmi: '2;1' } }] }, 'ports.0.init.cnmi'],
    [
      'an extra command that is not AT',
      { ports: [{ path: '/dev/a', init: { extra: ['ATE0', 'rm -rf'] } }] },
      'ports.0.init.extra.1',
    ],
    [
      'an extra command with a line break',
      { ports: [{ path: '/dev/a', init: { extra: ['AT\rAT+CMGD=1,4'] } }] },
      'one command line',
    ],
    ['an unknown field', { ports: [], speed: 9600 }, 'speed'],
    ['recovery maximum under the start', { recovery: { initialMs: 1_000, maxMs: 10 } }, 'recovery'],
  ])('refuses %s', (_name, input, message) => {
    expect(() => parseModemPoolConfig(input)).toThrow(ModemConfigError);
    expect(() => parseModemPoolConfig(input)).toThrow(message);
  });

  it('names ports after their path', () => {
    expect(portId({ path: '/dev/ttyUSB0' })).toBe('ttyUSB0');
    expect(portId({ path: '/dev/serial/by-id/usb-Quectel:1' })).toBe('serial-by-id-usb-Quectel-1'.slice(-32));
    expect(portId({ path: '/dev/pts/3', id: 'left' })).toBe('left');
  });

  it('reads MODEM_CONFIG (a file) or MODEM_CONFIG_JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'modem-config-'));
    const file = join(dir, 'modems.json');
    writeFileSync(file, JSON.stringify({ ports: [{ path: '/dev/ttyUSB1', tps: 1 }] }));
    expect(modemPoolConfigFromEnv({ MODEM_CONFIG: file }).ports[0]?.path).toBe('/dev/ttyUSB1');
    expect(modemPoolConfigFromEnv({ MODEM_CONFIG_JSON: '{"ports":[{"path":"/dev/ttyUSB2"}]}' }).ports[0]?.path).toBe(
      '/dev/ttyUSB2',
    );
    expect(modemPoolConfigFromEnv({}).ports).toEqual([]);
    expect(() => modemPoolConfigFromEnv({ MODEM_CONFIG_JSON: '{' })).toThrow(/MODEM_CONFIG_JSON: not JSON/);
  });

  it("takes a modem channel's pool from its options", () => {
    const config = modemPoolConfigOfChannel({
      name: 'modem-pool',
      options: {
        ports: [
          { path: '/dev/pts/5', baudRate: 115_200, tps: 1 },
          { path: '/dev/pts/7', id: 'b' },
        ],
      },
    });
    expect(config.ports.map((port) => [port.path, portId(port), port.tps])).toEqual([
      ['/dev/pts/5', 'pts-5', 1],
      ['/dev/pts/7', 'b', 0.5],
    ]);
  });

  it.each<[string, unknown, string]>([
    ['no options at all', null, 'modem channel "pool-b" options: ports: at least one serial port is needed'],
    ['an empty port list', { ports: [] }, 'ports: at least one serial port is needed'],
    ['ports that are not a list', { ports: '/dev/ttyUSB0' }, 'modem channel "pool-b" options: ports:'],
    ['a port without a path', { ports: [{ baudRate: 9600 }] }, 'ports.0.path'],
    ['a baud rate in words', { ports: [{ path: '/dev/a', baudRate: 'fast' }] }, 'ports.0.baudRate'],
    ["a carrier channel's options", { ports: [{ path: '/dev/a' }], nodeId: 3010012345 }, 'nodeId'],
  ])('refuses a modem channel with %s, naming the channel', (_name, options, message) => {
    expect(() => modemPoolConfigOfChannel({ name: 'pool-b', options })).toThrow(ModemConfigError);
    expect(() => modemPoolConfigOfChannel({ name: 'pool-b', options })).toThrow(message);
  });
});
