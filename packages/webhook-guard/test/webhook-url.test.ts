import { describe, expect, it } from 'vitest';
import { checkWebhookUrl } from '../src/index.js';

describe('checkWebhookUrl', () => {
  const strict = { allowPrivate: false };
  const lenient = { allowPrivate: true };

  it.each([
    'https://hooks.example.com/smshub',
    'http://example.com:8080/a?b=c',
    'https://8.8.8.8/hook',
    'https://[2001:4860:4860::8888]/hook',
    'https://例子.测试/hook',
  ])('accepts %s', (url) => {
    expect(checkWebhookUrl(url, strict)).toMatchObject({ ok: true });
  });

  const refusals: [url: string, reason: RegExp][] = [
    ['http://127.0.0.1:9999/hook', /loopback, private or reserved address/],
    ['http://2130706433/', /127\.0\.0\.1, a loopback/], // the parser normalises 127.0.0.1 written as one number
    ['http://0x7f.1/', /127\.0\.0\.1/],
    ['http://[::1]/', /::1/],
    ['http://[::127.0.0.1]/', /loopback, private or reserved/],
    ['http://[64:ff9b::a9fe:a9fe]/latest/meta-data', /loopback, private or reserved/],
    ['http://[2002:a00:1::]/', /loopback, private or reserved/],
    ['http://169.254.169.254/latest/meta-data', /loopback, private or reserved/],
    ['http://10.1.2.3/', /loopback, private or reserved/],
    ['http://localhost:3000/', /localhost, a loopback host/],
    ['http://api.localhost/', /loopback host/],
    ['https://user:secret@example.com/hook', /user name or password/],
    ['https://user@example.com/hook', /user name or password/],
    ['https://exa\nmple.com/hook', /control character at position 11/],
    ['https://example.com/\thook', /control character/],
    ['https://example.com/\u0000', /control character/],
    ['https://example.com/\u0085', /control character/],
    [' https://example.com/', /spaces/],
    ['https://example.com/a b', /spaces/],
    ['ftp://example.com/', /http:\/\/ or https:\/\//],
    ['javascript:alert(1)', /http:\/\/ or https:\/\//],
    ['not a url', /spaces|not a URL/],
    ['https://', /not a URL/],
    [`https://example.com/${'a'.repeat(2048)}`, /longer than 2048/],
  ];
  it.each(refusals)('refuses %j', (url, reason) => {
    const check = checkWebhookUrl(url, strict);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });

  it('allows private and loopback targets when the platform does, never credentials or control characters', () => {
    expect(checkWebhookUrl('http://127.0.0.1:9999/hook', lenient)).toMatchObject({ ok: true });
    expect(checkWebhookUrl('http://localhost/hook', lenient)).toMatchObject({ ok: true });
    expect(checkWebhookUrl('http://u:p@127.0.0.1/', lenient)).toMatchObject({ ok: false });
    expect(checkWebhookUrl('http://127.0.0.1/\r\n', lenient)).toMatchObject({ ok: false });
  });
});
