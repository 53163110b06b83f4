/**
 * A deliberately small protocol used to test the engine alone: 12-byte header (length, command
 * id, sequence) like CMPP, a bind with account + password, an echo request, ping and bye.
 */
import {
  type BindAcceptor,
  type BindAccount,
  type Binder,
  BindError,
  type BindVerdict,
  DecodeError,
  PduReader,
  PduWriter,
  type Protocol,
  type RejectReason,
} from '../../src/index.js';

export const Cmd = {
  bind: 0x01,
  bindResp: 0x80000001,
  echo: 0x02,
  echoResp: 0x80000002,
  ping: 0x03,
  pingResp: 0x80000003,
  bye: 0x04,
  byeResp: 0x80000004,
  nack: 0x80000000,
} as const;

export type ToyPdu =
  | { command: 'bind'; sequence: number; account: string; password: string }
  | { command: 'bind_resp'; sequence: number; status: number }
  | { command: 'echo'; sequence: number; payload: Buffer }
  | { command: 'echo_resp'; sequence: number; status: number; payload: Buffer }
  | { command: 'ping'; sequence: number }
  | { command: 'ping_resp'; sequence: number }
  | { command: 'bye'; sequence: number }
  | { command: 'bye_resp'; sequence: number }
  | { command: 'nack'; sequence: number; status: number };

const HEADER = 12;

function bodySize(pdu: ToyPdu): number {
  switch (pdu.command) {
    case 'bind':
      return pdu.account.length + 1 + pdu.password.length + 1;
    case 'bind_resp':
    case 'nack':
      return 4;
    case 'echo':
      return pdu.payload.length;
    case 'echo_resp':
      return 4 + pdu.payload.length;
    default:
      return 0;
  }
}

const ids: Record<ToyPdu['command'], number> = {
  bind: Cmd.bind,
  bind_resp: Cmd.bindResp,
  echo: Cmd.echo,
  echo_resp: Cmd.echoResp,
  ping: Cmd.ping,
  ping_resp: Cmd.pingResp,
  bye: Cmd.bye,
  bye_resp: Cmd.byeResp,
  nack: Cmd.nack,
};

export function encode(pdu: ToyPdu): Buffer {
  const size = HEADER + bodySize(pdu);
  const w = new PduWriter('toy', size).u32(size).u32(ids[pdu.command]).u32(pdu.sequence);
  switch (pdu.command) {
    case 'bind':
      w.cstring(pdu.account, 32, 'account').cstring(pdu.password, 32, 'password');
      break;
    case 'bind_resp':
    case 'nack':
      w.u32(pdu.status);
      break;
    case 'echo':
      w.bytes(pdu.payload);
      break;
    case 'echo_resp':
      w.u32(pdu.status).bytes(pdu.payload);
      break;
    default:
      break;
  }
  return w.finish();
}

export function decode(frame: Buffer): ToyPdu {
  const r = new PduReader('toy', frame);
  const length = r.u32('length');
  if (length !== frame.length) throw new DecodeError('toy', `length ${length} != frame ${frame.length}`);
  const id = r.u32('command id');
  const sequence = r.u32('sequence');
  switch (id) {
    case Cmd.bind:
      return { command: 'bind', sequence, account: r.cstring(32, 'account'), password: r.cstring(32, 'password') };
    case Cmd.bindResp:
      return { command: 'bind_resp', sequence, status: r.u32('status') };
    case Cmd.echo:
      return { command: 'echo', sequence, payload: Buffer.from(r.rest()) };
    case Cmd.echoResp:
      return { command: 'echo_resp', sequence, status: r.u32('status'), payload: Buffer.from(r.rest()) };
    case Cmd.ping:
      return { command: 'ping', sequence };
    case Cmd.pingResp:
      return { command: 'ping_resp', sequence };
    case Cmd.bye:
      return { command: 'bye', sequence };
    case Cmd.byeResp:
      return { command: 'bye_resp', sequence };
    case Cmd.nack:
      return { command: 'nack', sequence, status: r.u32('status') };
    default:
      throw new DecodeError('toy', `unknown command 0x${id.toString(16)}`, 4, id);
  }
}

export const statusOf: Record<RejectReason, number> = {
  unsupported: 3,
  'not-bound': 4,
  'already-bound': 5,
  throttled: 88,
  'queue-full': 20,
  'invalid-destination': 11,
  'invalid-source': 10,
  'invalid-message': 1,
  'system-error': 8,
};

export function toyProtocol(): Protocol<ToyPdu> {
  return {
    name: 'toy',
    version: 1,
    headerLength: HEADER,
    maxPduLength: 4096,
    decode,
    encode,
    peek: (frame) =>
      frame.length >= HEADER ? { commandId: frame.readUInt32BE(4), sequence: frame.readUInt32BE(8) } : null,
    isResponse: (pdu) => pdu.command.endsWith('_resp') || pdu.command === 'nack',
    sequenceKey: (pdu) => pdu.sequence,
    sequencer: () => {
      let next = 0;
      return {
        assign(pdu) {
          next = next >= 0x7fffffff ? 1 : next + 1;
          pdu.sequence = next;
          return next;
        },
      };
    },
    keepAlive: {
      request: () => ({ command: 'ping', sequence: 0 }),
      isRequest: (pdu) => pdu.command === 'ping',
      isResponse: (pdu) => pdu.command === 'ping_resp',
      reply: (req) => ({ command: 'ping_resp', sequence: req.sequence }),
    },
    unbind: {
      request: () => ({ command: 'bye', sequence: 0 }),
      isRequest: (pdu) => pdu.command === 'bye',
      isResponse: (pdu) => pdu.command === 'bye_resp',
      reply: (req) => ({ command: 'bye_resp', sequence: req.sequence }),
    },
    rejectFrame: (header) => ({ command: 'nack', sequence: Number(header.sequence), status: 3 }),
    reject: (req, reason) => {
      const status = statusOf[reason];
      if (req.command === 'echo')
        return { command: 'echo_resp', sequence: req.sequence, status, payload: Buffer.alloc(0) };
      if (req.command === 'bind') return { command: 'bind_resp', sequence: req.sequence, status };
      return { command: 'nack', sequence: req.sequence, status };
    },
  };
}

export interface ToyCredentials {
  account: string;
  password: string;
}

export const toyBinder: Binder<ToyPdu, ToyCredentials> = {
  async bind(session, credentials) {
    const reply = await session.request({ command: 'bind', sequence: 0, ...credentials });
    if (reply.command !== 'bind_resp') throw new BindError(session.id, -1, `unexpected ${reply.command}`);
    if (reply.status !== 0) throw new BindError(session.id, reply.status, 'refused');
    return {};
  },
};

export const toyAcceptor: BindAcceptor<ToyPdu> = {
  isBindRequest: (pdu) => pdu.command === 'bind',
  describe: (pdu) => ({ account: pdu.command === 'bind' ? pdu.account : '', mode: 'transceiver' }),
  verify(pdu, account: BindAccount | null): BindVerdict {
    if (account === null) return { ok: false, status: 15, reason: 'unknown-account' };
    if (pdu.command !== 'bind' || pdu.password !== account.secret)
      return { ok: false, status: 14, reason: 'auth-failed' };
    return { ok: true, status: 0 };
  },
  refuse: (reason) => ({ ok: false, status: reason === 'too-many-binds' ? 13 : 8, reason }),
  reply: (pdu, verdict) => ({
    command: 'bind_resp',
    sequence: pdu.command === 'bind' ? pdu.sequence : 0,
    status: verdict.status,
  }),
};
