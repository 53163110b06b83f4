import http from 'node:http';
import { z } from 'zod';

/** An answer of a control API: HTTP status and JSON body. */
export interface JsonReply {
  readonly status: number;
  readonly body: unknown;
}

export interface ControlRequest {
  readonly method: string;
  readonly path: string;
  /** The path's non-empty parts: /gateways/cmcc/mo → ['gateways', 'cmcc', 'mo']. */
  readonly parts: readonly string[];
  /** A POST's JSON body ({} when empty); undefined for other methods. */
  readonly input: unknown;
}

const BODY_LIMIT = 65_536;

/**
 * A small JSON-over-HTTP server for the simulators' control APIs. It reads and parses POST
 * bodies (up to 64 KiB, else a 413 `too_large`; bad JSON is a 400 `bad_json`), turns a zod error thrown by the handler
 * into a 400 `invalid` naming the fields, and anything else into a 500.
 */
export function startJsonControlServer(
  handler: (request: ControlRequest) => JsonReply | Promise<JsonReply>,
  port: number,
  host: string,
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    answer(handler, req).then(
      ({ status, body }) => reply(res, status, body),
      (error: unknown) =>
        reply(res, 500, {
          error: { code: 'internal', message: error instanceof Error ? error.message : String(error) },
        }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export function notFound(path: string): JsonReply {
  return { status: 404, body: { error: { code: 'not_found', message: `no such resource: ${path}` } } };
}

export function methodNotAllowed(method: string): JsonReply {
  return { status: 405, body: { error: { code: 'method_not_allowed', message: `${method} not allowed` } } };
}

async function answer(
  handler: (request: ControlRequest) => JsonReply | Promise<JsonReply>,
  req: http.IncomingMessage,
): Promise<JsonReply> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  let input: unknown;
  if (method === 'POST') {
    const text = await readBody(req);
    if (text === null)
      return {
        status: 413,
        body: { error: { code: 'too_large', message: `the body is larger than ${BODY_LIMIT / 1024} KiB` } },
      };
    try {
      input = text === '' ? {} : JSON.parse(text);
    } catch (error) {
      return {
        status: 400,
        body: { error: { code: 'bad_json', message: error instanceof Error ? error.message : 'bad JSON' } },
      };
    }
  }
  try {
    return await handler({ method, path: url.pathname, parts: url.pathname.split('/').filter(Boolean), input });
  } catch (error) {
    if (error instanceof z.ZodError)
      return { status: 400, body: { error: { code: 'invalid', message: 'invalid request', details: error.issues } } };
    throw error;
  }
}

/** Reads the body; one over the limit is read to its end and dropped, so the client gets its 413. */
function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > BODY_LIMIT ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
