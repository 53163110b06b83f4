import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeText } from '@smshub/sms';
import { Harness, present, WAIT } from './harness.js';

let harness: Harness | null = null;

afterEach(async () => {
  await harness?.stop();
  harness = null;
});

describe('MO through the modem pool', () => {
  it('reads a +CMTI message with AT+CMGR and deletes it only after settle(true)', async () => {
    harness = await Harness.start(1, { port: { ownNumber: '13900000001' } });
    const sim = harness.sim(0);
    // After the start-up sweep of the SIM (AT+CMGL), so the message comes in as +CMTI.
    await expect.poll(() => sim.stats.byCommand['+CMGL']).toBe(1);
    sim.deliverMo({ from: '+8613900139000', text: '退订 TD' });
    const { sms, settle } = await vi.waitFor(() => present(harness!.mo[0], 'an MO'), WAIT);
    expect(sms).toMatchObject({ protocol: 'gsm-modem', from: '+8613900139000', to: '13900000001', encoding: 'ucs2' });
    expect(decodeText(sms.content, 'ucs2')).toBe('退订 TD');
    expect(sms.concat).toBeUndefined();
    expect(sim.stats.byCommand['+CMGR']).toBe(1);

    // Two more health checks (AT+CSQ, AT+CREG? each) go by; the driver must not delete yet.
    const commands = sim.stats.commands;
    await expect.poll(() => sim.stats.commands).toBeGreaterThanOrEqual(commands + 4);
    expect(sim.storage.used).toBe(1); // not stored by the pipeline yet: still on the SIM
    expect(sim.stats.deleted).toBe(0);

    settle(true);
    await expect.poll(() => sim.stats.deleted).toBe(1);
    expect(sim.storage.used).toBe(0);
  });

  it('keeps a message the pipeline could not store and offers it again', async () => {
    harness = await Harness.start(1);
    const sim = harness.sim(0);
    sim.deliverMo({ from: '+8613900139000', text: 'retry me' });
    const first = await vi.waitFor(() => present(harness!.mo[0], 'an MO'), WAIT);
    first.settle(false);
    const second = await vi.waitFor(() => present(harness!.mo[1], 'the MO offered again'), WAIT);
    expect(second.sms.content).toEqual(first.sms.content);
    expect(sim.storage.used).toBe(1);
    second.settle(true);
    await expect.poll(() => sim.storage.used).toBe(0);
  });

  it('hands over the parts of a long message with their concatenation counters', async () => {
    harness = await Harness.start(1);
    harness.sim(0).deliverMo({ from: '+8613900139000', text: 'A'.repeat(200), reference: 77 });
    const parts = await vi.waitFor(() => present(harness!.mo.length === 2 && harness!.mo, 'two parts'), WAIT);
    expect(parts.map(({ sms }) => sms.concat)).toEqual([
      { ref: 77, total: 2, seq: 1 },
      { ref: 77, total: 2, seq: 2 },
    ]);
    expect(parts.map(({ sms }) => sms.encoding)).toEqual(['gsm7', 'gsm7']);
    expect(parts.reduce((sum, { sms }) => sum + sms.content.length, 0)).toBe(200);
    for (const { settle } of parts) settle(true);
    await expect.poll(() => harness!.sim(0).stats.deleted).toBe(2);
  });

  it('picks up messages that arrived while no one listened when it initialises', async () => {
    harness = await Harness.start(1, { start: false });
    const sim = harness.sim(0);
    sim.deliverMo({ from: '+8613900139000', text: 'while offline' });
    expect(sim.storage.used).toBe(1); // CNMI still 0,0: stored without an indication
    await harness.pool.start();
    const { sms, settle } = await vi.waitFor(() => present(harness!.mo[0], 'the stored MO'), WAIT);
    expect(sms.from).toBe('+8613900139000');
    settle(true);
    await expect.poll(() => sim.storage.used).toBe(0);
  });

  it('acknowledges a +CMT with AT+CNMA under AT+CSMS=1, after settle(true)', async () => {
    harness = await Harness.start(1, {
      port: { init: { cnmi: '2,2,0,1,0', smsService: 1 } },
      simulator: { ackTimeoutMs: 5_000 },
    });
    const sim = harness.sim(0);
    expect(sim.settings).toMatchObject({ csms: 1, cnmi: [2, 2, 0, 1, 0] });
    sim.deliverMo({ from: '+8613900139000', text: 'shown directly' });
    const { sms, settle } = await vi.waitFor(() => present(harness!.mo[0], 'an MO'), WAIT);
    expect(sms.from).toBe('+8613900139000');
    // Two more health checks (AT+CSQ, AT+CREG? each) go by; the driver must not acknowledge yet.
    const commands = sim.stats.commands;
    await expect.poll(() => sim.stats.commands).toBeGreaterThanOrEqual(commands + 4);
    expect(sim.stats.acked).toBe(0);
    settle(true);
    await expect.poll(() => sim.stats.acked).toBe(1);
    expect(sim.storage.used).toBe(0);
  });

  it('refuses a +CMT it could not store with AT+CNMA=2, and the network offers it again', async () => {
    harness = await Harness.start(1, {
      port: { init: { cnmi: '2,2,0,1,0', smsService: 1 } },
      simulator: { redeliverDelayMs: 20 },
    });
    harness.sim(0).deliverMo({ from: '+8613900139000', text: 'again' });
    const first = await vi.waitFor(() => present(harness!.mo[0], 'an MO'), WAIT);
    first.settle(false);
    const second = await vi.waitFor(() => present(harness!.mo[1], 'the MO again'), WAIT);
    second.settle(true);
    await expect.poll(() => harness!.sim(0).stats.acked).toBe(1);
    expect(harness.sim(0).stats.nacked).toBe(1);
  });

  it('acknowledges +CDS reports under AT+CSMS=1', async () => {
    harness = await Harness.start(1, { port: { init: { cnmi: '2,1,0,1,0', smsService: 1 } } });
    const outcome = await harness.pool.submit({
      to: '8613800138000',
      from: '1069000',
      encoding: 'gsm7',
      payload: Buffer.from([0x48, 0x69]),
      udh: null,
      part: null,
      wantReport: true,
      priority: 0,
    });
    expect(outcome.ok).toBe(true);
    const { report, settle } = await vi.waitFor(() => present(harness!.reports[0], 'a report'), WAIT);
    expect(report.carrierMessageId).toBe(outcome.ok ? outcome.carrierMessageId : '');
    settle(true);
    await expect.poll(() => harness!.sim(0).stats.acked).toBe(1);
  });

  it('reads reports stored with +CDSI and deletes them after settle(true)', async () => {
    harness = await Harness.start(1, { port: { init: { cnmi: '2,1,0,2,0' } } });
    const outcome = await harness.pool.submit({
      to: '8613800138000',
      from: '1069000',
      encoding: 'gsm7',
      payload: Buffer.from([0x48, 0x69]),
      udh: null,
      part: null,
      wantReport: true,
      priority: 0,
    });
    const { report, settle } = await vi.waitFor(() => present(harness!.reports[0], 'a report'), WAIT);
    expect(report).toMatchObject({ carrierMessageId: outcome.ok ? outcome.carrierMessageId : '', state: 'DELIVRD' });
    expect(harness.sim(0).storage.used).toBe(1);
    settle(true);
    await expect.poll(() => harness!.sim(0).storage.used).toBe(0);
  });
});
