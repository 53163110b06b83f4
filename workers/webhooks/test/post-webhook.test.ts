import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateAddressError } from '@smshub/webhook-guard';
import { createWebhookPoster, describeRequestError, type WebhookPoster } from '../src/post-webhook.js';
import { HttpReceiver } from './http-receiver.js';

const request = { body: Buffer.from('{"id":"1"}'), headers: { 'content-type': 'application/json' } };

describe('createWebhookPoster', () => {
  let receiver: HttpReceiver;
  let poster: WebhookPoster;

  beforeAll(async () => {
    receiver = await new HttpReceiver()
      .on('/no-content', () => ({ status: 204 }))
      .on('/huge-error', () => ({ status: 500, body: `${'e'.repeat(300)}${'x'.repeat(100 * 1024)}` }))
      .on('/teapot', () => ({ status: 418, body: '  short and stout \n' }))
      .on('/moved', () => ({ status: 301 }))
      .listen();
    poster = createWebhookPoster({ timeoutMs: 300, allowPrivate: true });
  });

  afterAll(async () => {
    poster?.close();
    await receiver?.close();
  });

  const cases: { name: string; url: () => string; outcome: object }[] = [
    {
      name: '204 without a body',
      url: () => receiver.url('/no-content'),
      outcome: { delivered: true, statusCode: 204 },
    },
    {
      name: 'an error body, cut to 256 bytes in the log',
      url: () => receiver.url('/huge-error'),
      outcome: { delivered: false, statusCode: 500, error: `HTTP 500: ${'e'.repeat(256)}` },
    },
    {
      name: 'an error body, trimmed',
      url: () => receiver.url('/teapot'),
      outcome: { delivered: false, statusCode: 418, error: 'HTTP 418: short and stout' },
    },
    {
      name: 'a redirect without a Location',
      url: () => receiver.url('/moved'),
      outcome: { delivered: false, statusCode: 301, error: 'HTTP 301 (redirect to nowhere not followed)' },
    },
    {
      name: 'something not a URL',
      url: () => 'not-a-url',
      outcome: { delivered: false, statusCode: null, error: 'webhook URL is not a URL' },
    },
    {
      name: 'a file: URL',
      url: () => 'file:///etc/passwd',
      outcome: { delivered: false, statusCode: null, error: 'webhook URL must be http:// or https://' },
    },
  ];
  it.each(cases)('$name', async ({ url, outcome }) => {
    expect(await poster.post(url(), request)).toStrictEqual(outcome);
  });

  it('a 2xx stands even when the rest of the body never comes', async () => {
    receiver.on('/trickle', () => ({ status: 200, body: 'partial', keepOpen: true }));
    expect(await poster.post(receiver.url('/trickle'), request)).toStrictEqual({ delivered: true, statusCode: 200 });
  });

  it('a non-2xx whose body never ends is still that status after the timeout', async () => {
    receiver.on('/slow-error', () => ({ status: 503, body: 'busy', keepOpen: true }));
    expect(await poster.post(receiver.url('/slow-error'), request)).toStrictEqual({
      delivered: false,
      statusCode: 503,
      error: 'HTTP 503: busy',
    });
  });

  it('a header value Node refuses becomes an error, not a throw', async () => {
    const bad = { body: request.body, headers: { 'smshub-event': 'bad\nvalue' } };
    const outcome = await poster.post(receiver.url('/no-content'), bad);
    expect(outcome).toMatchObject({ delivered: false, statusCode: null });
    expect((outcome as { error: string }).error).toMatch(
      /^ERR_INVALID_CHAR: Invalid character in header content \["smshub-event"\]$/,
    );
  });
});

describe('describeRequestError', () => {
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
  const cases: [name: string, error: unknown, text: string][] = [
    [
      'a message that names its code',
      withCode('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'),
      'connect ECONNREFUSED 127.0.0.1:9',
    ],
    ['a message without its code', withCode('socket hang up', 'ECONNRESET'), 'ECONNRESET: socket hang up'],
    [
      'an empty AggregateError (every address of a name failed)',
      Object.assign(
        new AggregateError(
          [new Error('connect ECONNREFUSED ::1:80'), new Error('connect ECONNREFUSED 127.0.0.1:80')],
          '',
        ),
        {
          code: 'ECONNREFUSED',
        },
      ),
      'connect ECONNREFUSED ::1:80; connect ECONNREFUSED 127.0.0.1:80',
    ],
    ['an empty message', new TypeError(''), 'TypeError'],
    [
      'a refused private address, as written',
      new PrivateAddressError('intranet.example', '10.0.0.5'),
      'refused: intranet.example resolves to 10.0.0.5, a loopback, private or reserved address',
    ],
    ['not an Error', 'plain text', 'plain text'],
  ];
  it.each(cases)('%s', (_name, error, text) => {
    expect(describeRequestError(error)).toBe(text);
  });
});
