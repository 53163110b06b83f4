import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BindError,
  connectAndBind,
  DecodeError,
  Link,
  ResponseTimeoutError,
  Session,
  SessionClosedError,
  SessionServer,
  WindowFullError,
  backoffDelay,
} from '../../src/index.js';
import type { RequestHandler } from '../../src/index.js';
import { decode, encode, toyAcceptor, toyBinder, toyProtocol, type ToyPdu } from './toy-protocol.js';

const protocol = toyProtocol();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const echoHandler: RequestHandler<ToyPdu> = (req) =>
  req.command === 'echo' ? { command: 'echo_resp', sequence: req.sequence, status: 0, payload: req.payload } : null;

async function startServer(
  handler: RequestHandler<ToyPdu> = echoHandler,
  extra: Partial<ConstructorParameters<typeof SessionServer<ToyPdu>>[0]> = {},
) {
  const server = new SessionServer<ToyPdu>({
    protocol,
    acceptor: toyAcceptor,
    name: 'toy-server',
    lookup: (info) => (info.account === 'alice' ? { account: 'alice', secret: 'pw' } : null),
    admit: () => ({ handler }),
    ...extra,
  });
  const port = await server.listen(0);
  cleanups.push(() => server.close());
  return { server, port };
}

async function client(port: number, session: Parameters<typeof connectAndBind>[0]['session'] = {}) {
  const { session: s } = await connectAndBind({
    protocol,
    binder: toyBinder,
    credentials: { account: 'alice', password: 'pw' },
    host: '127.0.0.1',
    port,
    name: 'toy-client',
    session,
  });
  cleanups.push(() => s.destroy());
  return s;
}

/** A raw TCP peer that records frames and lets the test answer by hand. */
async function rawPeer(onFrame: (pdu: ToyPdu, socket: net.Socket) => void) {
  const server = net.createServer((socket) => {
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readUInt32BE(0)) {
        const len = pending.readUInt32BE(0);
        onFrame(decode(pending.subarray(0, len)), socket);
        pending = pending.subarray(len);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return address.port;
}

async function rawSession(port: number, options: Partial<ConstructorParameters<typeof Session<ToyPdu>>[2]> = {}) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const session = new Session(protocol, socket, { id: 'raw', ...options });
  session.markBound();
  cleanups.push(() => session.destroy());
  return session;
}

describe('session: requests and window', () => {
  it('matches 1,000 pipelined requests to their responses', async () => {
    const { port } = await startServer();
    const s = await client(port, { window: 64 });
    const replies = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        s.request({ command: 'echo', sequence: 0, payload: Buffer.from(`m${i}`) }),
      ),
    );
    replies.forEach((reply, i) => {
      expect(reply.command).toBe('echo_resp');
      expect(reply.command === 'echo_resp' && reply.payload.toString()).toBe(`m${i}`);
    });
    expect(s.inFlightCount).toBe(0);
    expect(s.counters.requestsSent).toBe(1001); // + bind
  });

  it('never has more than `window` requests unanswered', async () => {
    let outstanding = 0;
    let peak = 0;
    const port = await rawPeer((pdu, socket) => {
      if (pdu.command !== 'echo') return;
      outstanding++;
      peak = Math.max(peak, outstanding);
      // Answer later, out of order, so the window fills up.
      setTimeout(() => {
        outstanding--;
        socket.write(encode({ command: 'echo_resp', sequence: pdu.sequence, status: 0, payload: pdu.payload }));
      }, Math.random() * 5);
    });
    const s = await rawSession(port, { window: 7 });
    await Promise.all(
      Array.from({ length: 200 }, () => s.request({ command: 'echo', sequence: 0, payload: Buffer.alloc(1) })),
    );
    expect(peak).toBe(7);
  });

  it('refuses requests beyond maxQueued with WindowFullError', async () => {
    const port = await rawPeer(() => undefined); // never answers
    const s = await rawSession(port, { window: 1, maxQueued: 2, responseTimeoutMs: 60_000 });
    const results = [1, 2, 3, 4].map((i) => s.request({ command: 'echo', sequence: 0, payload: Buffer.from([i]) }));
    await expect(results[3]).rejects.toBeInstanceOf(WindowFullError);
    s.destroy();
    await expect(results[0]).rejects.toMatchObject({ name: 'SessionClosedError', written: true });
    await expect(results[1]).rejects.toMatchObject({ name: 'SessionClosedError', written: false });
    await expect(results[2]).rejects.toMatchObject({ name: 'SessionClosedError', written: false });
  });

  it('times a silent request out and warns about its late response', async () => {
    let answer: (() => void) | null = null;
    const port = await rawPeer((pdu, socket) => {
      if (pdu.command === 'echo')
        answer = () =>
          socket.write(encode({ command: 'echo_resp', sequence: pdu.sequence, status: 0, payload: Buffer.alloc(0) }));
    });
    const s = await rawSession(port, { responseTimeoutMs: 200 });
    const warnings: Error[] = [];
    s.on('warning', (w) => warnings.push(w));
    const started = Date.now();
    const failure = await s
      .request({ command: 'echo', sequence: 0, payload: Buffer.alloc(0) })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ResponseTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(s.inFlightCount).toBe(0);
    answer!();
    await expect.poll(() => warnings.map((w) => w.message).join()).toMatch(/unknown sequence/);
    expect(s.state).toBe('bound');
  });

  it('rejects a PDU that does not encode without sending anything or using a slot', async () => {
    const frames: ToyPdu[] = [];
    const port = await rawPeer((pdu, socket) => {
      frames.push(pdu);
      if (pdu.command === 'echo')
        socket.write(encode({ command: 'echo_resp', sequence: pdu.sequence, status: 0, payload: pdu.payload }));
    });
    const s = await rawSession(port);
    await expect(
      s.request({ command: 'bind', sequence: 0, account: 'x'.repeat(40), password: '' }),
    ).rejects.toMatchObject({ name: 'EncodeError' });
    expect(s.inFlightCount).toBe(0);
    // The peer answers an echo sent afterwards only once it has read it, and TCP keeps order:
    // had the bad bind gone out, it would be among the frames before the echo.
    await s.request({ command: 'echo', sequence: 0, payload: Buffer.alloc(0) });
    expect(frames.map((f) => f.command)).toEqual(['echo']);
  });
});

describe('session: framing and bad input', () => {
  it('reassembles frames split byte by byte and several frames in one chunk', async () => {
    const received: ToyPdu[] = [];
    const server = net.createServer((socket) => {
      const s = new Session(protocol, socket, { id: 'srv' });
      s.markBound();
      s.setHandler((req) => {
        received.push(req);
        return echoHandler(req, s);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as net.AddressInfo).port;
    const socket = net.connect(port, '127.0.0.1');
    cleanups.push(() => void socket.destroy());
    await new Promise((resolve) => socket.once('connect', resolve));
    const one = encode({ command: 'echo', sequence: 1, payload: Buffer.from('first') });
    const two = encode({ command: 'echo', sequence: 2, payload: Buffer.from('second') });
    const three = encode({ command: 'echo', sequence: 3, payload: Buffer.from('third') });
    for (const byte of one) {
      socket.write(Buffer.from([byte]));
      await new Promise((r) => setImmediate(r));
    }
    socket.write(Buffer.concat([two, three]));
    await expect.poll(() => received.map((p) => p.sequence)).toEqual([1, 2, 3]);
  });

  it('answers an undecodable frame with the protocol reject and stays up', async () => {
    const replies: ToyPdu[] = [];
    const s = await startServer();
    const socket = net.connect(s.port, '127.0.0.1');
    cleanups.push(() => void socket.destroy());
    socket.on('data', (chunk) => replies.push(decode(chunk)));
    await new Promise((resolve) => socket.once('connect', resolve));
    const bogus = Buffer.alloc(12);
    bogus.writeUInt32BE(12, 0);
    bogus.writeUInt32BE(0x77, 4); // unknown command
    bogus.writeUInt32BE(42, 8);
    socket.write(bogus);
    await expect.poll(() => replies).toEqual([{ command: 'nack', sequence: 42, status: 3 }]);
    socket.write(encode({ command: 'echo', sequence: 43, payload: Buffer.alloc(0) }));
    // Not bound yet: the server refuses with its not-bound status, but answers.
    await expect.poll(() => replies).toHaveLength(2);
    expect(replies[1]).toMatchObject({ command: 'echo_resp', sequence: 43, status: 4 });
  });

  it('closes the connection on a frame length it cannot resynchronise from', async () => {
    const s = await startServer();
    const socket = net.connect(s.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.on('error', () => undefined);
    const huge = Buffer.alloc(12);
    huge.writeUInt32BE(0x7fffffff, 0);
    socket.write(huge);
    await closed;
  });

  it('survives a handler that throws, answering with a system error', async () => {
    const { port } = await startServer(() => {
      throw new Error('boom');
    });
    const s = await client(port);
    const reply = await s.request({ command: 'echo', sequence: 0, payload: Buffer.alloc(0) });
    expect(reply).toMatchObject({ command: 'echo_resp', status: 8 });
    expect(s.state).toBe('bound');
  });
});

describe('session: keep-alive and close', () => {
  it('probes a silent peer and gives up after the configured misses', async () => {
    let pings = 0;
    const port = await rawPeer((pdu) => {
      if (pdu.command === 'ping') pings++;
    });
    const s = await rawSession(port, { keepAliveIntervalMs: 100, keepAliveMaxMisses: 2, responseTimeoutMs: 100 });
    const reason = await new Promise<Error | null>((resolve) => s.once('close', resolve));
    expect(pings).toBe(2);
    expect(reason?.message).toMatch(/keep-alive probes unanswered/);
  });

  it('stays up while the peer answers probes', async () => {
    const port = await rawPeer((pdu, socket) => {
      if (pdu.command === 'ping') socket.write(encode({ command: 'ping_resp', sequence: pdu.sequence }));
    });
    // One miss closes it, so every probe must be answered; a probe may wait min(interval,
    // response timeout) = 500 ms for its answer, long enough for a busy machine.
    const s = await rawSession(port, { keepAliveIntervalMs: 500, keepAliveMaxMisses: 1, responseTimeoutMs: 2_000 });
    await expect.poll(() => s.counters.responsesReceived).toBeGreaterThanOrEqual(3);
    expect(s.state).toBe('bound');
    expect(s.counters.requestsSent).toBeGreaterThanOrEqual(3);
  });

  it('answers the peer keep-alive itself', async () => {
    const { port } = await startServer();
    const s = await client(port);
    const socketReply = await s.request({ command: 'ping', sequence: 0 });
    expect(socketReply.command).toBe('ping_resp');
  });

  it('closes gracefully: waits for in-flight responses, then unbinds', async () => {
    const seen: string[] = [];
    const port = await rawPeer((pdu, socket) => {
      seen.push(pdu.command);
      if (pdu.command === 'echo') {
        setTimeout(
          () =>
            socket.write(encode({ command: 'echo_resp', sequence: pdu.sequence, status: 0, payload: Buffer.alloc(0) })),
          100,
        );
      }
      if (pdu.command === 'bye') {
        socket.write(encode({ command: 'bye_resp', sequence: pdu.sequence }));
        socket.end();
      }
    });
    const s = await rawSession(port);
    const inFlight = s.request({ command: 'echo', sequence: 0, payload: Buffer.alloc(0) });
    const closeEvent = new Promise<Error | null>((resolve) => s.once('close', resolve));
    await s.close();
    await expect(inFlight).resolves.toMatchObject({ command: 'echo_resp' });
    expect(seen).toEqual(['echo', 'bye']);
    expect(await closeEvent).toBeNull();
    await expect(s.request({ command: 'echo', sequence: 0, payload: Buffer.alloc(0) })).rejects.toBeInstanceOf(
      SessionClosedError,
    );
  });

  it('answers a peer unbind and closes', async () => {
    let serverSession: Promise<Session<ToyPdu>> | null = null;
    const { server, port } = await startServer();
    serverSession = new Promise((resolve) => server.once('bound', (session) => resolve(session)));
    const s = await client(port);
    const unbound = new Promise<void>((resolve) => s.once('unbind', () => resolve()));
    const closed = new Promise((resolve) => s.once('close', resolve));
    await (await serverSession).close();
    await unbound;
    await closed;
    expect(s.state).toBe('closed');
  });
});

describe('server and client roles', () => {
  it('refuses a wrong password with the acceptor status', async () => {
    const { server, port } = await startServer();
    const refused = new Promise((resolve) =>
      server.once('refused', (info, verdict) => resolve([info.account, verdict])),
    );
    const attempt = connectAndBind({
      protocol,
      binder: toyBinder,
      credentials: { account: 'alice', password: 'nope' },
      host: '127.0.0.1',
      port,
      name: 'toy',
    });
    await expect(attempt).rejects.toBeInstanceOf(BindError);
    await expect(attempt).rejects.toMatchObject({ status: 14 });
    expect(await refused).toEqual(['alice', { ok: false, status: 14, reason: 'auth-failed' }]);
  });

  it('lets admit refuse a bind (too many binds)', async () => {
    const { port } = await startServer(echoHandler, { admit: () => ({ refuse: 'too-many-binds' as const }) });
    await expect(client(port)).rejects.toMatchObject({ status: 13 });
  });

  it('refuses a second bind on a bound session', async () => {
    const { port } = await startServer();
    const s = await client(port);
    const reply = await s.request({ command: 'bind', sequence: 0, account: 'alice', password: 'pw' });
    expect(reply).toMatchObject({ command: 'bind_resp', status: 5 });
  });

  it('link reconnects with back-off after the server drops it', async () => {
    const { server, port } = await startServer();
    const link = new Link({
      protocol,
      binder: toyBinder,
      credentials: { account: 'alice', password: 'pw' },
      host: '127.0.0.1',
      port,
      name: 'toy-link',
      backoff: { initialMs: 50, maxMs: 200, factor: 2, jitter: 0 },
    });
    cleanups.push(() => link.stop());
    const ups: number[] = [];
    const firstUp = new Promise<void>((resolve) => link.once('up', () => resolve()));
    link.on('up', () => ups.push(Date.now()));
    link.start();
    await firstUp;
    expect(link.session).not.toBeNull();
    const secondUp = new Promise<void>((resolve) => link.once('up', () => resolve()));
    for (const session of server.bound) session.destroy();
    await secondUp;
    expect(ups).toHaveLength(2);
    const reply = await link.session!.request({ command: 'echo', sequence: 0, payload: Buffer.from('again') });
    expect(reply.command).toBe('echo_resp');
  });

  it('link keeps retrying a refused endpoint and reports each failure', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const link = new Link({
      protocol,
      binder: toyBinder,
      credentials: { account: 'alice', password: 'pw' },
      host: '127.0.0.1',
      port,
      name: 'toy-link',
      backoff: { initialMs: 20, maxMs: 40, factor: 2, jitter: 0 },
    });
    cleanups.push(() => link.stop());
    const delays: (number | null)[] = [];
    const three = new Promise<void>((resolve) =>
      link.on('failed', (_e, delay) => {
        delays.push(delay);
        if (delays.length === 3) resolve();
      }),
    );
    link.start();
    await three;
    expect(delays).toEqual([20, 40, 40]);
  });

  it('backoffDelay grows, caps and spreads by the jitter', () => {
    const o = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 };
    expect(backoffDelay(o, 0, () => 0.5)).toBe(100);
    expect(backoffDelay(o, 3, () => 0.5)).toBe(800);
    expect(backoffDelay(o, 10, () => 0.5)).toBe(1000);
    expect(backoffDelay(o, 0, () => 0)).toBe(50);
    expect(backoffDelay(o, 0, () => 1)).toBe(150);
  });

  it('decoder errors in the toy protocol are DecodeErrors', () => {
    expect(() => decode(Buffer.from([0, 0, 0, 12, 0, 0, 0, 0x77, 0, 0, 0, 1]))).toThrow(DecodeError);
  });
});
