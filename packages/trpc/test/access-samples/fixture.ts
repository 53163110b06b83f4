/**
 * What the access test builds before it walks the router, and hands to each sample. Every name of
 * a victim object contains VICTIM_MARKER, so a read that leaks one is found in its answer.
 *
 *   platform ─ province X ─ city V (the victim) ─ county K (its child, an attacker)
 *            │            │                    └ department V2 (the victim's other child)
 *            │            └ city S (the victim's sibling, an attacker)
 *            ├ province Y ─ city U (unrelated, an attacker)
 *            └ enterprise P (pending sign-up, with its identity)
 *
 * Ids are strings, as tRPC carries them.
 */
export const VICTIM_MARKER = 'victim-7f3a';

export interface AccessFixture {
  readonly victim: {
    /** City V itself. */
    readonly orgId: string;
    /** Department V2 below V: the target of "change an org below mine". */
    readonly childOrgId: string;
    /** An owner and an operator of V. */
    readonly userId: string;
    readonly operatorUserId: string;
    /** An API key of V. */
    readonly apiKeyId: string;
    /** A session of V's owner. */
    readonly sessionId: string;
    /** An audit row about V. */
    readonly auditId: string;
    /** A message and its campaign, sent by V. */
    readonly messageId: string;
    readonly campaignId: string;
    /** A business type V may use. */
    readonly businessTypeId: string;
    /** An invoice request of V, still requested. */
    readonly invoiceId: string;
    /** An online recharge order of V, pending. */
    readonly rechargeOrderId: string;
  };
  /** The platform's own objects (reachable by platform operators only). */
  readonly platform: {
    /** A pending sign-up (enterprise P) with its identity row. */
    readonly pendingOrgId: string;
    /** A barred-list entry. */
    readonly barredPartyId: string;
  };
}

/**
 * A procedure's input aimed at the victim's objects (undefined: the procedure takes none, and
 * its answer must then hold nothing of the victim's).
 */
export type Sample = (fixture: AccessFixture) => unknown;
export type Samples = Readonly<Record<string, Sample>>;
