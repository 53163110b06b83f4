import { EventEmitter } from 'node:events';
import net from 'node:net';
import type {
  BindAccount,
  BindAcceptor,
  BindRefusal,
  BindRequestInfo,
  BindVerdict,
  Pdu,
  Protocol,
} from './protocol.js';
import { type RequestHandler, Session, type SessionOptions } from './session.js';

export interface Remote {
  readonly address: string;
  readonly port: number;
}

export interface ServerOptions<P extends Pdu> {
  readonly protocol: Protocol<P>;
  readonly acceptor: BindAcceptor<P>;
  /** Name in errors and logs. */
  readonly name: string;
  /** Finds the account a bind names (null: unknown account). */
  readonly lookup: (info: BindRequestInfo, remote: Remote) => BindAccount | null | Promise<BindAccount | null>;
  /**
   * Last word on a bind whose credentials are right: refuse (too many binds, IP not allowed …)
   * or accept and return the handler for the session's requests.
   */
  readonly admit: (
    session: Session<P>,
    info: BindRequestInfo,
    remote: Remote,
  ) =>
    | { refuse: BindRefusal }
    | { handler: RequestHandler<P> }
    | Promise<{ refuse: BindRefusal } | { handler: RequestHandler<P> }>;
  readonly session?: Partial<Omit<SessionOptions, 'id'>>;
  /** A connection that has not bound within this time is closed. */
  readonly bindTimeoutMs?: number;
  readonly now?: () => Date;
}

export interface ServerEvents<P extends Pdu> {
  bound: [session: Session<P>, info: BindRequestInfo, verdict: BindVerdict & { readonly ok: true }];
  refused: [info: BindRequestInfo, verdict: BindVerdict, remote: Remote];
  closed: [session: Session<P>, reason: Error | null];
  warning: [error: Error];
}

/**
 * Accepts connections, runs the bind handshake through the protocol's BindAcceptor and the
 * application's lookup/admit, then hands bound sessions their request handler.
 */
export class SessionServer<P extends Pdu> extends EventEmitter<ServerEvents<P>> {
  private readonly server: net.Server;
  private readonly sessions = new Set<Session<P>>();
  private connections = 0;

  constructor(private readonly options: ServerOptions<P>) {
    super();
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.on('error', (error) => this.emit('warning', error));
  }

  /** Listens; resolves with the bound port (pass port 0 for a free one). */
  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  }

  get bound(): readonly Session<P>[] {
    return [...this.sessions].filter((session) => session.state === 'bound');
  }

  /** Stops accepting and unbinds every session gracefully. */
  async close(): Promise<void> {
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.all([...this.sessions].map((session) => session.close('server shutting down')));
    await closing;
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    const remote: Remote = { address: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 };
    this.connections++;
    const session = new Session(this.options.protocol, socket, {
      ...this.options.session,
      id: `${this.options.name} ${remote.address}:${remote.port}#${this.connections}`,
    });
    this.sessions.add(session);
    const bindTimeout = this.options.bindTimeoutMs ?? 30_000;
    const bindTimer = setTimeout(() => {
      if (session.state === 'open') session.destroy(new Error(`${session.id}: no bind within ${bindTimeout} ms`));
    }, bindTimeout);
    bindTimer.unref();
    session.on('warning', (error) => this.emit('warning', error));
    session.once('close', (reason) => {
      clearTimeout(bindTimer);
      this.sessions.delete(session);
      this.emit('closed', session, reason);
    });
    session.setHandler((request) => this.beforeBind(session, request, remote));
  }

  private async beforeBind(session: Session<P>, request: P, remote: Remote): Promise<P | null> {
    const { acceptor, protocol } = this.options;
    if (!acceptor.isBindRequest(request)) return protocol.reject(request, 'not-bound');
    const now = this.options.now?.() ?? new Date();
    const info = acceptor.describe(request);
    const account = await this.options.lookup(info, remote);
    let verdict = acceptor.verify(request, account, now);
    let handler: RequestHandler<P> | null = null;
    if (verdict.ok) {
      const admission = await this.options.admit(session, info, remote);
      if ('refuse' in admission) verdict = acceptor.refuse(admission.refuse);
      else handler = admission.handler;
    }
    const reply = acceptor.reply(request, verdict, account);
    if (!verdict.ok || handler === null) {
      this.emit('refused', info, verdict, remote);
      session.send(reply);
      // Give the reply a moment to leave before closing, as gateways do after a failed login.
      setTimeout(() => session.destroy(null), 100).unref();
      return null;
    }
    const bound = handler;
    session.setHandler((next) => {
      if (acceptor.isBindRequest(next)) return protocol.reject(next, 'already-bound');
      return bound(next, session);
    });
    session.send(reply);
    session.markBound();
    this.emit('bound', session, info, verdict);
    return null;
  }
}
