import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../api-error.js';

/**
 * Node's request and response as the handlers' Web Request and Response, and back, without
 * copying a body: the request body is a ReadableStream over the socket's own chunks, pulled only
 * when a handler reads it (so a refused request's body is never taken off the wire, and `Expect:
 * 100-continue` is answered only then); a response body of one chunk — every JSON answer — is
 * written with its Content-Length in one call.
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
          controller.error(
            new ApiError('invalid_json', 'the body ended early: the connection closed before all of it arrived'),
          );
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
 * The Web Request a handler gets. `url` is the parsed request target (its origin is the
 * server's, never the client's Host header: handlers read only the path and query, and a Host
 * with `/` or `@` in it must not move them). A GET or HEAD body is not passed on, as fetch
 * forbids one.
 */
export function toWebRequest(req: IncomingMessage, url: URL, onFirstPull: (() => void) | null): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD' || !hasBody(req)) return new Request(url, { method, headers });
  return new Request(url, { method, headers, body: bodyStream(req, onFirstPull), duplex: 'half' } as RequestInit);
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
