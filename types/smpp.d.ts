/**
 * The few parts of npm `smpp` 0.5.1 (farhadi/node-smpp, CommonJS, untyped) the interop tests use.
 * Read from node_modules/smpp/lib/{pdu,smpp}.js. Shared by the protocols interop tests and the simulator tests.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  export class PDU {
    constructor(command: string | Buffer, options?: Record<string, unknown>);
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): PDU;
    toBuffer(): Buffer;
  }

  export interface Session extends EventEmitter {
    readonly socket: Socket;
    send(pdu: PDU, responseCallback?: (pdu: PDU) => void, sendCallback?: (pdu: PDU) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    /** One shortcut per command, e.g. `session.submit_sm({...}, (resp) => …)`. */
    [command: string]: unknown;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  interface SmppModule {
    PDU: typeof PDU;
    createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
    connect(options: { host: string; port: number; auto_enquire_link_period?: number }, listener?: () => void): Session;
    errors: Record<string, number>;
    tlvs: Record<string, { id: number; multiple?: boolean }>;
    commands: Record<string, { id: number }>;
  }

  const smpp: SmppModule;
  export default smpp;
}
