/**
 * The SIM's message store as AT+CPMS / +CMGR / +CMGL / +CMGD see it: numbered slots from 1,
 * each holding a PDU and its <stat> (TS 27.005 §3.1: 0 received unread, 1 received read).
 */
export const MESSAGE_STAT = { receivedUnread: 0, receivedRead: 1, storedUnsent: 2, storedSent: 3 } as const;
export type MessageStat = (typeof MESSAGE_STAT)[keyof typeof MESSAGE_STAT];

export interface StoredMessage {
  readonly index: number;
  stat: MessageStat;
  /** Service centre address and TPDU. */
  readonly pdu: Buffer;
  /** <length> in +CMGR / +CMGL: the TPDU's octets. */
  readonly tpduLength: number;
}

export class SimStorage {
  private readonly slots = new Map<number, StoredMessage>();

  constructor(readonly size: number) {}

  get used(): number {
    return this.slots.size;
  }

  /** Stores in the lowest free slot; null when the SIM is full. */
  store(pdu: Buffer, tpduLength: number): StoredMessage | null {
    for (let index = 1; index <= this.size; index++) {
      if (this.slots.has(index)) continue;
      const message: StoredMessage = { index, stat: MESSAGE_STAT.receivedUnread, pdu, tpduLength };
      this.slots.set(index, message);
      return message;
    }
    return null;
  }

  read(index: number): StoredMessage | undefined {
    return this.slots.get(index);
  }

  delete(index: number): boolean {
    return this.slots.delete(index);
  }

  clear(): number {
    const count = this.slots.size;
    this.slots.clear();
    return count;
  }

  list(): StoredMessage[] {
    return [...this.slots.values()].sort((a, b) => a.index - b.index);
  }
}
