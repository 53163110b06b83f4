import { modemMessageId, sameNumber } from './message-id.js';

/**
 * Finds the submit a status report belongs to: same TP-MR and the same recipient (TS 23.040
 * §9.2.3.6: TP-MR identifies the SMS-SUBMIT). Kept per modem; a reference seen again after the
 * counter wrapped replaces the older entry for the same recipient.
 */
interface Sent {
  readonly recipient: string;
  readonly carrierMessageId: string;
  readonly at: number;
}

/** Entries kept per TP-MR: different recipients may share one between wraps. */
const PER_REFERENCE = 8;

export class ReportMatcher {
  private readonly byReference = new Map<number, Sent[]>();

  constructor(
    private readonly modemId: string,
    private readonly maxAgeMs = 3 * 24 * 3_600_000,
  ) {}

  get size(): number {
    let count = 0;
    for (const sent of this.byReference.values()) count += sent.length;
    return count;
  }

  /** Records an accepted submit; returns its carrier message id. */
  remember(messageReference: number, recipient: string, now = Date.now()): string {
    const carrierMessageId = modemMessageId(this.modemId, messageReference, recipient);
    const kept = (this.byReference.get(messageReference) ?? []).filter(
      (sent) => now - sent.at < this.maxAgeMs && !sameNumber(sent.recipient, recipient),
    );
    kept.push({ recipient, carrierMessageId, at: now });
    this.byReference.set(messageReference, kept.slice(-PER_REFERENCE));
    return carrierMessageId;
  }

  /**
   * The carrier message id for a report on (TP-MR, TP-RA): the remembered submit's, or else the
   * one `modemMessageId` builds from the report. A final report forgets the submit.
   */
  match(messageReference: number, recipient: string, final: boolean): string {
    const sent = this.byReference.get(messageReference) ?? [];
    const at = sent.findIndex((entry) => sameNumber(entry.recipient, recipient));
    if (at < 0) return modemMessageId(this.modemId, messageReference, recipient);
    const found = sent[at];
    if (final) sent.splice(at, 1);
    if (sent.length === 0) this.byReference.delete(messageReference);
    return found?.carrierMessageId ?? modemMessageId(this.modemId, messageReference, recipient);
  }
}
