import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMessage, listMessages, MAX_BODY_BYTES, sendMessages, type Pool } from '../src/index.js';
import { createApiFixture, errorOf, type ApiFixture } from './api-fixture.js';

/**
 * Bad input of any kind gets a 4xx with a message that says what is wrong, and leaves nothing
 * behind: every case here ends with no campaign, message or ledger row and the balance untouched.
 */
describe('malformed requests', () => {
  let fx: ApiFixture;
  let key: string;
  let orgId: bigint;
  beforeAll(async () => {
    fx = await createApiFixture();
    const org = await fx.org({ balance: 1_000n });
    orgId = org.id;
    key = await fx.key(org.id);
  });
  afterAll(() => fx?.close());

  const valid = { business_type: 'notification', to: ['13800138000'], text: 'hi' };
  const numbers = (n: number) => Array.from({ length: n }, (_, i) => `138${String(i).padStart(8, '0')}`);

  const nothingStored = async () => {
    expect(await fx.prisma.campaign.count({ where: { orgId } })).toBe(0);
    expect(await fx.prisma.message.count({ where: { orgId } })).toBe(0);
    expect(await fx.prisma.ledgerEntry.count({ where: { orgId } })).toBe(0);
    expect((await fx.prisma.org.findUniqueOrThrow({ where: { id: orgId } })).balance).toBe(1_000n);
  };

  const cases: {
    name: string;
    body: unknown;
    headers?: Record<string, string>;
    status: number;
    code: string;
    message: RegExp;
  }[] = [
    {
      name: 'JSON cut short',
      body: '{"business_type": "notification",',
      status: 400,
      code: 'invalid_json',
      message: /not valid JSON/,
    },
    {
      name: 'not JSON at all',
      body: 'to=13800138000&text=hi',
      status: 400,
      code: 'invalid_json',
      message: /not valid JSON/,
    },
    { name: 'an empty body', body: '', status: 400, code: 'invalid_json', message: /empty/ },
    {
      name: 'bytes that are not UTF-8',
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      status: 400,
      code: 'invalid_json',
      message: /UTF-8/,
    },
    { name: 'a JSON array', body: '[1, 2]', status: 400, code: 'validation_error', message: /expected object/ },
    { name: 'JSON null', body: 'null', status: 400, code: 'validation_error', message: /expected object/ },
    {
      name: 'to as a string',
      body: { ...valid, to: '13800138000' },
      status: 400,
      code: 'validation_error',
      message: /^invalid body: to: .*expected array/,
    },
    {
      name: 'numbers as numbers',
      body: { ...valid, to: [13800138000] },
      status: 400,
      code: 'validation_error',
      message: /to\[0\]: .*expected string/,
    },
    {
      name: 'business_type a number',
      body: { ...valid, business_type: 5 },
      status: 400,
      code: 'validation_error',
      message: /business_type: .*expected string/,
    },
    {
      name: 'text a number',
      body: { ...valid, text: 42 },
      status: 400,
      code: 'validation_error',
      message: /text: .*expected string/,
    },
    {
      name: 'messages an object',
      body: { business_type: 'notification', messages: {} },
      status: 400,
      code: 'validation_error',
      message: /messages: .*expected array/,
    },
    { name: 'no recipients', body: { ...valid, to: [] }, status: 400, code: 'validation_error', message: /to: / },
    {
      name: 'no text',
      body: { business_type: 'notification', to: ['13800138000'] },
      status: 400,
      code: 'validation_error',
      message: /text: /,
    },
    {
      name: 'no business_type',
      body: { to: ['13800138000'], text: 'hi' },
      status: 400,
      code: 'validation_error',
      message: /business_type: /,
    },
    {
      name: '10,001 recipients',
      body: { ...valid, to: numbers(10_001) },
      status: 400,
      code: 'validation_error',
      message: /to: .*10000/,
    },
    {
      name: '10,001 pairs',
      body: { business_type: 'notification', messages: numbers(10_001).map((to) => ({ to, text: 'x' })) },
      status: 400,
      code: 'validation_error',
      message: /messages: .*10000/,
    },
    {
      name: 'a 1 MB text',
      body: { ...valid, text: 'x'.repeat(1024 * 1024) },
      status: 400,
      code: 'validation_error',
      message: /text: a text has at most 10000 characters/,
    },
    {
      name: '10,001 characters',
      body: { ...valid, text: '验'.repeat(10_001) },
      status: 400,
      code: 'validation_error',
      message: /at most 10000 characters, got 10001/,
    },
    {
      name: 'a lone surrogate',
      body: '{"business_type":"notification","to":["13800138000"],"text":"a\\ud800b"}',
      status: 400,
      code: 'validation_error',
      message: /lone UTF-16 surrogate at position 1/,
    },
    {
      name: 'an unknown field',
      body: { ...valid, priority: 'high' },
      status: 400,
      code: 'validation_error',
      message: /Unrecognized key: "priority"/,
    },
    {
      name: 'an unknown field in a pair',
      body: { business_type: 'notification', messages: [{ to: '13800138000', text: 'hi', from: 'me' }] },
      status: 400,
      code: 'validation_error',
      message: /messages\[0\]: Unrecognized key: "from"/,
    },
    {
      name: 'both shapes at once',
      body: { ...valid, messages: [{ to: '13800138000', text: 'hi' }] },
      status: 400,
      code: 'validation_error',
      message: /Unrecognized keys?: "to", "text"|Unrecognized keys/,
    },
    {
      name: 'send_at not a time',
      body: { ...valid, send_at: 'tomorrow' },
      status: 400,
      code: 'validation_error',
      message: /send_at: /,
    },
    {
      name: 'send_at without an offset',
      body: { ...valid, send_at: '2026-01-01T10:00:00' },
      status: 400,
      code: 'validation_error',
      message: /send_at: /,
    },
    {
      name: 'client_ref of 65 characters',
      body: { ...valid, client_ref: 'r'.repeat(65) },
      status: 400,
      code: 'validation_error',
      message: /client_ref: /,
    },
    {
      name: 'extension with letters',
      body: { ...valid, extension: '12a' },
      status: 400,
      code: 'validation_error',
      message: /extension: must be 1–6 digits/,
    },
    {
      name: 'a recipient of 257 characters',
      body: { ...valid, to: ['1'.repeat(257)] },
      status: 400,
      code: 'validation_error',
      message: /to\[0\]: /,
    },
    {
      name: 'text/plain',
      body: JSON.stringify(valid),
      headers: { 'content-type': 'text/plain' },
      status: 415,
      code: 'unsupported_media_type',
      message: /text\/plain/,
    },
    {
      name: 'a form',
      body: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      status: 415,
      code: 'unsupported_media_type',
      message: /not application\/json/,
    },
  ];

  it.each(cases)('$name → $status $code', async ({ body, headers, status, code, message }) => {
    const response = await fx.call(sendMessages, {
      path: '/api/v1/messages',
      key,
      body,
      ...(headers === undefined ? {} : { headers }),
    });
    expect(response.status).toBe(status);
    const error = errorOf(response);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.request_id).toBe(response.headers.get('x-request-id'));
    await nothingStored();
  });

  it('names at most 20 issues however many there are', async () => {
    const response = await fx.call(sendMessages, {
      path: '/api/v1/messages',
      key,
      body: { ...valid, to: Array.from({ length: 500 }, (_, i) => i) },
    });
    const error = errorOf(response);
    expect(error.message).toMatch(/to\[0\]: .*; to\[1\]: .*; to\[2\]: .* \(and 497 more\)$/);
    expect(error.details).toMatchObject({ part: 'body', issue_count: 500 });
    expect(error.details?.['issues']).toHaveLength(20);
  });

  it('refuses a declared Content-Length over 16 MiB with 413 without reading the body', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const response = await fx.call(sendMessages, {
      path: '/api/v1/messages',
      key,
      body,
      headers: { 'content-type': 'application/json', 'content-length': String(MAX_BODY_BYTES + 1) },
    });
    expect(response.status).toBe(413);
    expect(errorOf(response)).toMatchObject({ code: 'payload_too_large', details: { limit_bytes: MAX_BODY_BYTES } });
    // A stream is primed with one chunk when it is created; nothing was read past that.
    expect(pulled).toBeLessThanOrEqual(1);
    await nothingStored();
  });

  it('stops reading a body without a length once it passes 16 MiB, with 413', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
        if (sent >= 64 * 1024 * 1024) controller.close();
      },
    });
    const response = await fx.call(sendMessages, {
      path: '/api/v1/messages',
      key,
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect(errorOf(response).code).toBe('payload_too_large');
    // Through a server, the client has also filled the sockets' buffers; what it read counts.
    expect(fx.serverBytesRead() ?? sent).toBeLessThan(MAX_BODY_BYTES + 4 * chunk.byteLength);
    await nothingStored();
  });

  it('accepts Content-Type with a charset, and a text of exactly 10,000 characters', async () => {
    await fx.prisma.org.update({ where: { id: orgId }, data: { balance: 1_000_000n } });
    const response = await fx.call(sendMessages, {
      path: '/api/v1/messages',
      key,
      body: JSON.stringify({ ...valid, text: '验'.repeat(10_000) }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(response.status).toBe(201);
    await fx.prisma.message.deleteMany({ where: { orgId } });
    await fx.prisma.ledgerEntry.deleteMany({ where: { orgId } });
    await fx.prisma.campaign.deleteMany({ where: { orgId } });
    await fx.prisma.org.update({ where: { id: orgId }, data: { balance: 1_000n } });
  });

  const queryCases = [
    { name: 'an unknown parameter', query: '?colour=red', message: /Unrecognized key: "colour"/ },
    { name: 'limit 0', query: '?limit=0', message: /limit: / },
    { name: 'limit 501', query: '?limit=501', message: /limit: / },
    { name: 'limit not a number', query: '?limit=ten', message: /limit: / },
    { name: 'a status that does not exist', query: '?status=lost', message: /status: / },
    { name: 'a campaign id that is not one', query: '?campaign=abc', message: /campaign: must be a decimal id/ },
    { name: 'a repeated parameter', query: '?status=accepted&status=failed', message: /status: / },
    { name: 'an invalid number', query: '?to=12', message: /to: .*11 digits/ },
  ];
  it.each(queryCases)('GET /messages with $name → 400', async ({ query, message }) => {
    const response = await fx.call(listMessages, { path: `/api/v1/messages${query}`, key });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'validation_error' });
    expect(errorOf(response).message).toMatch(message);
  });

  it.each(['not-base64!', Buffer.from('12.x').toString('base64url'), Buffer.from('1.2.3').toString('base64url')])(
    'GET /messages with cursor %s → 400',
    async (cursor) => {
      const response = await fx.call(listMessages, {
        path: `/api/v1/messages?cursor=${encodeURIComponent(cursor)}`,
        key,
      });
      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe('invalid_cursor');
    },
  );

  it.each(['abc', '0', '-1', '01', '99999999999999999999', '9223372036854775808', '1.5'])(
    'GET /messages/%s → 400',
    async (id) => {
      const response = await fx.call(getMessage, { path: `/api/v1/messages/${id}`, key });
      expect(response.status).toBe(400);
      expect(errorOf(response).message).toMatch(/^invalid path: id: must be a decimal id/);
    },
  );

  it('answers a fault on our side with 500 and a request id, never the error itself', async () => {
    const broken = {
      ...fx.deps,
      pool: { query: () => Promise.reject(new Error('secret connection string and stack')) } as unknown as Pool,
    };
    const response = await getMessage(
      new Request('http://smshub.test/api/v1/messages/1', {
        headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': '198.51.100.1' },
      }),
      broken,
    );
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/secret|stack|Error:/);
    const error = errorOf({ status: 500, headers: response.headers, body: JSON.parse(text) });
    expect(error).toMatchObject({ code: 'internal_error', request_id: response.headers.get('x-request-id') });
    expect(error.message).toContain(error.request_id);
  });
});
