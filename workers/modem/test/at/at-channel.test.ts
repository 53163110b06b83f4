import { afterEach, describe, expect, it } from 'vitest';
import { AtChannel } from '../../src/at/at-channel.js';
import { AtClosedError, AtCommandError, AtTimeoutError } from '../../src/at/at-errors.js';
import type { Unsolicited } from '../../src/at/unsolicited.js';
import { MockLine, sleep } from '../mock-line.js';

const lines: MockLine[] = [];
const channels: AtChannel[] = [];

async function setup(options: Partial<{ timeoutMs: number; promptTimeoutMs: number; quietMs: number }> = {}) {
  const line = await MockLine.open();
  const channel = new AtChannel(line.stream, {
    port: 'mock',
    // Generous, so that only the tests that mean a timeout (and set a short one) meet one.
    timeoutMs: 5_000,
    promptTimeoutMs: 5_000,
    quietMs: 30,
    ...options,
  });
  const codes: Unsolicited[] = [];
  channel.onUnsolicited((code) => codes.push(code));
  lines.push(line);
  channels.push(channel);
  return { line, channel, codes };
}

/** The error a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

afterEach(async () => {
  for (const channel of channels.splice(0)) channel.close();
  await Promise.all(lines.splice(0).map((line) => line.close()));
});

describe('AtChannel over @serialport/binding-mock', () => {
  it('writes the command with CR and resolves with the intermediate lines at OK', async () => {
    const { line, channel } = await setup();
    const answer = channel.run('AT+CSQ', { prefix: '+CSQ:' });
    expect(await line.take('\r')).toBe('AT+CSQ\r');
    line.reply('\r\n+CSQ: 21,99\r\n\r\nOK\r\n');
    expect((await answer).lines).toEqual(['+CSQ: 21,99']);
  });

  it('skips the echo of the command', async () => {
    const { line, channel } = await setup();
    const answer = channel.run('ATI');
    await line.take('ATI\r');
    line.reply('ATI\r\r\nSMSHUB\r\nSIM-GSM-1\r\n\r\nOK\r\n');
    expect((await answer).lines).toEqual(['SMSHUB', 'SIM-GSM-1']);
  });

  it('runs one command at a time', async () => {
    const { line, channel } = await setup();
    const first = channel.run('AT+CMGF=0');
    const second = channel.run('AT+CPMS?');
    expect(await line.take('\r')).toBe('AT+CMGF=0\r');
    // A check that nothing happens: the channel shows nothing while it holds the second command,
    // so give a wrongly eager write a moment to appear. A busy machine only weakens this check.
    await sleep(20);
    expect(line.written).toBe('');
    line.reply('\r\nOK\r\n');
    await first;
    expect(await line.take('\r')).toBe('AT+CPMS?\r');
    line.reply('\r\n+CPMS: "SM",0,30,"SM",0,30,"SM",0,30\r\n\r\nOK\r\n');
    expect((await second).lines).toHaveLength(1);
  });

  it('separates unsolicited codes that arrive inside an answer', async () => {
    const { line, channel, codes } = await setup();
    const answer = channel.run('AT+CMGL=4', { prefix: '+CMGL:' });
    await line.take('\r');
    line.reply('\r\n+CMGL: 1,0,,23\r\n');
    line.reply('\r\n+CMTI: "SM",2\r\n');
    line.reply('00AABB\r\n');
    line.reply('\r\n+CDS: 25\r\n0006CCDD\r\n');
    line.reply('\r\nRING\r\n\r\nOK\r\n');
    expect((await answer).lines).toEqual(['+CMGL: 1,0,,23', '00AABB']);
    expect(codes).toEqual([
      { kind: 'message-stored', memory: 'SM', index: 2 },
      { kind: 'status-report', length: 25, pdu: '0006CCDD' },
      { kind: 'other', line: 'RING' },
    ]);
  });

  it('takes +CREG: as the answer to AT+CREG? but as a code during another command', async () => {
    const { line, channel, codes } = await setup();
    const creg = channel.run('AT+CREG?', { prefix: '+CREG:' });
    await line.take('\r');
    line.reply('\r\n+CREG: 1,1\r\n\r\nOK\r\n');
    expect((await creg).lines).toEqual(['+CREG: 1,1']);
    const csq = channel.run('AT+CSQ', { prefix: '+CSQ:' });
    await line.take('\r');
    line.reply('\r\n+CREG: 2\r\n\r\n+CSQ: 9,99\r\n\r\nOK\r\n');
    expect((await csq).lines).toEqual(['+CSQ: 9,99']);
    expect(codes).toEqual([{ kind: 'registration', stat: 2 }]);
  });

  it('hands codes to the handler when no command runs', async () => {
    const { line, codes } = await setup();
    line.reply('\r\n+CMTI: "SM",7\r\n\r\n+CMT: ,12\r\n0004AA\r\n\r\nsomething else\r\n');
    await expect
      .poll(() => codes)
      .toEqual([
        { kind: 'message-stored', memory: 'SM', index: 7 },
        { kind: 'message', length: 12, pdu: '0004AA' },
        { kind: 'other', line: 'something else' },
      ]);
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['ERROR', '\r\nERROR\r\n', { kind: 'error' }],
    ['+CME ERROR', '\r\n+CME ERROR: 10\r\n', { kind: 'cme', code: 10 }],
    ['+CMS ERROR', '\r\n+CMS ERROR: 500\r\n', { kind: 'cms', code: 500 }],
    ['verbose +CME ERROR', '\r\n+CME ERROR: SIM failure\r\n', { kind: 'cme', code: null, text: 'SIM failure' }],
  ])('rejects %s with AtCommandError', async (_name, answer, result) => {
    const { line, channel } = await setup();
    const pending = channel.run('AT+CPIN?', { prefix: '+CPIN:' });
    await line.take('\r');
    line.reply(answer);
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(AtCommandError);
    expect((error as AtCommandError).result).toMatchObject(result);
    expect((error as AtCommandError).message).toContain('mock: AT+CPIN? failed');
  });

  it('times out, then resynchronises so a late answer cannot end the next command', async () => {
    // The quiet wait is long so the test's second reply surely falls inside it on a busy machine.
    const { line, channel } = await setup({ quietMs: 1_000 });
    const slow = channel.run('AT+CSQ', { prefix: '+CSQ:', timeoutMs: 100 });
    await line.take('AT+CSQ\r');
    const error = await rejection(slow);
    expect(error).toBeInstanceOf(AtTimeoutError);
    expect(error).toMatchObject({ waitedFor: 'response', written: true, timeoutMs: 100 });

    const next = channel.run('AT+CREG?', { prefix: '+CREG:' });
    // The resynchronising AT goes first; the late answer to AT+CSQ arrives now and must be dropped.
    await line.take('AT\r');
    line.reply('\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
    await expect.poll(() => line.unread).toBe(0); // read: its OK ended the AT, the quiet wait runs
    line.reply('\r\nOK\r\n'); // the answer to the resynchronising AT, during the quiet wait
    expect(await line.take('\r')).toBe('AT+CREG?\r');
    line.reply('\r\n+CREG: 0,1\r\n\r\nOK\r\n');
    expect((await next).lines).toEqual(['+CREG: 0,1']);
  });

  it('fails the next command when resynchronising gets no answer either', async () => {
    const { line, channel } = await setup({ timeoutMs: 60 });
    await rejection(channel.run('AT'));
    const next = channel.run('AT+CSQ');
    await line.take('AT\rAT\r');
    const error = await rejection(next);
    expect(error).toMatchObject({ name: 'AtTimeoutError', command: 'AT+CSQ', waitedFor: 'resync', written: false });
  });
});

describe('AT+CMGS prompt', () => {
  it('waits for "> ", then sends the PDU and Ctrl-Z', async () => {
    const { line, channel } = await setup();
    const send = channel.runWithPrompt('AT+CMGS=23', '0011AA', { prefix: '+CMGS:', timeoutMs: 1_000 });
    expect(await line.take('\r')).toBe('AT+CMGS=23\r');
    // A check that nothing happens (no PDU before the prompt); nothing observable to wait for.
    await sleep(20);
    expect(line.written).toBe('');
    line.reply('\r\n> ');
    expect(await line.take('\x1a')).toBe('0011AA\x1a');
    line.reply('\r\n+CMGS: 17\r\n\r\nOK\r\n');
    expect((await send).lines).toEqual(['+CMGS: 17']);
  });

  it('sends the PDU when an unsolicited code comes in the same read as the prompt', async () => {
    const { line, channel, codes } = await setup();
    const send = channel.runWithPrompt('AT+CMGS=23', '0011AA', { prefix: '+CMGS:', timeoutMs: 1_000 });
    await line.take('\r');
    line.reply('\r\n> \r\n+CDSI: "SM",3\r\n');
    expect(await line.take('\x1a')).toBe('0011AA\x1a');
    line.reply('\r\n+CMGS: 18\r\n\r\nOK\r\n');
    expect((await send).lines).toEqual(['+CMGS: 18']);
    expect(codes).toEqual([{ kind: 'status-report-stored', memory: 'SM', index: 3 }]);
  });

  it('takes an error instead of the prompt as the answer', async () => {
    const { line, channel } = await setup();
    const send = channel.runWithPrompt('AT+CMGS=23', '0011AA');
    await line.take('\r');
    line.reply('\r\n+CMS ERROR: 331\r\n');
    expect(await rejection(send)).toMatchObject({ name: 'AtCommandError', code: 331 });
    expect(line.written).toBe('');
  });

  it('leaves PDU entry with ESC when the prompt does not come; nothing was sent', async () => {
    const { line, channel } = await setup({ promptTimeoutMs: 80 });
    const send = channel.runWithPrompt('AT+CMGS=23', '0011AA');
    await line.take('AT+CMGS=23\r');
    const error = await rejection(send);
    expect(error).toBeInstanceOf(AtTimeoutError);
    expect(error).toMatchObject({ waitedFor: 'prompt', written: false });
    expect(await line.take('\x1b')).toBe('\x1b');
  });

  it('says the PDU went out when the answer to it does not come', async () => {
    const { line, channel } = await setup({ timeoutMs: 80 });
    const send = channel.runWithPrompt('AT+CMGS=23', '0011AA');
    await line.take('\r');
    line.reply('\r\n> ');
    await line.take('\x1a');
    expect(await rejection(send)).toMatchObject({ name: 'AtTimeoutError', waitedFor: 'response', written: true });
  });

  it('skips an echoed PDU', async () => {
    const { line, channel } = await setup();
    const send = channel.runWithPrompt('AT+CMGS=23', '0011AA', { prefix: '+CMGS:' });
    await line.take('\r');
    line.reply('AT+CMGS=23\r\r\n> ');
    await line.take('\x1a');
    line.reply('0011AA\x1a\r\n+CMGS: 3\r\n\r\nOK\r\n');
    expect((await send).lines).toEqual(['+CMGS: 3']);
  });
});

describe('closing', () => {
  it('fails the running and the waiting commands when the port closes', async () => {
    const { line, channel } = await setup();
    let closedWith = '';
    channel.onClosed((reason) => (closedWith = reason));
    const running = channel.runWithPrompt('AT+CMGS=23', '0011AA');
    const waiting = channel.run('AT+CSQ');
    await line.take('\r');
    line.reply('\r\n> ');
    await line.take('\x1a');
    await line.close();
    expect(await rejection(running)).toMatchObject({ name: 'AtClosedError', written: true });
    expect(await rejection(waiting)).toMatchObject({ name: 'AtClosedError', written: false });
    expect(closedWith).toBe('the serial port closed');
    expect(await rejection(channel.run('AT'))).toBeInstanceOf(AtClosedError);
  });
});
