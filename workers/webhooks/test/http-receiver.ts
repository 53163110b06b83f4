import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface Answer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  /** Send the status, headers and body, then never end the response. */
  readonly keepOpen?: boolean;
}

/** Decides a response; returning null leaves the request hanging until the server closes. */
export type Responder = (request: ReceivedRequest) => Answer | null | Promise<Answer | null>;

/** A customer's endpoint on 127.0.0.1 for the tests: records every request, answers per path. */
export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** TCP connections accepted, ever. */
  connections = 0;
  /** Requests being answered now, and the most there ever were at once, per path. */
  private readonly open = new Map<string, number>();
  readonly mostAtOnce = new Map<string, number>();
  private readonly routes = new Map<string, Responder>();
  private readonly server = http.createServer((incoming, outgoing) => {
    const path = incoming.url ?? '';
    const open = (this.open.get(path) ?? 0) + 1;
    this.open.set(path, open);
    this.mostAtOnce.set(path, Math.max(open, this.mostAtOnce.get(path) ?? 0));
    outgoing.on('close', () => this.open.set(path, (this.open.get(path) ?? 1) - 1));
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: ReceivedRequest = {
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks),
      };
      this.requests.push(request);
      const responder: Responder = this.routes.get(request.path) ?? (() => ({ status: 404, body: 'no such path' }));
      void Promise.resolve(responder(request)).then((answer) => {
        if (answer === null) return;
        outgoing.writeHead(answer.status, answer.headers ?? {});
        if (answer.keepOpen === true) outgoing.write(answer.body ?? '');
        else outgoing.end(answer.body ?? '');
      });
    });
  });

  constructor() {
    this.server.on('connection', () => (this.connections += 1));
  }

  on(path: string, responder: Responder): this {
    this.routes.set(path, responder);
    return this;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  to(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port on 127.0.0.1 that nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
