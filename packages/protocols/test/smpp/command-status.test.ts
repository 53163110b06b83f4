import { describe, expect, it } from 'vitest';
import {
  CommandStatus,
  CommandStatus34Aliases,
  commandStatusName,
  describeCommandStatus,
  isVendorStatus,
} from '../../src/smpp/index.js';

describe('command_status names', () => {
  const described: [number, string][] = [
    [0x00, 'ESME_ROK (0x00000000): no error'],
    [0x0e, 'ESME_RINVPASWD (0x0000000E): invalid password'],
    [0x58, 'ESME_RTHROTTLED (0x00000058): throttling error (exceeded allowed message limits)'],
    [0xc2, 'ESME_RINVTLVLEN (0x000000C2): invalid parameter length'],
    [0x112, 'ESME_RINVBCASTCHANIND (0x00000112): broadcast channel indicator is invalid'],
    [0x401, '0x00000401: SMSC vendor-specific error'],
    [0x09, '0x00000009: reserved / unknown status'],
  ];
  for (const [status, text] of described) {
    it(`describes 0x${status.toString(16)}`, () => {
      expect(describeCommandStatus(status)).toBe(text);
    });
  }

  it('has one name per value, and the 3.4 names of the TLV errors as aliases', () => {
    const values = Object.values(CommandStatus);
    expect(new Set(values).size).toBe(values.length);
    expect(commandStatusName(0x0f)).toBe('ESME_RINVSYSID');
    expect(commandStatusName(0x09)).toBeUndefined();
    expect(CommandStatus34Aliases.ESME_RINVOPTPARSTREAM).toBe(0xc0);
    expect(CommandStatus34Aliases.ESME_RINVOPTPARAMVAL).toBe(0xc4);
  });

  it('marks 0x400–0x4FF as vendor-specific (3.4 table 5-2)', () => {
    expect([0x3ff, 0x400, 0x4ff, 0x500].map(isVendorStatus)).toEqual([false, true, true, false]);
  });
});
