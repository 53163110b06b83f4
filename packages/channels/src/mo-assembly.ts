import type { IncomingMo } from '@smshub/db';
import type { InboundSms } from '@smshub/protocols';
import { ConcatAssembler, decodeText } from '@smshub/sms';

type Settle = (stored: boolean) => void;

interface HeldPart {
  readonly settle: Settle;
}

/**
 * Turns inbound SMS into whole MO messages. A part of a long MO is held unacknowledged until
 * all its parts are in and the whole message is stored; then every part is acknowledged at
 * once. If the process dies first, the gateway sends the parts again, so nothing is lost. Parts
 * whose siblings never come are stored as they are after `maxWaitMs`.
 */
export class MoAssembly {
  private readonly assembler = new ConcatAssembler();
  private readonly held = new Map<string, HeldPart[]>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly emit: (mo: IncomingMo, settle: Settle) => void,
    private readonly maxWaitMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.expire(), Math.min(5_000, maxWaitMs));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    // Unacknowledged parts are resent by the gateway to whoever holds the channel next.
    for (const parts of this.held.values()) for (const part of parts) part.settle(false);
    this.held.clear();
  }

  add(channelId: bigint, sms: InboundSms, settle: Settle): void {
    const receivedAt = new Date(this.now());
    if (sms.concat === undefined || sms.concat.total <= 1) {
      this.emit(
        {
          channelId,
          from: sms.from,
          to: sms.to,
          text: textOf(sms.content, sms.encoding),
          encoding: sms.encoding,
          receivedAt,
        },
        settle,
      );
      return;
    }
    const source = `${channelId}\u0000${sms.from}\u0000${sms.to}`;
    const key = `${source}\u0000${sms.concat.ref}\u0000${sms.concat.total}`;
    let result: ReturnType<ConcatAssembler['add']>;
    try {
      result = this.assembler.add({ source, ...sms.concat, encoding: sms.encoding, payload: sms.content }, this.now());
    } catch {
      // Parts that contradict each other: keep this one as it is rather than lose it.
      this.emit(
        {
          channelId,
          from: sms.from,
          to: sms.to,
          text: textOf(sms.content, sms.encoding),
          encoding: sms.encoding,
          receivedAt,
        },
        settle,
      );
      return;
    }
    const parts = this.held.get(key) ?? [];
    parts.push({ settle });
    this.held.set(key, parts);
    if (result.status !== 'complete') return;
    this.held.delete(key);
    const text = result.text ?? `[binary ${result.payload.toString('hex')}]`;
    this.emit({ channelId, from: sms.from, to: sms.to, text, encoding: sms.encoding, receivedAt }, (stored) => {
      for (const part of parts) part.settle(stored);
    });
  }

  private expire(): void {
    for (const group of this.assembler.expire(this.now(), this.maxWaitMs)) {
      const key = `${group.source}\u0000${group.ref}\u0000${group.total}`;
      const parts = this.held.get(key) ?? [];
      this.held.delete(key);
      const [channel, from, to] = group.source.split('\u0000');
      const ordered = [...group.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, payload]) => payload);
      const text = `${textOf(Buffer.concat(ordered), group.encoding)} [${group.parts.size}/${group.total} parts]`;
      this.emit(
        {
          channelId: BigInt(channel!),
          from: from!,
          to: to!,
          text,
          encoding: group.encoding,
          receivedAt: new Date(group.firstSeenAt),
        },
        (stored) => {
          for (const part of parts) part.settle(stored);
        },
      );
    }
  }
}

function textOf(content: Buffer, encoding: InboundSms['encoding']): string {
  if (encoding === 'binary') return `[binary ${content.toString('hex')}]`;
  try {
    return decodeText(content, encoding);
  } catch {
    return `[undecodable ${encoding} ${content.toString('hex')}]`;
  }
}
