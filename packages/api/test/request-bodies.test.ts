import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmContact, createAlarmContact } from '../src/index.js';
import { createApiFixture, errorOf, type ApiFixture } from './api-fixture.js';

/**
 * A route's body limit however the body comes: with a Content-Length or chunked, small, at the
 * limit, one byte over it. The same answers from the handler called with undici's Request and
 * over the lean server (which reads a body straight off the socket, without a Web stream).
 */
describe('request bodies at and around a route’s limit', () => {
  let fx: ApiFixture;
  let key: string;
  let phone = 13700000000;
  beforeAll(async () => {
    fx = await createApiFixture();
    key = await fx.key(fx.platform.id, { scopes: ['operations'] });
  });
  afterAll(() => fx?.close());

  /** POST /alarm-contacts takes at most 16 KiB (create-alarm-contact.ts). */
  const LIMIT = 16 * 1024;

  /** A new contact's JSON, padded with trailing whitespace (still JSON) to `size` bytes. */
  const contactOf = (size?: number) => {
    const text = JSON.stringify({ name: '值班 body test', phone: String(++phone) });
    return size === undefined ? text : text + ' '.repeat(size - Buffer.byteLength(text));
  };
  /** `text` as a stream of `chunk`-byte pieces: chunked over the wire, with no Content-Length. */
  const chunked = (text: string | Uint8Array, chunk = 1000) => {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    let at = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.byteLength) controller.close();
        else controller.enqueue(bytes.subarray(at, (at += chunk)));
      },
    });
  };
  const create = (body: string | Uint8Array | ReadableStream<Uint8Array>) =>
    fx.call(createAlarmContact, {
      path: '/api/v1/alarm-contacts',
      key,
      body,
      // Declared as a client declares it (over http the fixture declares it itself).
      ...(body instanceof ReadableStream
        ? {}
        : {
            headers: { 'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength) },
          }),
    });

  it('reads a small body, and a chunked one that ends up small', async () => {
    for (const body of [contactOf(), chunked(contactOf(), 7)]) {
      const response = await create(body);
      expect(response.status).toBe(201);
      expect(AlarmContact.parse(response.body).name).toBe('值班 body test');
    }
  });

  it('takes a body of exactly the limit, with a Content-Length and chunked', async () => {
    const declared = contactOf(LIMIT);
    expect(Buffer.byteLength(declared)).toBe(LIMIT);
    expect((await create(declared)).status).toBe(201);
    expect((await create(chunked(contactOf(LIMIT)))).status).toBe(201);
  });

  it('refuses one byte over the limit with 413: from the Content-Length, or once the bytes pass it', async () => {
    const declared = await create(contactOf(LIMIT + 1));
    expect(declared.status).toBe(413);
    expect(errorOf(declared)).toMatchObject({
      code: 'payload_too_large',
      message: `a request body may have at most ${LIMIT} bytes (0.015625 MiB); Content-Length is ${LIMIT + 1}`,
      details: { limit_bytes: LIMIT },
    });
    const streamed = await create(chunked(contactOf(LIMIT + 1)));
    expect(streamed.status).toBe(413);
    expect(errorOf(streamed)).toMatchObject({
      code: 'payload_too_large',
      message: `a request body may have at most ${LIMIT} bytes (0.015625 MiB); the body exceeds it`,
    });
  });

  it('answers an empty, a non-UTF-8 and a non-JSON body as before, however it comes', async () => {
    const cases = [
      { body: '', message: 'the body is empty: expected a JSON object' },
      { body: new Uint8Array([0x7b, 0xff, 0x7d]), message: 'the body is not valid UTF-8' },
      { body: '{"name":', message: /^the body is not valid JSON: / },
    ];
    for (const { body, message } of cases) {
      for (const sent of [body, chunked(body, 1)]) {
        const response = await create(sent);
        expect(response.status).toBe(400);
        expect(errorOf(response)).toMatchObject({ code: 'invalid_json', message });
      }
    }
  });
});
