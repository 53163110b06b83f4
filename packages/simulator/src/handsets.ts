import type { ReceivedSubmit } from '@smshub/protocols';
import { decodeText } from '@smshub/sms';

/** A text as the recipient's phone would show it: the parts of a long message joined. */
export interface HandsetMessage {
  readonly to: string;
  readonly from: string;
  readonly text: string;
  readonly receivedAt: string;
}

interface Pending {
  readonly parts: (string | undefined)[];
  readonly from: string;
  readonly receivedAt: Date;
}

/**
 * What each simulated phone received, newest last, so a person or a test can read a sign-in code
 * "from the phone" (GET /handsets/:number on the control API). Bounded: the oldest messages go
 * first past `capacity`, and parts of a long message whose other parts never came are dropped
 * with them. Binary content is shown as hex, text that does not decode as a replacement mark.
 */
export class HandsetInbox {
  private readonly messages: HandsetMessage[] = [];
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly capacity = 2_000) {}

  record(submit: ReceivedSubmit, receivedAt: Date): void {
    const text = decodeContent(submit);
    for (const to of submit.to) {
      if (submit.part === null || submit.part.total <= 1) {
        this.push({ to, from: submit.from, text, receivedAt: receivedAt.toISOString() });
        continue;
      }
      const key = `${to}\0${submit.from}\0${submit.part.ref}\0${submit.part.total}`;
      const pending = this.pending.get(key) ?? {
        parts: Array.from({ length: submit.part.total }, (): string | undefined => undefined),
        from: submit.from,
        receivedAt,
      };
      pending.parts[submit.part.seq - 1] = text;
      if (pending.parts.every((part) => part !== undefined)) {
        this.pending.delete(key);
        this.push({
          to,
          from: pending.from,
          text: pending.parts.join(''),
          receivedAt: pending.receivedAt.toISOString(),
        });
      } else {
        this.pending.set(key, pending);
        if (this.pending.size > this.capacity) this.pending.delete(this.pending.keys().next().value!);
      }
    }
  }

  /** Messages to `number` (as the gateway saw it, or with a leading 86 / +86 either way), oldest first. */
  to(number: string): HandsetMessage[] {
    const wanted = national(number);
    return this.messages.filter((message) => national(message.to) === wanted);
  }

  clear(): void {
    this.messages.length = 0;
    this.pending.clear();
  }

  private push(message: HandsetMessage): void {
    this.messages.push(message);
    if (this.messages.length > this.capacity) this.messages.splice(0, this.messages.length - this.capacity);
  }
}

function national(number: string): string {
  const digits = number.replace(/^\+/, '');
  return digits.startsWith('86') && digits.length === 13 ? digits.slice(2) : digits;
}

function decodeContent(submit: ReceivedSubmit): string {
  if (submit.encoding === 'binary') return submit.content.toString('hex');
  try {
    return decodeText(submit.content, submit.encoding);
  } catch {
    return '\ufffd';
  }
}
