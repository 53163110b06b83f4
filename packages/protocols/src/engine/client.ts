import { EventEmitter } from 'node:events';
import net from 'node:net';
import type { Binder, BindResult, Pdu, Protocol } from './protocol.js';
import { type RequestHandler, Session, type SessionOptions } from './session.js';

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** ± fraction of each delay drawn at random, so many links do not reconnect in lockstep. */
  readonly jitter: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 1_000, maxMs: 60_000, factor: 2, jitter: 0.2 };

/** Delay before reconnect attempt `attempt` (0-based). */
export function backoffDelay(options: BackoffOptions, attempt: number, random = Math.random): number {
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** attempt);
  const spread = base * options.jitter;
  return Math.max(0, Math.round(base - spread + random() * 2 * spread));
}

export interface ConnectOptions<P extends Pdu, Credentials> {
  readonly protocol: Protocol<P>;
  readonly binder: Binder<P, Credentials>;
  readonly credentials: Credentials;
  readonly host: string;
  readonly port: number;
  /** Name in errors and logs; the session id adds the endpoint and a connection number. */
  readonly name: string;
  readonly connectTimeoutMs?: number;
  readonly session?: Partial<Omit<SessionOptions, 'id'>>;
  /** Handles requests the gateway sends (deliver, report); set before the bind completes. */
  readonly handler?: RequestHandler<P>;
}

/**
 * Opens one TCP connection and binds it. Resolves with a bound session, or rejects with the
 * connect error or the Binder's BindError (the socket is closed then).
 */
export async function connectAndBind<P extends Pdu, Credentials>(
  options: ConnectOptions<P, Credentials>,
  connection = 1,
): Promise<{ session: Session<P>; bind: BindResult }> {
  const socket = await openSocket(options.host, options.port, options.connectTimeoutMs ?? 10_000);
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 60_000);
  const session = new Session(options.protocol, socket, {
    ...options.session,
    id: `${options.name} ${options.host}:${options.port}#${connection}`,
  });
  if (options.handler !== undefined) session.setHandler(options.handler);
  try {
    const bind = await options.binder.bind(session, options.credentials);
    session.markBound();
    return { session, bind };
  } catch (error) {
    session.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

function openSocket(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect ${host}:${port}: timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`connect ${host}:${port}: ${error.message}`));
    });
  });
}

export interface LinkEvents<P extends Pdu> {
  /** A session is bound and ready for requests. */
  up: [session: Session<P>, bind: BindResult];
  /** The bound session ended; a reconnect follows unless the link was stopped. */
  down: [reason: Error | null];
  /** A connect or bind attempt failed; `retryInMs` is null when the link gives up. */
  failed: [error: Error, retryInMs: number | null];
  warning: [error: Error];
}

export interface LinkOptions<P extends Pdu, Credentials> extends ConnectOptions<P, Credentials> {
  readonly backoff?: BackoffOptions;
}

/**
 * One bind to a gateway that stays up: connects, binds, and after any loss reconnects with
 * exponential back-off until stopped. A channel with max binds N runs N links.
 */
export class Link<P extends Pdu, Credentials> extends EventEmitter<LinkEvents<P>> {
  private current: Session<P> | null = null;
  private running = false;
  private attempt = 0;
  private connections = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly backoff: BackoffOptions;

  constructor(private readonly options: LinkOptions<P, Credentials>) {
    super();
    this.backoff = options.backoff ?? defaultBackoff;
  }

  /** The bound session, or null while (re)connecting. */
  get session(): Session<P> | null {
    return this.current !== null && this.current.state === 'bound' ? this.current : null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  /** Stops reconnecting and unbinds the current session gracefully. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const session = this.current;
    this.current = null;
    if (session !== null) await session.close('link stopped');
  }

  private connect(): void {
    this.retryTimer = null;
    if (!this.running) return;
    this.connections++;
    connectAndBind(this.options, this.connections).then(
      ({ session, bind }) => {
        if (!this.running) {
          void session.close('link stopped');
          return;
        }
        this.attempt = 0;
        this.current = session;
        session.on('warning', (error) => this.emit('warning', error));
        session.once('close', (reason) => {
          if (this.current === session) this.current = null;
          this.emit('down', reason);
          this.scheduleReconnect();
        });
        this.emit('up', session, bind);
      },
      (error: unknown) => {
        const err = error instanceof Error ? error : new Error(String(error));
        const delay = this.running ? backoffDelay(this.backoff, this.attempt) : null;
        this.emit('failed', err, delay);
        this.attempt++;
        if (delay !== null) this.retryTimer = setTimeout(() => this.connect(), delay);
      },
    );
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    // After a session that worked, attempt is 0 again: the first retry waits initialMs, failures back off.
    const delay = backoffDelay(this.backoff, this.attempt);
    this.attempt++;
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }
}
