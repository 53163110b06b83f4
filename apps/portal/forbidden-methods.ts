import http from 'node:http';
import { screenApiRequestLine, sharedApiDeps } from '@smshub/api';

/**
 * The fetch standard forbids the method TRACE (and CONNECT, which Node hands to a
 * 'connect' listener instead and closes without one), so Next cannot make a Request of them and
 * answers a bare plain-text 500 before the proxy or any route runs. They are answered here, at
 * the Node server, before Next sees them: /api paths get the API's JSON error (405 naming the
 * methods the path has, or 404) with a request id, logged; other paths a plain 405.
 *
 * Next offers no hook this early, so this wraps http.Server's emit once per process; every
 * other request passes through untouched.
 */
const FORBIDDEN = new Set(['TRACE']);
const HOOKED = Symbol.for('smshub.portal.forbidden-methods');

export function answerForbiddenMethods(): void {
  const proto = http.Server.prototype as http.Server & { [HOOKED]?: true };
  if (proto[HOOKED] === true) return;
  proto[HOOKED] = true;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      if (request.method !== undefined && FORBIDDEN.has(request.method.toUpperCase())) {
        void answer(request, response);
        return true;
      }
    }
    return emit.call(this, event, ...args);
  } as typeof proto.emit;
}

async function answer(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  try {
    const url = request.url ?? '/';
    const refusal = url.startsWith('/api/')
      ? screenApiRequestLine(request.method ?? 'TRACE', url, sharedApiDeps().logger)
      : null;
    if (refusal === null) {
      response.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD, OPTIONS, POST' });
      response.end('Method Not Allowed\n');
      return;
    }
    response.writeHead(refusal.status, Object.fromEntries(refusal.headers));
    response.end(await refusal.text());
  } catch {
    if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    response.end();
  }
}
