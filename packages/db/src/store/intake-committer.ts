import type pg from 'pg';
import { Coalescer, Failed } from '../coalescer.js';
import {
  loadIntakeReferenceData,
  loadIntakeReferenceDataForMany,
  storeIntake,
  type IntakeBatch,
  type IntakeOutcome,
  type IntakeReferenceData,
  type IntakeReferenceQuery,
} from './intake.js';
import { IntakeCommitUnknownError, storeIntakeGroup, type IntakeStoreOptions } from './intake-group.js';

/** Default most messages one group stores; a call of this many or more is a group of its own size. */
export const DEFAULT_GROUP_MESSAGES = 1_000;
/** Default most numbers (portability + blacklist forms) one group of reference reads asks about. */
export const DEFAULT_GROUP_NUMBERS = 10_000;

export interface IntakeCommitterOptions {
  /** Most messages one group stores (default DEFAULT_GROUP_MESSAGES). */
  readonly maxGroupMessages?: number;
  /** Told when a group failed (and its calls were stored one by one, unless its COMMIT got no answer). */
  readonly onGroupFailure?: (error: unknown, calls: number) => void;
  /** The clock of the billing month and of packs' expiry (tests); default the system's. */
  readonly now?: () => Date;
}

/**
 * Group commit for intake, one per process: concurrent calls — of any orgs — are stored in one
 * transaction and each caller is answered after that COMMIT, with the outcome `storeIntake` would
 * have given it alone. A lone call is stored by `storeIntake` itself at once; calls that arrive
 * while a group is being stored form the next group (up to `maxGroupMessages` messages). A call
 * that big alone gains nothing from company and is stored on its own, beside the groups, so it
 * neither waits for them nor holds them up.
 *
 * A group that fails before COMMIT (a bad value in one call, a deadlock, a lost connection) is
 * stored again one call per transaction, so only the call at fault gets the error. A COMMIT that
 * got no answer fails every call of the group: storing them again might store them twice.
 */
export class IntakeCommitter {
  private readonly coalescer: Coalescer<IntakeBatch, IntakeOutcome>;
  private readonly maxGroupMessages: number;
  private readonly storeOptions: IntakeStoreOptions;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: IntakeCommitterOptions = {},
  ) {
    this.maxGroupMessages = options.maxGroupMessages ?? DEFAULT_GROUP_MESSAGES;
    this.storeOptions = options.now === undefined ? {} : { now: options.now };
    this.coalescer = new Coalescer((batches) => this.storeGroup(batches), {
      maxWeight: this.maxGroupMessages,
      weight: (batch) => Math.max(1, batch.messages.length),
    });
  }

  /** Resolves once the call is committed (or refused, or a duplicate); rejects when it failed. */
  store(batch: IntakeBatch): Promise<IntakeOutcome> {
    if (batch.messages.length >= this.maxGroupMessages) return storeIntake(this.pool, batch, this.storeOptions);
    return this.coalescer.submit(batch);
  }

  /** Resolves when no call waits or is being stored (for shutdown, before the pool closes). */
  drained(): Promise<void> {
    return this.coalescer.drained();
  }

  private async storeGroup(
    batches: readonly IntakeBatch[],
  ): Promise<(IntakeOutcome | Promise<IntakeOutcome> | Failed)[]> {
    if (batches.length === 1)
      return [await settle(storeIntake(this.pool, batches[0] as IntakeBatch, this.storeOptions))];

    // Calls of one org with one client_ref in the same group: the first goes in, the others wait
    // for its outcome — a duplicate when it was stored (or lost to an earlier call), a call of
    // their own again when it was refused, which leaves the client_ref free.
    const firstWith = new Map<string, number>();
    const firstOf: (number | undefined)[] = [];
    const members: number[] = [];
    batches.forEach((batch, i) => {
      const key = batch.clientRef === null ? undefined : `${batch.orgId}\0${batch.clientRef}`;
      const first = key === undefined ? undefined : firstWith.get(key);
      if (first !== undefined) {
        firstOf[i] = first;
        return;
      }
      if (key !== undefined) firstWith.set(key, i);
      members.push(i);
    });

    let outcomes: IntakeOutcome[];
    try {
      outcomes = await storeIntakeGroup(
        this.pool,
        members.map((i) => batches[i] as IntakeBatch),
        this.storeOptions,
      );
    } catch (error) {
      this.options.onGroupFailure?.(error, batches.length);
      if (error instanceof IntakeCommitUnknownError) return batches.map(() => new Failed(error));
      return Promise.all(batches.map((batch) => settle(storeIntake(this.pool, batch, this.storeOptions))));
    }
    const outcomeOf = new Map(members.map((call, j) => [call, outcomes[j] as IntakeOutcome]));
    return batches.map((batch, i) => {
      const first = firstOf[i];
      if (first === undefined) return outcomeOf.get(i) as IntakeOutcome;
      if (outcomeOf.get(first)?.kind === 'refused') return this.store(batch);
      return { kind: 'duplicate' };
    });
  }
}

/**
 * Reference reads for intake, coalesced like the committer: concurrent calls' business type,
 * portability and blacklist lookups go out as the same three queries as one call's
 * (`loadIntakeReferenceDataForMany`), answered per call exactly. A call asking about
 * `maxGroupNumbers` numbers or more reads alone at once.
 */
export class IntakeReferenceLoader {
  private readonly coalescer: Coalescer<IntakeReferenceQuery, IntakeReferenceData>;
  private readonly maxGroupNumbers: number;

  constructor(
    private readonly pool: pg.Pool,
    options: { readonly maxGroupNumbers?: number } = {},
  ) {
    this.maxGroupNumbers = options.maxGroupNumbers ?? DEFAULT_GROUP_NUMBERS;
    this.coalescer = new Coalescer((queries) => this.loadGroup(queries), {
      maxWeight: this.maxGroupNumbers,
      weight: numbersOf,
    });
  }

  load(query: IntakeReferenceQuery): Promise<IntakeReferenceData> {
    if (numbersOf(query) >= this.maxGroupNumbers) return loadIntakeReferenceData(this.pool, query);
    return this.coalescer.submit(query);
  }

  drained(): Promise<void> {
    return this.coalescer.drained();
  }

  private async loadGroup(queries: readonly IntakeReferenceQuery[]): Promise<(IntakeReferenceData | Failed)[]> {
    try {
      return await loadIntakeReferenceDataForMany(this.pool, queries);
    } catch (error) {
      if (queries.length === 1) return [new Failed(error)];
      // Whatever failed the group, each call reads alone, so only the call at fault fails.
      return Promise.all(queries.map((query) => settle(loadIntakeReferenceData(this.pool, query))));
    }
  }
}

function numbersOf(query: IntakeReferenceQuery): number {
  return Math.max(1, query.nationalNumbers.length + query.blacklistCandidates.length);
}

function settle<T>(promise: Promise<T>): Promise<T | Failed> {
  return promise.catch((error: unknown) => new Failed(error));
}
