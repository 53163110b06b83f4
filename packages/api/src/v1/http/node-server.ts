import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ApiError } from '../api-error.js';
import { recordPeerAddress } from '../auth/client-address.js';
import type { OperationId } from '../contract.js';
import type { ApiDeps } from '../deps.js';
import { apiHandlers } from '../handlers.js';
import type { ApiHandler } from './endpoint.js';
import { dropUnreadBody, mustCloseForBody, toWebRequest, writeWebResponse } from './node-exchange.js';
import { errorResponse, jsonResponse } from './responses.js';
import { lookupApiRoute } from './route-table.js';
import { refusalResponse } from './screen-request.js';

/** Answers 200 while the server takes requests, 503 once it drains (a balancer stops sending). */
export const HEALTH_PATH = '/health';

export interface ApiServerOptions {
  /** The handler of each operation (default `apiHandlers`); tests wrap them. */
  readonly handlers?: Readonly<Record<OperationId, ApiHandler>>;
  /**
   * How long an idle keep-alive connection is kept (default 65 s: longer than the 60 s idle
   * timeout of common balancers, so the balancer closes first and never sends on a connection
   * this server is closing).
   */
  readonly keepAliveTimeoutMs?: number;
  /** Longest time to receive one request's headers (default 20 s) and the whole request (default 120 s). */
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

export interface ApiServer {
  readonly server: http.Server;
  /** Resolves with the address once listening. */
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Requests being answered now. */
  readonly inFlight: number;
  /**
   * Stops accepting connections, closes the idle ones, answers every request already received
   * (each with `Connection: close`), and resolves once every connection is closed.
   */
  drain(): Promise<void>;
}

/**
 * API v1 on node:http, without a framework: every path is judged by the contract's route table
 * (`lookupApiRoute`, the same screen the portal's proxy applies), the route's handler gets a Web
 * Request and its Web Response is written back (node-exchange.ts: no Web stream for a JSON body
 * either way). Besides the API: `GET /health`.
 */
export function createApiServer(deps: ApiDeps, options: ApiServerOptions = {}): ApiServer {
  const handlers = options.handlers ?? apiHandlers;
  let draining = false;
  let inFlight = 0;
  let origin = 'http://127.0.0.1';
  const connections = new Map<Socket, Connection>();

  const server = http.createServer({
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 65_000,
    // Below the drain deadline (30 s): a connection that never finishes its headers cannot hold a drain past it.
    headersTimeout: options.headersTimeoutMs ?? 20_000,
    requestTimeout: options.requestTimeoutMs ?? 120_000,
  });

  server.on('connection', (socket: Socket) => {
    connections.set(socket, { answering: 0, readAtLastAnswer: 0 });
    socket.once('close', () => connections.delete(socket));
  });

  /**
   * Closes the connection if nothing is happening on it: no request being answered, and not one
   * byte read since the last answer (a request on its way is answered, with `Connection: close`).
   * Node's own closeIdleConnections leaves a connection that has sent nothing yet open.
   */
  const closeIfIdle = (socket: Socket) => {
    const connection = connections.get(socket);
    if (connection === undefined || connection.answering > 0 || socket.bytesRead > connection.readAtLastAnswer) return;
    connections.delete(socket);
    // After whatever is still buffered for it has gone out.
    if (socket.writableFinished) socket.destroy();
    else socket.once('finish', () => socket.destroy()).end();
  };

  const closeAfter = (req: http.IncomingMessage) => () => draining || mustCloseForBody(req);

  const serve = async (req: http.IncomingMessage, res: http.ServerResponse, expectsContinue: boolean) => {
    inFlight++;
    const socket = req.socket;
    const connection = connections.get(socket);
    if (connection !== undefined) connection.answering++;
    res.once('finish', () => dropUnreadBody(req));
    res.once('close', () => {
      if (connection === undefined) return;
      connection.answering--;
      connection.readAtLastAnswer = socket.bytesRead;
      // An answer that began before the drain went out without `Connection: close`.
      if (draining) closeIfIdle(socket);
    });
    try {
      await answer(req, res, expectsContinue);
    } catch (error) {
      deps.logger.error({ err: error, method: req.method, url: req.url }, 'api server: request failed');
      if (!res.headersSent) {
        const requestId = randomUUID();
        const response = errorResponse(
          new ApiError('internal_error', `internal error (request ${requestId})`),
          requestId,
        );
        response.headers.set('x-request-id', requestId);
        await writeWebResponse(res, response, { head: false, closeAfter: () => true }).catch(() => res.destroy());
      } else {
        res.destroy();
      }
    } finally {
      inFlight--;
    }
  };

  const answer = async (req: http.IncomingMessage, res: http.ServerResponse, expectsContinue: boolean) => {
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      const refusal = new ApiError('validation_error', 'invalid request target');
      await writeWebResponse(res, refusalResponse({ error: refusal }, method, req.url ?? '', deps.logger), {
        head,
        closeAfter: () => true,
      });
      return;
    }
    if (url.pathname === HEALTH_PATH) {
      await writeWebResponse(res, health(method, draining), { head, closeAfter: closeAfter(req) });
      return;
    }
    const lookup = lookupApiRoute(method, url.pathname);
    if (lookup.kind === 'refused') {
      const response = refusalResponse(lookup, method, url.pathname, deps.logger);
      await writeWebResponse(res, response, { head, closeAfter: closeAfter(req) });
      return;
    }
    if (lookup.kind === 'options') {
      const response = new Response(null, { status: 204, headers: { allow: lookup.allow } });
      await writeWebResponse(res, response, { head, closeAfter: closeAfter(req) });
      return;
    }
    const request = toWebRequest(req, url, expectsContinue ? () => res.writeContinue() : null);
    recordPeerAddress(request, req.socket.remoteAddress);
    const response = await handlers[lookup.route.operationId as OperationId](request, deps);
    // A long body the handler did not read to its end stays on the wire: reading it only to reuse
    // the connection could mean taking 16 MiB nobody wants, so the connection closes instead.
    await writeWebResponse(res, response, { head, closeAfter: closeAfter(req) });
  };

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => void serve(req, res, false));
  // Answered with 100 only once a handler reads the body: a refused request's body is never sent.
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => void serve(req, res, true));

  return {
    server,
    get inFlight() {
      return inFlight;
    },
    async listen(port, host) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
      return address;
    },
    async drain() {
      draining = true;
      if (!server.listening) return;
      const closed = new Promise<void>((resolve, reject) =>
        server.close((error) => (error === undefined ? resolve() : reject(error))),
      );
      for (const socket of [...connections.keys()]) closeIfIdle(socket);
      await closed;
    },
  };
}

interface Connection {
  /** Requests received on it and not answered yet (pipelined ones count too). */
  answering: number;
  /** `socket.bytesRead` when its last answer was done: more since then is a request arriving. */
  readAtLastAnswer: number;
}

function health(method: string, draining: boolean): Response {
  if (method !== 'GET' && method !== 'HEAD') {
    return new Response(null, { status: 405, headers: { allow: 'GET, HEAD', 'cache-control': 'no-store' } });
  }
  // application/json; charset=utf-8 and no-store, as ever.
  return jsonResponse(draining ? 503 : 200, { status: draining ? 'draining' : 'ok' });
}
