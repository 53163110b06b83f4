import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { ApiError } from '../api-error.js';
import { DIRECT_BODY, type DirectBody } from './direct-body.js';
import { SerializedResponse } from './serialized-response.js';

/**
 * Node's request and response as the handlers' Web Request and Response, and back, without
 * copying a body, and without Web streams where none is needed. The request (`NodeRequest`) is
 * a Request to its handler, but not undici's: its body is read off the socket only when a
 * handler reads it (so a refused request's body is never taken off the wire, and `Expect:
 * 100-continue` is answered only then) — straight into a Buffer for `readJsonBody`, `text()`,
 * `json()`, or as a ReadableStream over the socket's own chunks for a reader of `body`. A
 * response whose body is bytes in hand (`jsonResponse`'s SerializedResponse) is written with
 * them; any other with a body of one chunk is written with its Content-Length in one call.
 */

/**
 * A ReadableStream over `req`'s body. `onFirstPull` runs when a reader first asks for bytes
 * (100 Continue). A reader that cancels leaves the rest unread; a connection that closes before
 * the body ends errors the stream with the API's 400 (a body cut short), not a bare exception.
 */
function bodyStream(req: IncomingMessage, onFirstPull: (() => void) | null): ReadableStream<Uint8Array> {
  let done = false;
  let pulled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        // Paused before the 'data' listener, so nothing flows until a reader pulls.
        req.pause();
        req.on('data', (chunk: Buffer) => {
          if (done) return;
          // A Buffer is a Uint8Array: handed on as it came off the socket, not copied.
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          if (done) return;
          done = true;
          controller.close();
        });
        const cutShort = () => {
          if (done) return;
          done = true;
          controller.error(bodyCutShort());
        };
        req.once('error', cutShort);
        req.once('close', () => {
          if (!req.complete) cutShort();
        });
      },
      pull() {
        if (!pulled) {
          pulled = true;
          onFirstPull?.();
        }
        req.resume();
      },
      cancel() {
        done = true;
        req.pause();
      },
    },
    // Nothing read ahead: pulled only when a reader asks (a primed stream would answer 100
    // Continue for a body nobody reads), and a handler that reads slowly holds the client back.
    { highWaterMark: 0 },
  );
}

function bodyCutShort(): ApiError {
  return new ApiError('invalid_json', 'the body ended early: the connection closed before all of it arrived');
}

/**
 * `req`'s body into one Buffer, as it arrives, or null once it passes `limit` (reading stops:
 * paused, the rest left on the wire). A connection that closes before the body ends rejects
 * with the API's 400, as `bodyStream` errors.
 */
function readNodeBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    // Closed before anyone read it (the client went away meanwhile): what it held is gone.
    if (req.destroyed) {
      reject(bodyCutShort());
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onCutShort);
      req.off('close', onCutShort);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > limit) {
        stop();
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total));
    };
    // 'close' comes after 'end' for a body that arrived whole; before it, the body was cut short.
    const onCutShort = () => {
      stop();
      reject(bodyCutShort());
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onCutShort);
    req.once('close', onCutShort);
    req.resume();
  });
}

async function readWebStream(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  if (stream.locked || isDisturbed(stream)) throw new TypeError('Body is unusable: Body has already been read');
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  return Buffer.concat(chunks, total);
}

/** The stream a used body has: read to its end and locked, or cancelled (closed, unlocked), as undici's is. */
function usedStream(how: 'read' | 'discarded'): ReadableStream<Uint8Array> {
  const stream = new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
  if (how === 'read') void stream.getReader().read();
  else void stream.cancel();
  return stream;
}

/** Whether a Web stream was read from or cancelled (undici's `bodyUsed`); Node's types name only its own streams. */
function isDisturbed(stream: ReadableStream<Uint8Array>): boolean {
  return Readable.isDisturbed(stream as unknown as Readable);
}

const EMPTY = Buffer.alloc(0);
/** Like undici's body reading: UTF-8, a leading BOM dropped, bad bytes replaced. */
const utf8 = new TextDecoder();

/**
 * The Request a handler gets from the lean server: what undici's Request has, made from Node's
 * request without undici's cost (no AbortController, no body stream unless `body` is read).
 * `blob()`, `formData()` and `clone()` go through an undici Request over the body stream.
 */
class NodeRequest implements Request {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly #req: IncomingMessage;
  readonly #hasBody: boolean;
  #onFirstPull: (() => void) | null;
  /** The body as a Web stream, once something asked for `body`. */
  #stream: ReadableStream<Uint8Array> | null = null;
  /** Read straight off the socket, or discarded (left on the wire, as a cancelled stream). */
  #taken: 'no' | 'read' | 'discarded' = 'no';
  #signal: AbortSignal | null = null;

  constructor(req: IncomingMessage, url: URL, method: string, onFirstPull: (() => void) | null) {
    this.method = method;
    this.url = url.href;
    const headers = new Headers();
    const raw = req.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
    this.headers = headers;
    this.#req = req;
    this.#hasBody = method !== 'GET' && method !== 'HEAD' && hasBody(req);
    this.#onFirstPull = onFirstPull;
  }

  // Request['body'] and the byte types below: the same class type-checks against Node's and the
  // DOM library's Request (the portal compiles this file with the DOM's).
  get body(): Request['body'] {
    if (!this.#hasBody) return null;
    this.#stream ??= this.#taken === 'no' ? bodyStream(this.#req, this.#firstPull()) : usedStream(this.#taken);
    return this.#stream as Request['body'];
  }

  get bodyUsed(): boolean {
    if (!this.#hasBody) return false;
    return this.#stream === null ? this.#taken !== 'no' : isDisturbed(this.#stream);
  }

  /** The 100 Continue callback, for whichever reader comes first. */
  #firstPull(): (() => void) | null {
    const onFirstPull = this.#onFirstPull;
    this.#onFirstPull = null;
    return onFirstPull;
  }

  #take(): void {
    if (this.#taken !== 'no') throw new TypeError('Body is unusable: Body has already been read');
    this.#taken = 'read';
  }

  /** Straight off the socket (the body is not a Web stream). */
  async #readAtMost(limit: number): Promise<Buffer | null> {
    if (!this.#hasBody) return EMPTY;
    this.#take();
    this.#firstPull()?.();
    return readNodeBody(this.#req, limit);
  }

  /** The whole body, off the socket or, once `body` was asked for, from its stream. */
  async #bytes(): Promise<Buffer> {
    if (this.#stream !== null) return readWebStream(this.#stream);
    return (await this.#readAtMost(Infinity)) as Buffer;
  }

  [DIRECT_BODY](): DirectBody | null {
    if (this.#stream !== null) return null;
    return {
      // A reader of a cancelled stream reads its end at once; of a read one, fails (locked).
      readAtMost: (limit) => (this.#taken === 'discarded' ? Promise.resolve(EMPTY) : this.#readAtMost(limit)),
      discard: () => {
        if (this.#hasBody && this.#taken === 'no') this.#taken = 'discarded';
      },
    };
  }

  async text(): Promise<string> {
    return utf8.decode(await this.#bytes());
  }

  async json(): Promise<unknown> {
    return JSON.parse(utf8.decode(await this.#bytes())) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  async blob(): Promise<Blob> {
    return this.#asWebRequest().blob();
  }

  async formData(): Promise<FormData> {
    return this.#asWebRequest().formData();
  }

  clone(): Request {
    if (this.bodyUsed || this.#stream?.locked === true) {
      throw new TypeError('Request.clone: Body has already been consumed.');
    }
    const body = this.body;
    if (body === null) return new Request(this.url, { method: this.method, headers: this.headers });
    const [mine, theirs] = body.tee();
    this.#stream = mine;
    return new Request(this.url, {
      method: this.method,
      headers: this.headers,
      body: theirs,
      duplex: 'half',
    } as RequestInit);
  }

  /** An undici Request over this one's body stream, for what only undici does (multipart, Blob). */
  #asWebRequest(): Request {
    if (this.bodyUsed || this.#stream?.locked === true) {
      throw new TypeError('Body is unusable: Body has already been read');
    }
    const body = this.body;
    if (body === null) return new Request(this.url, { method: this.method, headers: this.headers });
    return new Request(this.url, { method: this.method, headers: this.headers, body, duplex: 'half' } as RequestInit);
  }

  get signal(): AbortSignal {
    this.#signal ??= new AbortController().signal;
    return this.#signal;
  }

  // As undici's Request made on a server from a URL and init: fetch's defaults.
  get cache(): Request['cache'] {
    return 'default';
  }
  get credentials(): Request['credentials'] {
    return 'same-origin';
  }
  get destination(): Request['destination'] {
    return '';
  }
  get integrity(): string {
    return '';
  }
  get keepalive(): boolean {
    return false;
  }
  get mode(): Request['mode'] {
    return 'cors';
  }
  get redirect(): Request['redirect'] {
    return 'follow';
  }
  get referrer(): string {
    return 'about:client';
  }
  get referrerPolicy(): Request['referrerPolicy'] {
    return '';
  }
  get duplex(): 'half' {
    return 'half';
  }
  get isHistoryNavigation(): boolean {
    return false;
  }
  get isReloadNavigation(): boolean {
    return false;
  }
  get [Symbol.toStringTag](): string {
    return 'Request';
  }
}

/** Methods fetch forbids: undici's Request refuses them, and so does this one. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** Whether the request line and headers announce a body (RFC 9112 §6.3). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** A body of at most this many bytes left unread is read and dropped to keep the connection. */
const DROP_UNREAD_LIMIT = 64 * 1024;

/**
 * Whether the connection must close after the answer because part of the request's body is
 * still on the wire and reading it only to reuse the connection is not worth it: more than
 * 64 KiB declared, or chunked (no telling how much). A short body is often still on its way
 * when a refusal (401, 404) is ready; `dropUnreadBody` takes it off the wire after the answer.
 */
export function mustCloseForBody(req: IncomingMessage): boolean {
  if (!hasBody(req) || req.complete) return false;
  const length = Number(req.headers['content-length']);
  return req.headers['transfer-encoding'] !== undefined || !(length <= DROP_UNREAD_LIMIT);
}

/** Reads what is left of a (short) body and drops it, so the next request on the connection can be parsed. */
export function dropUnreadBody(req: IncomingMessage): void {
  if (req.complete) return;
  req.removeAllListeners('data');
  req.resume();
}

/**
 * The Web Request a handler gets (a `NodeRequest`). `url` is the parsed request target (its
 * origin is the server's, never the client's Host header: handlers read only the path and
 * query, and a Host with `/` or `@` in it must not move them). A GET or HEAD body is not passed
 * on, as fetch forbids one. `onFirstPull` runs when a reader first asks for the body (100
 * Continue).
 */
export function toWebRequest(req: IncomingMessage, url: URL, onFirstPull: (() => void) | null): Request {
  const method = req.method ?? 'GET';
  if (FORBIDDEN_METHODS.has(method)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
  return new NodeRequest(req, url, method, onFirstPull);
}

/**
 * Writes `response` to `res`. `closeAfter`, asked when the headers go out, adds `Connection:
 * close` (draining, or a body left on the wire). `head`: headers only. A body read in one chunk
 * goes out with its Content-Length; a longer one is streamed chunked, waiting for the socket.
 */
export async function writeWebResponse(
  res: ServerResponse,
  response: Response,
  options: { readonly head: boolean; readonly closeAfter: () => boolean },
): Promise<void> {
  const headers: string[] = [];
  for (const [name, value] of response.headers) headers.push(name, value);
  // Bytes in hand (every JSON answer): written as they are, as the stream's one chunk would be.
  const bytes = SerializedResponse.bytesOf(response);
  if (bytes !== null) {
    if (options.closeAfter()) headers.push('connection', 'close');
    if (!options.head && !response.headers.has('content-length')) {
      headers.push('content-length', String(bytes.byteLength));
    }
    res.writeHead(response.status, headers);
    if (options.head || bytes.byteLength === 0) res.end();
    else res.end(bytes);
    return;
  }
  const body = response.body;
  if (body === null || options.head) {
    if (body !== null) await body.cancel().catch(() => undefined);
    if (options.closeAfter()) headers.push('connection', 'close');
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const reader = body.getReader();
  const first = await reader.read();
  if (options.closeAfter()) headers.push('connection', 'close');
  if (first.done) {
    if (!response.headers.has('content-length')) headers.push('content-length', '0');
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const second = await reader.read();
  if (second.done) {
    if (!response.headers.has('content-length')) headers.push('content-length', String(first.value.byteLength));
    res.writeHead(response.status, headers);
    res.end(first.value);
    return;
  }
  res.writeHead(response.status, headers);
  let next: Awaited<ReturnType<typeof reader.read>> = second;
  let chunk: Uint8Array = first.value;
  for (;;) {
    if (res.destroyed) {
      await reader.cancel().catch(() => undefined);
      return;
    }
    if (!res.write(chunk)) await drained(res);
    if (next.done) break;
    chunk = next.value;
    next = await reader.read();
  }
  res.end();
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
