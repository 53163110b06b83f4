import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeDeliverPdu, decodeStatusReportPdu, parsePduHex } from '@smshub/sms';
import { ModemSimulator, type ModemSimulatorOptions } from '../../src/modem/index.js';
import { Terminal } from './terminal.js';

// The dreamfabric SMS-SUBMIT ("hellohello" to +46708251358, 23 octets after SCA 00), and the
// same with TP-SRR set (first octet 11 | 20 = 31) so a status report follows.
const HELLO = '0011000B916407281553F80000AA0AE8329BFD4697D9EC37';
const HELLO_WITH_REPORT = '0031000B916407281553F80000AA0AE8329BFD4697D9EC37';

const modems: ModemSimulator[] = [];

function modem(options: ModemSimulatorOptions = {}): { sim: ModemSimulator; te: Terminal } {
  const sim = new ModemSimulator(options);
  const te = new Terminal();
  sim.attach(te.modemSide);
  modems.push(sim);
  return { sim, te };
}

/** A modem with echo off and numeric errors, as a driver leaves it after initialisation. */
async function initialised(
  options: ModemSimulatorOptions = {},
  cnmi = '2,1,0,1,0',
): Promise<{ sim: ModemSimulator; te: Terminal }> {
  const pair = modem(options);
  await pair.te.command('ATE0');
  await pair.te.command('AT+CMEE=1');
  await pair.te.command(`AT+CNMI=${cnmi}`);
  return pair;
}

afterEach(() => {
  for (const sim of modems.splice(0)) sim.close();
});

describe('answers like a module (TS 27.007 / 27.005)', () => {
  it('echoes what it receives until ATE0', async () => {
    const { te } = modem();
    expect(await te.command('AT')).toBe('AT\r\r\nOK\r\n');
    expect(await te.command('ATE0')).toBe('ATE0\r\r\nOK\r\n');
    expect(await te.command('AT')).toBe('\r\nOK\r\n');
  });

  it.each([
    ['ATI', '\r\nSMSHUB\r\n\r\nSIM-GSM-1\r\n\r\nRevision: 1.0.0\r\n\r\nOK\r\n'],
    ['AT+CGMI', '\r\nSMSHUB\r\n\r\nOK\r\n'],
    ['AT+CGMM', '\r\nSIM-GSM-1\r\n\r\nOK\r\n'],
    ['AT+CGSN', '\r\n867530000000001\r\n\r\nOK\r\n'],
    ['AT+CPIN?', '\r\n+CPIN: READY\r\n\r\nOK\r\n'],
    ['AT+CREG?', '\r\n+CREG: 0,1\r\n\r\nOK\r\n'],
    ['AT+CSQ', '\r\n+CSQ: 20,99\r\n\r\nOK\r\n'],
    ['AT+CMGF=0', '\r\nOK\r\n'],
    ['AT+CMGF?', '\r\n+CMGF: 0\r\n\r\nOK\r\n'],
    ['AT+CSMS=1', '\r\n+CSMS: 1,1,1\r\n\r\nOK\r\n'],
    ['AT+CPMS="SM","SM","SM"', '\r\n+CPMS: 0,30,0,30,0,30\r\n\r\nOK\r\n'],
    ['AT+CPMS?', '\r\n+CPMS: "SM",0,30,"SM",0,30,"SM",0,30\r\n\r\nOK\r\n'],
    ['AT+CSCA?', '\r\n+CSCA: "+8613800100500",145\r\n\r\nOK\r\n'],
    ['AT+CNMI=?', '\r\nOK\r\n'],
    ['at', '\r\nOK\r\n'],
  ])('%s', async (command, answer) => {
    const { te } = modem();
    await te.command('ATE0');
    expect(await te.command(command)).toBe(answer);
  });

  it('keeps CNMI fields that are left out', async () => {
    const { te } = await initialised();
    await te.command('AT+CNMI=,2');
    expect(await te.command('AT+CNMI?')).toBe('\r\n+CNMI: 2,2,0,1,0\r\n\r\nOK\r\n');
  });

  it.each([
    [0, '\r\nERROR\r\n'],
    [1, '\r\n+CME ERROR: 10\r\n'],
    [2, '\r\n+CME ERROR: SIM not inserted\r\n'],
  ])('reports a missing SIM as AT+CMEE=%i says', async (cmee, answer) => {
    const { te } = modem({ faults: { sim: 'absent' } });
    await te.command('ATE0');
    await te.command(`AT+CMEE=${cmee}`);
    expect(await te.command('AT+CPIN?', '\r\n')).toBe('\r\n');
    expect(await te.take('\r\n')).toBe(answer.slice(2));
  });

  it.each([
    ['AT+FOO', '\r\nERROR\r\n'],
    ['AT+CNMI=9', '\r\n+CMS ERROR: 303\r\n'],
    ['AT+CMEE=7', '\r\n+CME ERROR: 50\r\n'],
    ['AT+CMGR=5', '\r\n+CMS ERROR: 321\r\n'],
    ['AT+CNMA', '\r\n+CMS ERROR: 340\r\n'],
    ['AT+CMGS=3', '\r\n+CMS ERROR: 304\r\n'],
  ])('refuses %s', async (command, answer) => {
    const { te } = await initialised();
    te.send(`${command}\r`);
    await te.take(answer);
  });

  it('asks for the PIN and takes the right one', async () => {
    const { sim, te } = await initialised({ faults: { sim: 'pin-required' } });
    expect(await te.command('AT+CPIN?')).toContain('+CPIN: SIM PIN');
    te.send('AT+CPIN="0000"\r');
    await te.take('+CME ERROR: 16\r\n');
    await te.command('AT+CPIN="1234"');
    expect(sim.faults.sim).toBe('ready');
  });
});

describe('AT+CMGS in PDU mode', () => {
  it('prompts, takes the PDU up to Ctrl-Z and answers with the message reference', async () => {
    const { sim, te } = await initialised({ firstMessageReference: 254 });
    te.send('AT+CMGS=23\r');
    await te.take('\r\n> ');
    te.send(`${HELLO}\x1a`);
    expect(await te.take('OK\r\n')).toBe('\r\n+CMGS: 254\r\n\r\nOK\r\n');
    await te.command(`AT+CMGS=23\r${HELLO}\x1a`);
    await te.command(`AT+CMGS=23\r${HELLO}\x1a`);
    expect(sim.submits.map((submit) => submit.messageReference)).toEqual([254, 255, 0]);
    expect(sim.submits[0]).toMatchObject({ hex: HELLO, length: 23, recipient: '+46708251358' });
    expect(sim.stats).toMatchObject({ segments: 3, byRecipient: { '+46708251358': 3 } });
  });

  it.each([
    ['a length that is not the TPDU length', 'AT+CMGS=22', HELLO, '+CMS ERROR: 304'],
    ['hex that is not a PDU', 'AT+CMGS=23', 'ZZ', '+CMS ERROR: 304'],
    // A well-formed SMS-DELIVER of 16 octets: right length, wrong TP-MTI.
    [
      'an SMS-DELIVER instead of a SUBMIT',
      'AT+CMGS=16',
      '0004038121F300004230504103002301 31'.replace(/ /g, ''),
      '+CMS ERROR: 304',
    ],
  ])('refuses %s', async (_name, command, pdu, error) => {
    const { sim, te } = await initialised();
    te.send(`${command}\r`);
    await te.take('> ');
    te.send(`${pdu}\x1a`);
    await te.take(`${error}\r\n`);
    expect(sim.stats.segments).toBe(0);
  });

  it('drops the PDU on ESC', async () => {
    const { sim, te } = await initialised();
    te.send('AT+CMGS=23\r');
    await te.take('> ');
    te.send(`${HELLO.slice(0, 10)}\x1b`);
    await te.take('\r\nOK\r\n');
    expect(sim.stats).toMatchObject({ segments: 0, cancelled: 1 });
    expect(await te.command('AT')).toBe('\r\nOK\r\n');
  });

  it('refuses sends with the injected +CMS ERROR', async () => {
    const { sim, te } = await initialised({ faults: { rejectSends: 500 } });
    te.send(`AT+CMGS=23\r${HELLO}\x1a`);
    await te.take('+CMS ERROR: 500\r\n');
    expect(sim.stats).toMatchObject({ segments: 0, rejected: 1 });
  });

  it('takes the PDU and never answers when swallowing sends', async () => {
    const { sim, te } = await initialised({ faults: { swallowSends: true } });
    te.send(`AT+CMGS=23\r${HELLO}\x1a`);
    await te.take('> ');
    // It counts the PDU as swallowed where it would otherwise answer, so once counted nothing
    // was written; the AT below is answered with nothing before it.
    await expect.poll(() => sim.stats.swallowed).toBe(1);
    expect(te.output).toBe('');
    expect(sim.stats).toMatchObject({ segments: 0, swallowed: 1 });
    sim.setFaults({ swallowSends: false });
    expect(await te.command('AT')).toBe('\r\nOK\r\n');
  });

  it('refuses at once without the network', async () => {
    const { te } = await initialised({ faults: { registration: 'searching' } });
    expect(await te.command('AT+CREG?')).toContain('+CREG: 0,2');
    te.send('AT+CMGS=23\r');
    expect(await te.take('\r\n+CMS ERROR: 331\r\n')).not.toContain('>');
  });
});

describe('status reports', () => {
  it('sends +CDS with the TPDU of an SMS-STATUS-REPORT after a submit that asked for one', async () => {
    const { sim, te } = await initialised({ reportDelayMs: 20, firstMessageReference: 7 });
    sim.setReportStatus(0x46);
    await te.command(`AT+CMGS=23\r${HELLO_WITH_REPORT}\x1a`);
    await te.take('+CDS: ');
    const length = (await te.take('\r\n')).trim();
    const hex = (await te.take('\r\n')).trim();
    const report = decodeStatusReportPdu(parsePduHex(hex));
    expect(report.tpdu).toMatchObject({
      messageReference: 7,
      recipient: { type: 'international', value: '46708251358' },
      status: 0x46,
      state: 'EXPIRED',
    });
    expect(Number(length)).toBe(parsePduHex(hex).length - 1 - (parsePduHex(hex)[0] ?? 0));
    expect(sim.stats.reportsSent).toBe(1);
  });

  it('stores the report and indicates +CDSI under AT+CNMI=2,1,0,2', async () => {
    const { te } = await initialised({ reportDelayMs: 10 }, '2,1,0,2,0');
    await te.command(`AT+CMGS=23\r${HELLO_WITH_REPORT}\x1a`);
    await te.take('+CDSI: "SM",1\r\n');
    const read = await te.command('AT+CMGR=1');
    const hex = read.split('\r\n').filter((line) => line !== '')[1] ?? '';
    expect(decodeStatusReportPdu(parsePduHex(hex)).tpdu.state).toBe('DELIVRD');
  });

  it('sends none after a submit that did not ask', async () => {
    const { sim, te } = await initialised({ reportDelayMs: 1 });
    let seen = await te.command(`AT+CMGS=23\r${HELLO}\x1a`); // reference 0, no report asked
    expect(sim.stats.reportsSent).toBe(0);
    // Reports go out in submit order, so a report for the first submit would come before the
    // one the second asks for: everything up to that one holds a single +CDS.
    seen += await te.command(`AT+CMGS=23\r${HELLO_WITH_REPORT}\x1a`); // reference 1
    seen += await te.take('+CDS: ');
    expect(seen.split('+CDS: ')).toHaveLength(2);
    await te.take('\r\n');
    const hex = (await te.take('\r\n')).trim();
    expect(decodeStatusReportPdu(parsePduHex(hex)).tpdu.messageReference).toBe(1);
    expect(sim.stats.reportsSent).toBe(1);
  });
});

describe('MO messages', () => {
  it('stores them and indicates +CMTI; AT+CMGR reads, AT+CMGD deletes', async () => {
    const { sim, te } = await initialised();
    sim.deliverMo({ from: '+8613900139000', text: 'Hello modem' });
    await te.take('\r\n+CMTI: "SM",1\r\n');
    const lines = (await te.command('AT+CMGR=1')).split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toMatch(/^\+CMGR: 0,,\d+$/);
    const mo = decodeDeliverPdu(parsePduHex(lines[1] ?? ''));
    expect(mo.tpdu.originator).toEqual({ type: 'international', plan: 1, value: '8613900139000' });
    expect(mo.tpdu.text).toBe('Hello modem');
    expect(mo.tpdu.serviceCentreTime.offsetMinutes).toBe(480);
    expect(await te.command('AT+CMGR=1')).toContain('+CMGR: 1,,');
    await te.command('AT+CMGD=1');
    te.send('AT+CMGR=1\r');
    await te.take('+CMS ERROR: 321\r\n');
    expect(sim.stats).toMatchObject({ moDelivered: 1, deleted: 1 });
  });

  it('splits a long message into concatenated UCS2 parts', async () => {
    const { sim, te } = await initialised();
    const text = '你好'.repeat(40);
    const pdus = sim.deliverMo({ from: '+8613900139000', text, reference: 9 });
    expect(pdus).toHaveLength(2);
    await te.take('+CMTI: "SM",2\r\n');
    const parts = pdus.map((hex) => decodeDeliverPdu(parsePduHex(hex)).tpdu);
    expect(parts.map((part) => part.userData.concat)).toEqual([
      { ref: 9, total: 2, seq: 1 },
      { ref: 9, total: 2, seq: 2 },
    ]);
    expect(parts.map((part) => part.text).join('')).toBe(text);
    const listed = await te.command('AT+CMGL=4');
    expect(listed.split('+CMGL: ')).toHaveLength(3);
  });

  it('shows them with +CMT under AT+CNMI=2,2 and needs no acknowledgement under AT+CSMS=0', async () => {
    const { sim, te } = await initialised({}, '2,2,0,1,0');
    const [hex] = sim.deliverMo({ from: '10086', text: 'hi' });
    expect(await te.take(`\r\n${hex}\r\n`)).toMatch(/^\r\n\+CMT: ,\d+\r\n/);
    expect(sim.storage.used).toBe(0);
  });

  it('offers a +CMT again when it is not acknowledged under AT+CSMS=1, and stops once it is', async () => {
    // The module's clock is faked: on a busy machine a real 30 ms acknowledgement window can
    // close before the AT+CNMA below arrives. Only timers are faked; the serial line is streams.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const { sim, te } = await initialised({ ackTimeoutMs: 30, redeliverDelayMs: 10 }, '2,2,0,1,0');
      await te.command('AT+CSMS=1');
      const [hex = ''] = sim.deliverMo({ from: '10086', text: 'hi' });
      await te.take(hex);
      await vi.advanceTimersByTimeAsync(40); // not acknowledged within 30 ms, offered again 10 ms later
      await te.take(hex);
      await te.command('AT+CNMA');
      expect(sim.stats.acked).toBe(1);
      expect(sim.stats.nacked).toBeGreaterThanOrEqual(1);
      await vi.advanceTimersByTimeAsync(60_000);
      // Anything offered meanwhile would come before this answer.
      expect(await te.command('AT')).toBe('\r\nOK\r\n');
      expect(te.output).not.toContain(hex);
    } finally {
      vi.useRealTimers();
    }
  });

  it('offers it again after AT+CNMA=2', async () => {
    const { sim, te } = await initialised({ ackTimeoutMs: 5_000, redeliverDelayMs: 10 }, '2,2,0,1,0');
    await te.command('AT+CSMS=1');
    const [hex = ''] = sim.deliverMo({ from: '10086', text: 'hi' });
    await te.take(hex);
    await te.command('AT+CNMA=2');
    await te.take(hex);
    await te.command('AT+CNMA');
    expect(sim.stats).toMatchObject({ acked: 1, nacked: 1 });
  });
});

describe('faults', () => {
  it('stops answering, holds MO meanwhile and comes back rebooted', async () => {
    const { sim, te } = await initialised();
    sim.stopAnswering();
    te.send('AT\r');
    sim.deliverMo({ from: '10086', text: 'while away' });
    await expect.poll(() => te.unread).toBe(0); // the hung module has read the AT
    expect(te.output).toBe('');
    expect(sim.heldCount).toBe(1);
    sim.resumeAnswering();
    // Nothing before RDY: neither an echo nor an answer to the AT it read while hung.
    expect(await te.take('\r\nRDY\r\n')).toBe('\r\nRDY\r\n');
    expect(sim.settings.echo).toBe(true);
    expect(sim.settings.cnmi).toEqual([0, 0, 0, 0, 0]);
    expect(sim.storage.used).toBe(1); // stored, but with CNMI reset nothing is indicated
    expect(await te.command('AT')).toBe('AT\r\r\nOK\r\n');
  });

  it('answers late when slowed down', async () => {
    const { sim, te } = await initialised();
    sim.setFaults({ responseDelayMs: 300 });
    const sent = Date.now();
    te.send('AT+CSQ\r');
    expect(await te.take('OK\r\n')).toContain('+CSQ: 20,99');
    // A busy machine only makes it later; Node timers may fire a millisecond early.
    expect(Date.now() - sent).toBeGreaterThanOrEqual(299);
  });

  it('indicates losing the network under AT+CREG=1', async () => {
    const { sim, te } = await initialised();
    await te.command('AT+CREG=1');
    sim.setFaults({ registration: 'denied' });
    await te.take('\r\n+CREG: 3\r\n');
    expect(await te.command('AT+CREG?')).toContain('+CREG: 1,3');
  });

  it('fails SMS commands when the SIM fails', async () => {
    const { sim, te } = await initialised();
    sim.setFaults({ sim: 'failure' });
    te.send('AT+CPIN?\r');
    await te.take('+CME ERROR: 13\r\n');
    te.send('AT+CMGS=23\r');
    await te.take('+CMS ERROR: 313\r\n');
    expect(await te.command('AT+CREG?')).toContain('+CREG: 0,0');
  });
});
