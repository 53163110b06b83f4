import { afterEach, describe, expect, it } from 'vitest';
import { decodeGsm7, decodeSubmitPdu, decodeText, parsePduHex, type DecodedSubmit } from '@smshub/sms';
import type { ModemSimulator } from '@smshub/simulator';
import { Harness, segmentsOf } from './harness.js';

let harness: Harness | null = null;

afterEach(async () => {
  await harness?.stop();
  harness = null;
});

/** What the simulators received, decoded here from the hex they were sent, in part order. */
function received(...sims: ModemSimulator[]): Array<{ raw: Buffer; tpdu: DecodedSubmit }> {
  return sims
    .flatMap((sim) => sim.submits)
    .map((submit) => {
      const raw = parsePduHex(submit.hex);
      return { raw, tpdu: decodeSubmitPdu(raw).tpdu };
    })
    .sort((a, b) => (a.tpdu.userData.concat?.seq ?? 0) - (b.tpdu.userData.concat?.seq ?? 0));
}

describe('a pool of two simulated modems over socat', () => {
  it('initialises both modems and reports them as members', async () => {
    harness = await Harness.start(2);
    await harness.eventSoFar('member-added', 'm1');
    await harness.eventSoFar('member-added', 'm2');
    for (const sim of [harness.sim(0), harness.sim(1)]) {
      // After initialising, the SIM is searched for messages that came while no one listened.
      await expect.poll(() => sim.stats.byCommand['+CMGL']).toBe(1);
      expect(sim.settings).toMatchObject({ echo: false, cmee: 1, cmgf: 0, cnmi: [2, 1, 0, 1, 0] });
      expect(Object.keys(sim.stats.byCommand)).toEqual(
        expect.arrayContaining(['', 'E0', '+CMEE', '+CPIN', '+CREG', '+CSQ', '+CMGF', '+CNMI', '+CPMS', '+CMGL']),
      );
    }
    expect(harness.pool.state()).toEqual({ up: true, binds: 2, inFlight: 0, window: 8, allowedTps: 100, waiting: 0 });
    expect(harness.pool.capabilities).toEqual({ encodings: ['gsm7', 'ucs2'], numbers: 'e164' });
    expect(harness.pool.modems().map((modem) => [modem.id, modem.state, modem.signal, modem.registration])).toEqual([
      ['m1', 'ready', 20, 1],
      ['m2', 'ready', 20, 1],
    ]);
  });

  it('sends a long GSM 7-bit message as concatenated parts, one AT+CMGS each, spread over both modems', async () => {
    harness = await Harness.start(2);
    const text = `Your parcel {A-17} is ready at locker €5. ${'Collect it within three days, please. '.repeat(9)}`;
    const segments = segmentsOf(text, '8613800138000', { encoding: 'gsm7', reference: 42 });
    expect(segments.length).toBe(3);
    const outcomes = await Promise.all(segments.map((segment) => harness!.pool.submit(segment)));
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(harness.sim(0).stats.segments).toBeGreaterThan(0);
    expect(harness.sim(1).stats.segments).toBeGreaterThan(0);

    const parts = received(harness.sim(0), harness.sim(1));
    expect(parts).toHaveLength(3);
    for (const [i, { raw, tpdu }] of parts.entries()) {
      expect(raw[0]).toBe(0x00); // SCA length 00: the SIM's SMSC
      expect(raw[1]! & 0x03).toBe(0x01); // SMS-SUBMIT
      expect(raw[1]! & 0x60).toBe(0x60); // TP-UDHI and TP-SRR
      expect(tpdu.destination).toEqual({ type: 'international', plan: 1, value: '8613800138000' });
      expect(tpdu.dataCodingScheme).toBe(0x00);
      expect(tpdu.userData.header).toEqual(Buffer.from([0x05, 0x00, 0x03, 42, 3, i + 1]));
    }
    expect(parts.map(({ tpdu }) => decodeGsm7(tpdu.userData.payload)).join('')).toBe(text);
    expect(
      harness.sim(0).stats.byRecipient['+8613800138000']! + harness.sim(1).stats.byRecipient['+8613800138000']!,
    ).toBe(3);
  });

  it('sends a long UCS2 message with TP-DCS 08 and octet lengths', async () => {
    harness = await Harness.start(2);
    const text = '您的验证码是 302114，五分钟内有效。请勿向任何人透露。'.repeat(5);
    const segments = segmentsOf(text, '8613800138000', { encoding: 'ucs2', reference: 7 });
    const outcomes = await Promise.all(segments.map((segment) => harness!.pool.submit(segment)));
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const parts = received(harness.sim(0), harness.sim(1));
    expect(parts).toHaveLength(segments.length);
    for (const { tpdu } of parts) {
      expect(tpdu.dataCodingScheme).toBe(0x08);
      expect(tpdu.userData.concat).toMatchObject({ ref: 7, total: segments.length });
    }
    expect(parts.map(({ tpdu }) => decodeText(tpdu.userData.payload, 'ucs2')).join('')).toBe(text);
  });

  it('turns +CDS into status reports whose ids match the submits', async () => {
    harness = await Harness.start(2);
    harness.sim(1).setReportStatus(0x46);
    const outcomes = await Promise.all(
      ['8613800138000', '8613800138001', '8613800138002', '8613800138003'].map((to) =>
        harness!.pool.submit(segmentsOf('hello', to)[0]!),
      ),
    );
    const ids = outcomes.map((outcome) => (outcome.ok ? outcome.carrierMessageId : ''));
    expect(ids.every((id) => /^m[12]:\d+:86138001380\d\d$/.test(id))).toBe(true);
    await expect.poll(() => harness!.reports.length).toBe(4);
    for (const { report, settle } of harness.reports) {
      expect(ids).toContain(report.carrierMessageId);
      const fromSecond = report.carrierMessageId.startsWith('m2:');
      expect(report).toMatchObject({
        protocol: 'gsm-modem',
        recipient: `+${report.carrierMessageId.split(':')[2]}`,
        state: fromSecond ? 'EXPIRED' : 'DELIVRD',
        code: fromSecond ? '0x46' : '0x00',
      });
      expect(report.doneAt).toBeInstanceOf(Date);
      settle(true);
    }
  });

  it('sends no report request when none is wanted, and refuses what GSM cannot carry', async () => {
    harness = await Harness.start(1);
    const outcome = await harness.pool.submit(segmentsOf('no report', '8613800138000', { wantReport: false })[0]!);
    expect(outcome.ok).toBe(true);
    const [part] = received(harness.sim(0));
    expect(part!.raw[1]! & 0x20).toBe(0);
    const gbk = { ...segmentsOf('x', '8613800138000')[0]!, encoding: 'gbk' as const };
    expect(await harness.pool.submit(gbk)).toMatchObject({
      ok: false,
      kind: 'unavailable',
      reason: expect.stringContaining('not gbk'),
    });
  });
});
