import { afterEach, describe, expect, it } from 'vitest';
import { decodeText } from '@smshub/sms';
import { sleep } from '../mock-line.js';
import { until } from '../until.js';
import { Harness } from './harness.js';

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
    await until('AT+CMGL', () => sim.stats.byCommand['+CMGL'] === 1);
    sim.deliverMo({ from: '+8613900139000', text: '退订 TD' });
    const { sms, settle } = await until('an MO', () => harness!.mo[0]);
    expect(sms).toMatchObject({ protocol: 'gsm-modem', from: '+8613900139000', to: '13900000001', encoding: 'ucs2' });
    expect(decodeText(sms.content, 'ucs2')).toBe('退订 TD');
    expect(sms.concat).toBeUndefined();
    expect(sim.stats.byCommand['+CMGR']).toBe(1);

    await sleep(100);
    expect(sim.storage.used).toBe(1); // not stored by the pipeline yet: still on the SIM
    expect(sim.stats.deleted).toBe(0);

    settle(true);
    await until('the SIM slot deleted', () => sim.stats.deleted === 1);
    expect(sim.storage.used).toBe(0);
  });

  it('keeps a message the pipeline could not store and offers it again', async () => {
    harness = await Harness.start(1);
    const sim = harness.sim(0);
    sim.deliverMo({ from: '+8613900139000', text: 'retry me' });
    const first = await until('an MO', () => harness!.mo[0]);
    first.settle(false);
    const second = await until('the MO offered again', () => harness!.mo[1]);
    expect(second.sms.content).toEqual(first.sms.content);
    expect(sim.storage.used).toBe(1);
    second.settle(true);
    await until('the SIM slot deleted', () => sim.storage.used === 0);
  });

  it('hands over the parts of a long message with their concatenation counters', async () => {
    harness = await Harness.start(1);
    harness.sim(0).deliverMo({ from: '+8613900139000', text: 'A'.repeat(200), reference: 77 });
    const parts = await until('two parts', () => harness!.mo.length === 2 && harness!.mo);
    expect(parts.map(({ sms }) => sms.concat)).toEqual([
      { ref: 77, total: 2, seq: 1 },
      { ref: 77, total: 2, seq: 2 },
    ]);
    expect(parts.map(({ sms }) => sms.encoding)).toEqual(['gsm7', 'gsm7']);
    expect(parts.reduce((sum, { sms }) => sum + sms.content.length, 0)).toBe(200);
    for (const { settle } of parts) settle(true);
    await until('both deleted', () => harness!.sim(0).stats.deleted === 2);
  });

  it('picks up messages that arrived while no one listened when it initialises', async () => {
    harness = await Harness.start(1, { start: false });
    const sim = harness.sim(0);
    sim.deliverMo({ from: '+8613900139000', text: 'while offline' });
    expect(sim.storage.used).toBe(1); // CNMI still 0,0: stored without an indication
    await harness.pool.start();
    const { sms, settle } = await until('the stored MO', () => harness!.mo[0]);
    expect(sms.from).toBe('+8613900139000');
    settle(true);
    await until('deleted', () => sim.storage.used === 0);
  });

  it('acknowledges a +CMT with AT+CNMA under AT+CSMS=1, after settle(true)', async () => {
    harness = await Harness.start(1, {
      port: { init: { cnmi: '2,2,0,1,0', smsService: 1 } },
      simulator: { ackTimeoutMs: 5_000 },
    });
    const sim = harness.sim(0);
    expect(sim.settings).toMatchObject({ csms: 1, cnmi: [2, 2, 0, 1, 0] });
    sim.deliverMo({ from: '+8613900139000', text: 'shown directly' });
    const { sms, settle } = await until('an MO', () => harness!.mo[0]);
    expect(sms.from).toBe('+8613900139000');
    await sleep(50);
    expect(sim.stats.acked).toBe(0);
    settle(true);
    await until('AT+CNMA', () => sim.stats.acked === 1);
    expect(sim.storage.used).toBe(0);
  });

  it('refuses a +CMT it could not store with AT+CNMA=2, and the network offers it again', async () => {
    harness = await Harness.start(1, {
      port: { init: { cnmi: '2,2,0,1,0', smsService: 1 } },
      simulator: { redeliverDelayMs: 20 },
    });
    harness.sim(0).deliverMo({ from: '+8613900139000', text: 'again' });
    const first = await until('an MO', () => harness!.mo[0]);
    first.settle(false);
    const second = await until('the MO again', () => harness!.mo[1]);
    second.settle(true);
    await until('acknowledged', () => harness!.sim(0).stats.acked === 1);
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
    const { report, settle } = await until('a report', () => harness!.reports[0]);
    expect(report.carrierMessageId).toBe(outcome.ok ? outcome.carrierMessageId : '');
    settle(true);
    await until('AT+CNMA', () => harness!.sim(0).stats.acked === 1);
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
    const { report, settle } = await until('a report', () => harness!.reports[0]);
    expect(report).toMatchObject({ carrierMessageId: outcome.ok ? outcome.carrierMessageId : '', state: 'DELIVRD' });
    expect(harness.sim(0).storage.used).toBe(1);
    settle(true);
    await until('deleted', () => harness!.sim(0).storage.used === 0);
  });
});
