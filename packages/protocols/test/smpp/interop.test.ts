import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Session as NpmSession } from 'smpp';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BindError,
  connectAndBind,
  type InboundEvent,
  type RequestHandler,
  type Session,
  SessionServer,
  type StatusReport,
} from '../../src/index.js';
import {
  CommandStatus,
  parseDeliveryReceipt,
  type SmppPdu,
  smppBinder,
  smppCarrierDialect,
  smppGatewayDialect,
} from '../../src/smpp/index.js';

/*
 * Interop with an independent SMPP implementation, npm `smpp` 0.5.1, over real TCP on 127.0.0.1:
 *   (a) our ESME (engine client, smppBinder, carrier dialect) against its server as the SMSC;
 *   (b) its client as the ESME against our SMSC (engine server, acceptor, gateway dialect).
 * Each: bind, 1,000 submits with a window of 10, receipts sent by the server and read by the
 * client, enquire_link both ways, unbind.
 */

const HOST = '127.0.0.1';
const ESME = { systemId: 'esme01', password: 'secret' };
const SUBMITS = 1_000;
const WINDOW = 10;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Sends a PDU on an npm smpp session and resolves with its response. */
function npmRequest(session: NpmSession, command: string, options: Record<string, unknown> = {}): Promise<PDU> {
  return new Promise((resolve, reject) => {
    if (!session.send(new smpp.PDU(command, options), resolve)) reject(new Error(`npm smpp could not send ${command}`));
  });
}

function recipient(i: number): string {
  return `86138${String(i).padStart(8, '0')}`;
}

describe('interop (a): our ESME against the npm smpp server', () => {
  interface NpmSmsc {
    readonly port: number;
    peak: number;
    readonly submits: PDU[];
    readonly seen: string[];
    readonly sessions: NpmSession[];
    readonly receiptsAcked: () => number;
  }

  /** An SMSC written with npm smpp: answers submits 0–2 ms later, then sends a receipt. */
  async function startNpmSmsc(): Promise<NpmSmsc> {
    let outstanding = 0;
    let nextId = 0xabc000;
    let acked = 0;
    const state = { peak: 0, submits: [] as PDU[], seen: [] as string[], sessions: [] as NpmSession[] };
    const server = smpp.createServer({}, (session) => {
      state.sessions.push(session);
      session.on('error', () => undefined); // the socket going away at teardown
      session.on('pdu', (pdu: PDU) => state.seen.push(pdu.command));
      session.on('bind_transceiver', (pdu: PDU) => {
        if (pdu.system_id !== ESME.systemId || pdu.password !== ESME.password) {
          session.send(pdu.response({ command_status: smpp.errors.ESME_RINVPASWD }));
          return;
        }
        session.send(pdu.response({ system_id: 'NPMSMSC', sc_interface_version: 0x34 }));
      });
      session.on('submit_sm', (pdu: PDU) => {
        state.submits.push(pdu);
        outstanding++;
        state.peak = Math.max(state.peak, outstanding);
        const id = (nextId++).toString(16);
        setTimeout(() => {
          outstanding--;
          session.send(pdu.response({ message_id: id }));
          const receipt = `id:${id} sub:001 dlvrd:001 submit date:2401020304 done date:2401020305 stat:DELIVRD err:000 text:`;
          const deliver = new smpp.PDU('deliver_sm', {
            source_addr: pdu.destination_addr,
            destination_addr: pdu.source_addr,
            esm_class: 0x04,
            data_coding: 0,
            short_message: Buffer.from(receipt, 'ascii'),
            receipted_message_id: id,
            message_state: 2,
          });
          session.send(deliver, (resp: PDU) => {
            if (resp.command === 'deliver_sm_resp' && resp.command_status === 0) acked++;
          });
        }, Math.random() * 2);
      });
      session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: PDU) => {
        session.send(pdu.response());
        session.close();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, HOST, () => resolve()));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const s of state.sessions) s.destroy();
          server.close(() => resolve());
        }),
    );
    return Object.assign(state, { port: (server.address() as AddressInfo).port, receiptsAcked: () => acked });
  }

  async function bindTo(smsc: NpmSmsc, password = ESME.password, keepAliveIntervalMs = 0, responseTimeoutMs = 2_000) {
    const carrier = smppCarrierDialect();
    const inbound: InboundEvent<SmppPdu>[] = [];
    const { session, bind } = await connectAndBind({
      protocol: carrier.protocol,
      binder: smppBinder(0x34),
      credentials: { systemId: ESME.systemId, password, mode: 'transceiver' },
      host: HOST,
      port: smsc.port,
      name: 'smpp-esme',
      session: { window: WINDOW, keepAliveIntervalMs, responseTimeoutMs },
      handler: (request) => {
        inbound.push(carrier.inbound(request));
        return carrier.inboundReply(request, true);
      },
    });
    cleanups.push(() => session.destroy());
    return { carrier, session, bind, inbound };
  }

  it('binds, submits 1,000 in a window of 10, reads every receipt, keeps alive and unbinds', async () => {
    const smsc = await startNpmSmsc();
    const { carrier, session, bind, inbound } = await bindTo(smsc);
    expect(bind).toEqual({ version: 0x34, peer: 'NPMSMSC' });

    const outcomes = await Promise.all(
      Array.from({ length: SUBMITS }, async (_, i) => {
        const pdu = carrier.submit({
          to: recipient(i),
          from: '10690001',
          encoding: 'gsm7',
          payload: Buffer.from(`code ${i}`),
          udh: null,
          part: null,
          wantReport: true,
          priority: 0,
        });
        return carrier.submitOutcome(pdu, await session.request(pdu));
      }),
    );
    const ids = outcomes.map((o) => (o.ok ? o.carrierMessageId : `failed ${o.status}`));
    expect(new Set(ids).size).toBe(SUBMITS);
    expect(smsc.peak).toBe(WINDOW);
    // It read our submits field by field.
    expect(smsc.submits[5]).toMatchObject({
      destination_addr: recipient(5),
      source_addr: '10690001',
      registered_delivery: 1,
      data_coding: 0,
    });
    expect(smsc.submits[5]!.short_message).toEqual({ message: 'code 5' });

    await expect.poll(() => inbound.length).toBeGreaterThanOrEqual(SUBMITS);
    await expect.poll(() => smsc.receiptsAcked()).toBeGreaterThanOrEqual(SUBMITS);
    const reports: StatusReport[] = inbound.flatMap((e) => (e.kind === 'report' ? [e.report] : []));
    expect(reports).toHaveLength(SUBMITS);
    expect(new Set(reports.map((r) => r.carrierMessageId))).toEqual(new Set(ids));
    expect(reports.every((r) => r.state === 'DELIVRD' && r.code === 'DELIVRD')).toBe(true);
    expect(reports.find((r) => r.carrierMessageId === ids[5])).toMatchObject({
      recipient: recipient(5),
      submittedAt: new Date('2024-01-02T03:04:00Z'),
      doneAt: new Date('2024-01-02T03:05:00Z'),
    });

    // enquire_link from us, answered by it …
    const probe = await session.request({ command: 'enquire_link', sequence: 0, commandStatus: 0 });
    expect(probe).toMatchObject({ command: 'enquire_link_resp', commandStatus: 0 });
    // … and from it, answered by our engine.
    const theirProbe = await npmRequest(smsc.sessions[0]!, 'enquire_link');
    expect(theirProbe.command).toBe('enquire_link_resp');

    await session.close('done');
    expect(smsc.seen.slice(-1)).toEqual(['unbind']);
    expect(session.state).toBe('closed');
  });

  it('keeps the link alive by itself', async () => {
    const smsc = await startNpmSmsc();
    const { session } = await bindTo(smsc, ESME.password, 50, 200);
    await expect.poll(() => smsc.seen).toContain('enquire_link');
    expect(session.state).toBe('bound');
  });

  it('reports its refusal as a BindError with ESME_RINVPASWD', async () => {
    const smsc = await startNpmSmsc();
    const error = await bindTo(smsc, 'wrong').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BindError);
    expect((error as BindError).status).toBe(CommandStatus.ESME_RINVPASWD);
  });
});

describe('interop (b): the npm smpp client against our SMSC', () => {
  interface OurSmsc {
    readonly port: number;
    readonly server: SessionServer<SmppPdu>;
    peak: number;
    readonly accepted: Map<string, string>;
  }

  async function startOurSmsc(): Promise<OurSmsc> {
    const dialect = smppGatewayDialect({ systemId: 'SMSHUB', node: 9 });
    let outstanding = 0;
    const state = { peak: 0, accepted: new Map<string, string>() };
    const handler: RequestHandler<SmppPdu> = (request, session) => {
      const submit = dialect.received(request);
      if (submit === null) return dialect.protocol.reject(request, 'unsupported');
      outstanding++;
      state.peak = Math.max(state.peak, outstanding);
      const ids = dialect.messageIds(request, new Date());
      return new Promise((resolve) =>
        setTimeout(() => {
          outstanding--;
          state.accepted.set(ids[0]!, submit.to[0]!);
          resolve(dialect.submitReply(request, { ok: true, messageIds: ids }));
          const now = new Date('2024-01-02T03:04:05Z');
          const report = dialect.report({
            messageId: ids[0]!,
            recipient: submit.to[0]!,
            from: submit.from,
            state: 'DELIVRD',
            submittedAt: now,
            doneAt: now,
          });
          session.request(report).catch(() => undefined); // the client may unbind before the last receipt
        }, Math.random() * 2),
      );
    };
    const server = new SessionServer<SmppPdu>({
      protocol: dialect.protocol,
      acceptor: dialect.acceptor,
      name: 'smshub-smsc',
      lookup: (info) => (info.account === ESME.systemId ? { account: ESME.systemId, secret: ESME.password } : null),
      admit: () => ({ handler }),
      session: { keepAliveIntervalMs: 0 },
    });
    const port = await server.listen(0, HOST);
    cleanups.push(() => server.close());
    return Object.assign(state, { port, server });
  }

  async function npmClient(port: number): Promise<NpmSession> {
    const session = await new Promise<NpmSession>((resolve) => {
      const s = smpp.connect({ host: HOST, port }, () => resolve(s));
    });
    session.on('error', () => undefined);
    cleanups.push(
      () => new Promise<void>((resolve) => (session.socket.destroyed ? resolve() : session.destroy(() => resolve()))),
    );
    return session;
  }

  it('binds, submits 1,000 in a window of 10, reads every receipt, keeps alive and unbinds', async () => {
    const smsc = await startOurSmsc();
    const client = await npmClient(smsc.port);

    const receipts: { id: unknown; state: unknown; text: string; to: unknown }[] = [];
    client.on('deliver_sm', (pdu: PDU) => {
      const message = (pdu.short_message as { message: string }).message;
      receipts.push({ id: pdu.receipted_message_id, state: pdu.message_state, text: message, to: pdu.source_addr });
      client.send(pdu.response());
    });
    client.on('enquire_link', (pdu: PDU) => client.send(pdu.response()));

    const bound = await npmRequest(client, 'bind_transceiver', {
      system_id: ESME.systemId,
      password: ESME.password,
      interface_version: 0x34,
    });
    expect(bound.command_status).toBe(0);
    expect(bound.system_id).toBe('SMSHUB');
    expect(bound.sc_interface_version).toBe(0x34);

    // Its client has no window of its own: keep WINDOW submits in flight.
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: WINDOW }, async () => {
        while (next < SUBMITS) {
          const i = next++;
          const resp = await npmRequest(client, 'submit_sm', {
            source_addr: '10690001',
            destination_addr: recipient(i),
            registered_delivery: 1,
            data_coding: 0,
            short_message: Buffer.from(`code ${i}`),
          });
          expect(resp.command_status).toBe(0);
          ids[i] = resp.message_id as string;
        }
      }),
    );
    expect(new Set(ids).size).toBe(SUBMITS);
    // Its PDUs reach us in separate writes, so the window is not always full at one instant.
    expect(smsc.peak).toBeLessThanOrEqual(WINDOW);
    expect(smsc.peak).toBeGreaterThan(1);
    expect(ids.every((id, i) => smsc.accepted.get(id) === recipient(i))).toBe(true);

    await expect.poll(() => receipts.length).toBeGreaterThanOrEqual(SUBMITS);
    expect(new Set(receipts.map((r) => r.id))).toEqual(new Set(ids));
    expect(receipts.every((r) => r.state === 2)).toBe(true);
    const first = receipts.find((r) => r.id === ids[0])!;
    expect(first.to).toBe(recipient(0));
    expect(parseDeliveryReceipt(first.text)).toMatchObject({
      id: ids[0],
      stat: 'DELIVRD',
      submitDate: '2401020304',
      doneDate: '2401020304',
    });

    // enquire_link from it, answered by our engine …
    const probe = await npmRequest(client, 'enquire_link');
    expect(probe.command).toBe('enquire_link_resp');
    // … and from us, answered by it.
    const ours: Session<SmppPdu> = smsc.server.bound[0]!;
    expect(await ours.request({ command: 'enquire_link', sequence: 0, commandStatus: 0 })).toMatchObject({
      command: 'enquire_link_resp',
    });

    const closed = new Promise<Error | null>((resolve) => smsc.server.once('closed', (_s, reason) => resolve(reason)));
    const unbound = await npmRequest(client, 'unbind');
    expect(unbound.command).toBe('unbind_resp');
    expect(await closed).toBeNull();
  });

  it('refuses its bind with a wrong password (ESME_RINVPASWD, bare header)', async () => {
    const smsc = await startOurSmsc();
    const client = await npmClient(smsc.port);
    const resp = await npmRequest(client, 'bind_transceiver', {
      system_id: ESME.systemId,
      password: 'wrong',
      interface_version: 0x34,
    });
    expect(resp.command).toBe('bind_transceiver_resp');
    expect(resp.command_status).toBe(smpp.errors.ESME_RINVPASWD);
  });

  it('nacks a command we do not serve, in its own terms', async () => {
    const smsc = await startOurSmsc();
    const client = await npmClient(smsc.port);
    await npmRequest(client, 'bind_transceiver', {
      system_id: ESME.systemId,
      password: ESME.password,
      interface_version: 0x34,
    });
    const resp = await npmRequest(client, 'query_sm', { message_id: 'x', source_addr: '1' });
    expect(resp.command).toBe('generic_nack');
    expect(resp.command_status).toBe(smpp.errors.ESME_RINVCMDID);
  });
});
