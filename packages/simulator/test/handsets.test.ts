import type { ReceivedSubmit } from '@smshub/protocols';
import { describe, expect, it } from 'vitest';
import { HandsetInbox } from '../src/handsets.js';

function submit(
  to: string[],
  text: string,
  part: ReceivedSubmit['part'] = null,
  encoding: ReceivedSubmit['encoding'] = 'ucs2',
): ReceivedSubmit {
  return {
    to,
    from: '106900001234',
    encoding,
    content: encoding === 'ucs2' ? Buffer.from(text, 'utf16le').swap16() : Buffer.from(text, 'latin1'),
    udh: null,
    part,
    wantReport: true,
  };
}

describe('HandsetInbox', () => {
  const at = new Date('2026-12-03T12:00:00Z');

  it('shows a one-part text to each recipient, whichever way the number is written', () => {
    const inbox = new HandsetInbox();
    inbox.record(submit(['8613800138000', '13900139000'], '您的验证码是 123456'), at);
    expect(inbox.to('13800138000')).toEqual([
      { to: '8613800138000', from: '106900001234', text: '您的验证码是 123456', receivedAt: at.toISOString() },
    ]);
    expect(inbox.to('+8613900139000').map((m) => m.text)).toEqual(['您的验证码是 123456']);
    expect(inbox.to('13700137000')).toEqual([]);
  });

  it('joins the parts of a long message in order, once every part came, whatever order they came in', () => {
    const inbox = new HandsetInbox();
    inbox.record(submit(['13800138000'], '第二段', { ref: 7, total: 2, seq: 2 }), at);
    expect(inbox.to('13800138000')).toEqual([]);
    inbox.record(submit(['13800138000'], '第一段，', { ref: 7, total: 2, seq: 1 }), at);
    expect(inbox.to('13800138000').map((m) => m.text)).toEqual(['第一段，第二段']);
  });

  it('keeps only the newest messages past its capacity, and forgets everything on clear', () => {
    const inbox = new HandsetInbox(3);
    for (let i = 0; i < 5; i++) inbox.record(submit(['13800138000'], `m${i}`, null, 'ascii'), at);
    expect(inbox.to('13800138000').map((m) => m.text)).toEqual(['m2', 'm3', 'm4']);
    inbox.clear();
    expect(inbox.to('13800138000')).toEqual([]);
  });
});
