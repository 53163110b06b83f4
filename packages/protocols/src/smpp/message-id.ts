/**
 * SMPP message ids are C-Octet strings of up to 64 characters whose form the SMSC chooses. Ours,
 * as a gateway, are 16 lowercase hex digits of one 64-bit value:
 *
 *   bits 63–32  seconds since 1970-01-01 UTC (uint32, good until 2106)
 *   bits 31–24  node: the gateway process that issued it (0–255)
 *   bits 23–0   counter, per node, starting at a random value and wrapping
 *
 * so ids are unique across processes and restarts as long as one node issues fewer than 2^24
 * ids per second.
 */
export interface MessageIdParts {
  readonly issuedAt: Date;
  readonly node: number;
  readonly counter: number;
}

const COUNTER_MASK = 0xffffff;

export class MessageIdGenerator {
  private counter: number;

  constructor(
    readonly node = 0,
    random: () => number = Math.random,
  ) {
    if (!Number.isInteger(node) || node < 0 || node > 0xff)
      throw new RangeError(`message id node must be 0–255, got ${node}`);
    this.counter = Math.floor(random() * (COUNTER_MASK + 1)) & COUNTER_MASK;
  }

  next(now: Date): string {
    const seconds = Math.floor(now.getTime() / 1000) >>> 0;
    const low = ((this.node << 24) | this.counter) >>> 0;
    this.counter = (this.counter + 1) & COUNTER_MASK;
    return hex8(seconds) + hex8(low);
  }
}

/** The parts of an id this generator made; null for any other form. */
export function parseMessageId(id: string): MessageIdParts | null {
  if (id.length !== 16 || !isHex(id)) return null;
  const seconds = Number.parseInt(id.slice(0, 8), 16);
  const low = Number.parseInt(id.slice(8), 16);
  return { issuedAt: new Date(seconds * 1000), node: low >>> 24, counter: low & COUNTER_MASK };
}

/**
 * Whether a receipt's id names the message a submit_sm_resp id named. Beyond plain (case-blind)
 * equality, some SMSCs answer the submit with a hex id and write the receipt's id in decimal
 * (3.4 Appendix B leaves the form open), and some pad decimal ids with zeros.
 */
export function sameMessageId(submitId: string, receiptId: string): boolean {
  if (submitId === receiptId) return true;
  if (submitId.length === 0 || receiptId.length === 0) return false;
  if (submitId.toLowerCase() === receiptId.toLowerCase()) return true;
  if (!isDecimal(receiptId)) return false;
  if (isDecimal(submitId) && BigInt(submitId) === BigInt(receiptId)) return true;
  return isHex(submitId) && submitId.length <= 16 && BigInt(`0x${submitId}`) === BigInt(receiptId);
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

function isHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return text.length > 0;
}

function isDecimal(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return text.length > 0 && text.length <= 20;
}
