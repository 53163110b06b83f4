import { describe, expect, it } from 'vitest';
import { TpduError } from '@smshub/sms';
import { AtClosedError, AtCommandError, AtTimeoutError } from '../src/at/at-errors.js';
import { isSimFailure, submitFailure, type SubmitFailure } from '../src/submit-outcome.js';

const cms = (code: number) =>
  new AtCommandError('p', 'AT+CMGS=23', { ok: false, kind: 'cms', code, text: String(code) });
const cme = (code: number) =>
  new AtCommandError('p', 'AT+CMGS=23', { ok: false, kind: 'cme', code, text: String(code) });

describe('what a failed AT+CMGS means (TS 24.011 RP causes, TS 27.005 §3.2.5)', () => {
  it.each<
    [string, unknown, 'permanent' | 'transient' | 'throttled' | 'in-doubt' | 'unavailable', SubmitFailure['modemFault']]
  >([
    ['RP 1 unassigned number', cms(1), 'permanent', 'none'],
    ['RP 30 unknown subscriber', cms(30), 'permanent', 'none'],
    ['304 invalid PDU mode parameter', cms(304), 'permanent', 'none'],
    ['RP 27 destination out of service', cms(27), 'transient', 'none'],
    ['RP 10 call barred (this SIM)', cms(10), 'transient', 'count'],
    ['RP 38 network out of order', cms(38), 'transient', 'count'],
    ['RP 42 congestion', cms(42), 'throttled', 'none'],
    ['310 SIM not inserted', cms(310), 'unavailable', 'fatal'],
    ['313 SIM failure', cms(313), 'unavailable', 'fatal'],
    ['331 no network service', cms(331), 'unavailable', 'fatal'],
    ['332 network timeout', cms(332), 'in-doubt', 'count'],
    ['500 unknown error', cms(500), 'transient', 'count'],
    ['+CME ERROR 13 SIM failure', cme(13), 'unavailable', 'fatal'],
    ['+CME ERROR 100 unknown', cme(100), 'transient', 'count'],
    ['plain ERROR', new AtCommandError('p', 'AT+CMGS=23', { ok: false, kind: 'error' }), 'transient', 'count'],
    ['no prompt', new AtTimeoutError('p', 'AT+CMGS=23', 'prompt', 5000, false), 'unavailable', 'count'],
    ['no answer after the PDU', new AtTimeoutError('p', 'AT+CMGS=23', 'response', 60000, true), 'in-doubt', 'count'],
    ['port closed before the PDU', new AtClosedError('p', 'AT+CMGS=23', 'closed', false), 'unavailable', 'fatal'],
    ['port closed after the PDU', new AtClosedError('p', 'AT+CMGS=23', 'closed', true), 'in-doubt', 'fatal'],
    ['a PDU that cannot be built', new TpduError('sms-submit', 'too long'), 'permanent', 'none'],
  ])('%s', (_name, error, kind, modemFault) => {
    const failure = submitFailure(error);
    expect(failure.outcome).toMatchObject({ ok: false, kind });
    expect(failure.modemFault).toBe(modemFault);
  });

  it('keeps the +CMS number as the status', () => {
    expect(submitFailure(cms(500)).outcome).toMatchObject({
      status: 500,
      reason: 'p: AT+CMGS=23 failed: +CMS ERROR: 500',
    });
  });

  it('knows SIM failures', () => {
    expect([cme(10), cme(11), cms(313), cms(500), cme(3), new Error('x')].map(isSimFailure)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
