import { describe, expect, it } from 'vitest';
import {
  avoidFailedChannels,
  classifyReport,
  decideOutcome,
  type FailedReport,
  messageFault,
  type ReportFault,
} from '../src/index.js';

const r = (
  protocol: FailedReport['protocol'],
  state: string,
  code: string | null,
  error: string | null = null,
): FailedReport => ({ protocol, state, code, error });

describe('report codes', () => {
  it.each<[string, FailedReport, ReportFault]>([
    // CMPP 3.0 Stat (reference §1.8): the letter pair decides unlisted codes.
    ['CMPP empty number MK:0000', r('cmpp', 'UNDELIV', 'MK:0000'), 'invalid'],
    ['CMPP not in the HLR MK:0001', r('cmpp', 'UNDELIV', 'MK:0001'), 'invalid'],
    ['CMPP SMS barred MK:0005', r('cmpp', 'UNDELIV', 'MK:0005'), 'blocked'],
    ['CMPP 停机 MI:0013', r('cmpp', 'UNDELIV', 'MI:0013'), 'blocked'],
    ['CMPP 关机 MI:0024', r('cmpp', 'UNDELIV', 'MI:0024'), 'absent'],
    ['CMPP memory full MK:0017', r('cmpp', 'UNDELIV', 'MK:0017'), 'absent'],
    ['CMPP MAP systemFailure MK:0034', r('cmpp', 'UNDELIV', 'MK:0034'), 'network'],
    ['CMPP unlisted MK: code is the handset', r('cmpp', 'UNDELIV', 'MK:0777'), 'absent'],
    ['CMPP SMSC did not answer MA:0054', r('cmpp', 'UNDELIV', 'MA:0054'), 'network'],
    ['CMPP SMSC keyword MA:0006', r('cmpp', 'UNDELIV', 'MA:0006'), 'blocked'],
    ['CMPP SMSC error MB:0008', r('cmpp', 'UNDELIV', 'MB:0008'), 'network'],
    ['CMPP complaint blacklist MB:1077', r('cmpp', 'UNDELIV', 'MB:1077'), 'blocked'],
    ['CMPP next ISMG did not answer IA:0054', r('cmpp', 'UNDELIV', 'IA:0054'), 'network'],
    ['CMPP next ISMG error IB:0011', r('cmpp', 'UNDELIV', 'IB:0011'), 'network'],
    ['CMPP no report from the next ISMG IC:0015', r('cmpp', 'UNDELIV', 'IC:0015'), 'unknown'],
    ['CMPP no report from the SMSC MC:0001', r('cmpp', 'UNDELIV', 'MC:0001'), 'unknown'],
    ['CMPP DSMP blacklist DB:0139', r('cmpp', 'UNDELIV', 'DB:0139'), 'blocked'],
    ['CMPP SCP refusal CB:0013', r('cmpp', 'UNDELIV', 'CB:0013'), 'blocked'],
    ['CMPP ISMG trouble ID:0001', r('cmpp', 'UNDELIV', 'ID:0001'), 'network'],
    ['CMPP ISMG ported number ID:0043', r('cmpp', 'UNDELIV', 'ID:0043'), 'invalid'],
    ['CMPP lower-case code', r('cmpp', 'UNDELIV', 'ma:0054'), 'network'],
    ['CMPP EXPIRED: the handset stayed away', r('cmpp', 'EXPIRED', 'EXPIRED'), 'absent'],
    ['CMPP REJECTD', r('cmpp', 'REJECTD', 'REJECTD'), 'blocked'],
    ['CMPP UNDELIV says nothing more', r('cmpp', 'UNDELIV', 'UNDELIV'), 'unknown'],
    ['CMPP vendor word', r('cmpp', 'UNDELIV', 'XYZZY12'), 'unknown'],
    // SMPP 3.4: err is vendor specific; network_error_code GSM (3) carries MAP errors.
    ['SMPP absent subscriber 3:27', r('smpp', 'UNDELIV', 'UNDELIV', '3:27'), 'absent'],
    ['SMPP unknown subscriber 3:1', r('smpp', 'UNDELIV', 'UNDELIV', '3:1'), 'invalid'],
    ['SMPP call barred 3:13', r('smpp', 'UNDELIV', 'UNDELIV', '3:13'), 'blocked'],
    ['SMPP system failure 3:34', r('smpp', 'UNDELIV', 'UNDELIV', '3:34'), 'network'],
    ['SMPP unlisted MAP error', r('smpp', 'UNDELIV', 'UNDELIV', '3:99'), 'unknown'],
    ['SMPP vendor err is not trusted', r('smpp', 'UNDELIV', 'UNDELIV', '034'), 'unknown'],
    ['SMPP EXPIRED', r('smpp', 'EXPIRED', 'EXPIRED', '000'), 'absent'],
    ['SMPP REJECTD', r('smpp', 'REJECTD', 'REJECTD', null), 'blocked'],
    // SGIP 1.2 ErrorCode (reference §2.8).
    ['SGIP off / out of coverage 25', r('sgip', 'UNDELIV', '2', '25'), 'absent'],
    ['SGIP unknown user 29', r('sgip', 'UNDELIV', '2', '29'), 'invalid'],
    ['SGIP system failure 32', r('sgip', 'UNDELIV', '2', '32'), 'network'],
    ['SGIP SMSC queue full 33', r('sgip', 'UNDELIV', '2', '33'), 'network'],
    ['SGIP routing error 22', r('sgip', 'UNDELIV', '2', '22'), 'network'],
    ['SGIP no SMS on the handset 27', r('sgip', 'UNDELIV', '2', '27'), 'blocked'],
    ['SGIP unlisted', r('sgip', 'UNDELIV', '2', '99'), 'unknown'],
    // SMGP 3.0 / CNGP err (reference §3.7).
    ['SMGP blacklisted 005', r('smgp', 'UNDELIV', 'UNDELIV', '005'), 'blocked'],
    ['SMGP system error 006', r('smgp', 'UNDELIV', 'UNDELIV', '006'), 'network'],
    ['SMGP data lost 010', r('smgp', 'UNDELIV', 'UNDELIV', '010'), 'network'],
    ['SMGP unreachable 001', r('smgp', 'UNDELIV', 'UNDELIV', '001'), 'absent'],
    ['SMGP unknown 999', r('smgp', 'UNDELIV', 'UNDELIV', '999'), 'unknown'],
    ['CNGP system error 006', r('cngp', 'UNDELIV', 'UNDELIV', '006'), 'network'],
    ['CNGP EXPIRED without err', r('cngp', 'EXPIRED', 'EXPIRED', null), 'absent'],
    // GSM modem TP-Status (TS 23.040 §9.2.3.15).
    ['modem congestion, SC stopped 0x60', r('modem', 'UNDELIV', '0x60'), 'network'],
    ['modem not obtainable 0x43', r('modem', 'UNDELIV', '0x43'), 'invalid'],
    ['modem validity expired 0x46', r('modem', 'EXPIRED', '0x46'), 'absent'],
    ['modem SME busy 0x61', r('modem', 'UNDELIV', '0x61'), 'absent'],
    ['modem deleted by SC 0x48', r('modem', 'UNDELIV', '0x48'), 'unknown'],
  ])('%s', (_name, report, fault) => {
    expect(classifyReport(report)).toBe(fault);
  });

  it('takes the least retryable segment for the message', () => {
    expect(messageFault([r('cmpp', 'UNDELIV', 'MA:0054'), r('cmpp', 'UNDELIV', 'MK:0001')])).toBe('invalid');
    expect(messageFault([r('cmpp', 'UNDELIV', 'MA:0054'), r('cmpp', 'UNDELIV', 'MB:0008')])).toBe('network');
    expect(messageFault([r('cmpp', 'UNDELIV', 'MA:0054'), r('cmpp', 'UNDELIV', 'IC:0001')])).toBe('absent');
    expect(messageFault([])).toBe('unknown');
  });
});

describe('outcome failover decision', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  const later = new Date('2026-12-03T13:00:00Z');
  const policy = { attempts: 1, changeCarrier: true };
  const network = [r('cmpp', 'UNDELIV', 'MA:0054')];

  it.each([
    ['network trouble with attempts left fails over', 'undelivered', network, 0, policy, later, 'failover'],
    [
      'an expired report for network trouble fails over',
      'expired',
      [r('sgip', 'UNDELIV', '2', '32')],
      0,
      policy,
      later,
      'failover',
    ],
    ['no attempts left', 'undelivered', network, 1, policy, later, 'final'],
    ['a type without failover', 'undelivered', network, 0, { attempts: 0, changeCarrier: false }, later, 'final'],
    ['the number is invalid', 'undelivered', [r('cmpp', 'UNDELIV', 'MK:0001')], 0, policy, later, 'final'],
    ['the handset is off', 'expired', [r('cmpp', 'EXPIRED', 'EXPIRED')], 0, policy, later, 'final'],
    ['rejected is final whatever the code', 'rejected', network, 0, policy, later, 'final'],
    ['validity over', 'undelivered', network, 0, policy, now, 'final'],
  ] as const)('%s', (_name, status, reports, failovers, p, expiresAt, kind) => {
    expect(decideOutcome({ status, reports, failovers, expiresAt }, p, now).kind).toBe(kind);
  });
});

describe('avoiding failed channels', () => {
  // tier 0, tier 1, cross-carrier, modem pool
  const groups = [['1', '2'], ['3'], ['4'], ['9']];
  const all = () => true;

  it('leaves the whole group of a failed attempt when the policy changes carrier', () => {
    expect(avoidFailedChannels(groups, new Set(['1']), true, all)).toEqual([['3'], ['4'], ['9']]);
  });

  it('leaves only the failed channel otherwise', () => {
    expect(avoidFailedChannels(groups, new Set(['1']), false, all)).toEqual([['2'], ['3'], ['4'], ['9']]);
  });

  it('goes to the modem pool when every carrier group failed', () => {
    expect(avoidFailedChannels(groups, new Set(['1', '3', '4']), true, all)).toEqual([['9']]);
  });

  it('falls back to another channel of the same group, then to the same channel, when nothing else is usable', () => {
    const onlyTierZero = (id: string) => id === '1' || id === '2';
    expect(avoidFailedChannels(groups, new Set(['1']), true, onlyTierZero)).toEqual([['2'], ['3'], ['4'], ['9']]);
    const onlyOne = (id: string) => id === '1';
    expect(avoidFailedChannels(groups, new Set(['1']), true, onlyOne)).toEqual(groups);
  });

  it('changes nothing for a message without failed attempts', () => {
    expect(avoidFailedChannels(groups, new Set(), true, all)).toEqual(groups);
  });
});
