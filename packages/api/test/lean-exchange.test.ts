import { Buffer } from 'node:buffer';
import net from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  apiHandlers,
  createApiServer,
  type ApiDeps,
  type ApiHandler,
  type OperationId,
} from '../src/index.js';
import { readJsonBody } from '../src/v1/http/read-json-body.js';
import { jsonResponse } from '../src/v1/http/responses.js';
import { SerializedResponse } from '../src/v1/http/serialized-response.js';

/**
 * What the lean server hands a handler and writes back, next to what undici would: its Request
 * (read straight off the socket, or as a stream when `body` is read) and a JSON Response's bytes
 * written without a Web stream. Handlers here are probes; nothing needs a database.
 */
describe('the lean server’s Request and Response', () => {
  let probe: ApiHandler = () => Promise.resolve(new Response(null, { status: 204 }));
  const deps = { logger: pino({ level: 'silent' }) } as unknown as ApiDeps;
  const api = createApiServer(deps, {
    handlers: Object.fromEntries(
      Object.keys(apiHandlers).map((operation): [string, ApiHandler] => [operation, (request) => probe(request, deps)]),
    ) as Record<OperationId, ApiHandler>,
  });
  let port: number;
  beforeAll(async () => {
    port = (await api.listen(0, '127.0.0.1')).port;
  });
  afterAll(() => api.drain());

  /** One exchange on a new connection: what came back, split into status line, headers and body. */
  async function exchange(head: string, body: string | Buffer = ''): Promise<Wire> {
    const connection = connect();
    connection.socket.write(head);
    if (body.length > 0) connection.socket.write(body);
    await connection.answered();
    connection.socket.destroy();
    return parseWire(connection.bytes());
  }

  const post = (body: string, headers = '') =>
    `POST /api/v1/messages HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n${headers}` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

  describe('the Request', () => {
    it('has what undici’s Request has, and reads its body once, as it does', async () => {
      const body = JSON.stringify({ to: ['13800138000'], text: '验证码 123456' });
      let seen: Record<string, unknown> = {};
      probe = async (request) => {
        const reference = new Request(request.url, {
          method: request.method,
          headers: request.headers,
          body,
          duplex: 'half',
        } as RequestInit);
        const fields = ['method', 'url', 'cache', 'credentials', 'destination', 'integrity', 'keepalive', 'mode'];
        fields.push('redirect', 'referrer', 'referrerPolicy', 'duplex', 'bodyUsed');
        for (const field of fields) {
          expect([field, request[field as keyof Request]]).toEqual([field, reference[field as keyof Request]]);
        }
        expect([...request.headers]).toEqual([...reference.headers]);
        expect(Object.prototype.toString.call(request)).toBe('[object Request]');
        expect(request.signal.aborted).toBe(false);
        expect(await request.json()).toEqual(await reference.json());
        expect(request.bodyUsed).toBe(true);
        await expect(request.text()).rejects.toThrow(TypeError);
        await expect(readJsonBody(request)).rejects.toThrow(TypeError);
        seen = { url: request.url, host: request.headers.get('host'), ip: request.headers.get('x-forwarded-for') };
        return jsonResponse(201, { ok: true });
      };
      const wire = await exchange(post(body, 'X-Forwarded-For: 198.51.100.7\r\n'));
      expect(wire.status).toBe('HTTP/1.1 201 Created');
      expect(seen).toEqual({ url: `http://127.0.0.1:${port}/api/v1/messages`, host: 't', ip: '198.51.100.7' });
    });

    it('reads a body as text, bytes, a Blob, a clone or a stream, as undici does', async () => {
      const body = '{"a":"验"}';
      const readers: ((request: Request) => Promise<unknown>)[] = [
        (request) => request.text(),
        async (request) => Buffer.from(await request.arrayBuffer()).toString('utf8'),
        async (request) =>
          Buffer.from(await (request as Request & { bytes(): Promise<Uint8Array> }).bytes()).toString(),
        async (request) => {
          const blob = await request.blob();
          return [blob.type, await blob.text()];
        },
        async (request) => {
          const clone = request.clone();
          return [await clone.text(), await request.text(), request.bodyUsed, clone.bodyUsed];
        },
        async (request) => {
          const stream = request.body as ReadableStream<Uint8Array>;
          expect(request.body).toBe(stream);
          const text = await new Response(stream).text();
          return [text, request.bodyUsed];
        },
        async (request) => {
          // A UTF-8 BOM is dropped by text(), as undici drops it.
          return request.text();
        },
      ];
      for (const [index, read] of readers.entries()) {
        const sent = index === readers.length - 1 ? `\uFEFF${body}` : body;
        let got: unknown;
        let expected: unknown;
        probe = async (request) => {
          got = await read(request);
          const headers = new Headers(request.headers);
          expected = await read(new Request(request.url, { method: 'POST', headers, body: sent }));
          return jsonResponse(200, {});
        };
        expect((await exchange(post(sent))).status).toBe('HTTP/1.1 200 OK');
        expect([index, got]).toEqual([index, expected]);
      }
    });

    it('has no body for a GET, and reads it as nothing however often', async () => {
      probe = async (request) => {
        const reference = new Request(request.url);
        expect([request.body, request.bodyUsed]).toEqual([null, false]);
        expect([await request.text(), await request.text()]).toEqual(['', await reference.text()]);
        await expect(request.json()).rejects.toThrow(SyntaxError);
        expect(request.bodyUsed).toBe(false);
        return jsonResponse(200, { read: true });
      };
      const wire = await exchange('GET /api/v1/messages HTTP/1.1\r\nHost: t\r\n\r\n');
      expect(wire.body.toString()).toBe('{"read":true}');
    });

    it('streams a body over the buffered size to a reader of `body` as it arrives', async () => {
      const size = 3 * 1024 * 1024;
      let received = 0;
      probe = async (request) => {
        const reader = (request.body as ReadableStream<Uint8Array>).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          received += value.byteLength;
        }
        return jsonResponse(200, { received });
      };
      const connection = connect();
      connection.socket.write(
        `POST /api/v1/messages HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
      );
      const half = Buffer.alloc(size / 2, 0x20);
      connection.socket.write(half);
      // The handler has the first half while the second is not sent: nothing waits for the whole body.
      await expect.poll(() => received, { timeout: 5000 }).toBe(half.byteLength);
      connection.socket.write(half);
      await connection.answered();
      connection.socket.destroy();
      expect(parseWire(connection.bytes()).body.toString()).toBe(`{"received":${size}}`);
    });

    /**
     * A handler that reads the JSON body once `readWhen` resolves (what it read, or the error),
     * and a client that sends the head and 6 of 100 body bytes.
     */
    function halfSentBody(readWhen: Promise<void> = Promise.resolve()) {
      const state = { called: false, outcome: Promise.resolve() as Promise<unknown> };
      probe = (request) => {
        state.called = true;
        state.outcome = readWhen.then(() =>
          readJsonBody(request).then(
            (value) => value,
            (error: unknown) => error,
          ),
        );
        return state.outcome.then(() => jsonResponse(200, {}));
      };
      const connection = connect();
      connection.socket.write(
        'POST /api/v1/messages HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"to":',
      );
      return { state, connection };
    }

    it('reads a JSON body as it arrives, and answers one cut short with the API’s 400', async () => {
      const { state, connection } = halfSentBody();
      await expect.poll(() => state.called).toBe(true);
      connection.socket.destroy();
      const error = await state.outcome;
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: 'invalid_json', message: expect.stringMatching(/ended early/) as unknown });
    });

    it('answers a body whose connection closed before the handler read it, rather than wait for ever', async () => {
      let closed: () => void = () => undefined;
      const { state, connection } = halfSentBody(new Promise<void>((resolve) => (closed = resolve)));
      await expect.poll(() => state.called).toBe(true);
      connection.socket.destroy();
      await expect.poll(() => api.inFlight === 1 && connection.socket.destroyed).toBe(true);
      closed();
      const late = new Promise((resolve) => setTimeout(() => resolve('still waiting for the body'), 5000).unref());
      expect(await Promise.race([state.outcome, late])).toMatchObject({ code: 'invalid_json' });
    });
  });

  describe('the Response', () => {
    const init = { status: 201, headers: { 'content-type': 'application/json; charset=utf-8', 'x-extra': '1' } };
    const value = { text: '验证码 ✓', n: 1 };

    it('writes a JSON answer in one piece, with its length in bytes, exactly as an undici Response', async () => {
      for (const method of ['POST', 'HEAD']) {
        const wires: Wire[] = [];
        for (const make of [
          () => jsonResponse(201, value, { 'x-extra': '1' }),
          () =>
            new Response(JSON.stringify(value), { ...init, headers: { ...init.headers, 'cache-control': 'no-store' } }),
          // Touched as a Web body before it is returned: written from its stream, the same.
          () => {
            const response = jsonResponse(201, value, { 'x-extra': '1' });
            void response.body;
            return response;
          },
        ]) {
          probe = () => Promise.resolve(make());
          const head =
            method === 'HEAD'
              ? 'HEAD /api/v1/openapi.json HTTP/1.1\r\nHost: t\r\n\r\n'
              : post('{}', 'Connection: keep-alive\r\n');
          wires.push(await exchange(head));
        }
        const [fast, reference, touched] = wires as [Wire, Wire, Wire];
        expect(fast).toEqual(reference);
        expect(touched).toEqual(reference);
        expect(fast.status).toBe('HTTP/1.1 201 Created');
        if (method === 'POST') {
          expect(fast.headers).toContain(`content-length: ${Buffer.byteLength(JSON.stringify(value))}`);
          expect(fast.headers).toContain('connection: keep-alive');
          expect(fast.headers.some((line) => line.startsWith('transfer-encoding'))).toBe(false);
          expect(JSON.parse(fast.body.toString('utf8'))).toEqual(value);
        } else {
          expect(fast.body.byteLength).toBe(0);
        }
      }
    });

    it('is an ordinary Response to whoever reads it', async () => {
      const text = JSON.stringify(value);
      const pairs = () => [new SerializedResponse(text, init), new Response(text, init)] as const;
      const [ours, theirs] = pairs();
      expect(ours).toBeInstanceOf(Response);
      for (const field of ['status', 'statusText', 'ok', 'type', 'url', 'redirected', 'bodyUsed'] as const) {
        expect([field, ours[field]]).toEqual([field, theirs[field]]);
      }
      expect([...ours.headers]).toEqual([...theirs.headers]);
      expect(SerializedResponse.bytesOf(ours)?.toString('utf8')).toBe(text);
      expect(await ours.text()).toBe(await theirs.text());
      expect([ours.bodyUsed, SerializedResponse.bytesOf(ours)]).toEqual([true, null]);
      await expect(ours.text()).rejects.toThrow(TypeError);
      expect(() => ours.clone()).toThrow(TypeError);

      const [a, b] = pairs();
      expect(await a.json()).toEqual(await b.json());
      const [c, d] = pairs();
      expect(Buffer.from(await c.arrayBuffer())).toEqual(Buffer.from(await d.arrayBuffer()));
      const [e, f] = pairs();
      const [blobE, blobF] = [await e.blob(), await f.blob()];
      expect([blobE.type, blobE.size, await blobE.text()]).toEqual([blobF.type, blobF.size, await blobF.text()]);
      const [g] = pairs();
      const clone = g.clone();
      expect([await clone.text(), await g.text(), [...clone.headers], clone.status]).toEqual([
        text,
        text,
        [...g.headers],
        201,
      ]);
      const [h] = pairs();
      expect(await new Response(h.body, h).text()).toBe(text);
      const [i] = pairs();
      const chunks: Buffer[] = [];
      for await (const chunk of Readable.fromWeb(i.body as WebReadableStream<Uint8Array>)) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).toString('utf8')).toBe(text);
      expect(i.bodyUsed).toBe(true);

      expect(new SerializedResponse('x').headers.get('content-type')).toBe(
        new Response('x').headers.get('content-type'),
      );
      expect(() => new SerializedResponse('x', { status: 204 })).toThrow(TypeError);
      expect(jsonResponse(200, undefined).body).toBeNull();
    });
  });

  function connect(): { socket: net.Socket; bytes: () => Buffer; answered: () => Promise<void> } {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const bytes = () => Buffer.concat(chunks);
    /** Until one whole answer is in: by its Content-Length, its last chunk, or its headers alone (HEAD, 204). */
    const answered = async () => {
      await expect
        .poll(
          () => {
            const all = bytes();
            const end = all.indexOf('\r\n\r\n');
            if (end < 0) return false;
            const head = all.subarray(0, end).toString('latin1');
            if (/^HTTP\/1\.1 100 /.test(head)) return false;
            const length = /\r\ncontent-length: (\d+)/i.exec(head);
            if (length !== null) return all.byteLength >= end + 4 + Number(length[1]);
            if (/\r\ntransfer-encoding: chunked/i.test(head)) return all.subarray(end).includes('\r\n0\r\n\r\n');
            return true;
          },
          { timeout: 5000 },
        )
        .toBe(true);
    };
    return { socket, bytes, answered };
  }
});

interface Wire {
  readonly status: string;
  /** Lower-cased `name: value` lines, in order, without Date and X-Request-Id (they differ). */
  readonly headers: string[];
  readonly body: Buffer;
}

function parseWire(bytes: Buffer): Wire {
  const end = bytes.indexOf('\r\n\r\n');
  const [status = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  return {
    status,
    headers: lines
      .map((line) => line.toLowerCase())
      .filter((line) => !line.startsWith('date:') && !line.startsWith('x-request-id:')),
    body: bytes.subarray(end + 4),
  };
}
