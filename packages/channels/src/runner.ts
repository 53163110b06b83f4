import {
  type AcknowledgedSegment,
  acknowledgedSegments,
  type CatalogCache,
  type ChannelRow,
  claimForChannel,
  claimInHand,
  type ClaimedMessage,
  type MessageFailure,
  messagesInChannel,
  requeueFromChannel,
} from '@smshub/db';
import type { StatusReport } from '@smshub/protocols';
import {
  addQueued,
  channelQueueName,
  type ChannelJob,
  type DispatchJob,
  markChannelDown,
  openQueue,
  openWorker,
  publishChannelState,
  readChannelStates,
  type Queue,
  type QueueContext,
  type RedisKeys,
  setQueued,
  type Worker,
} from '@smshub/queue';

import type pg from 'pg';
import type { Logger } from 'pino';
import { AckJournal, type JournaledAcks } from './ack-journal.js';
import { ChannelAlarms } from './channel-alarms.js';
import { ChannelHealth, type HealthOptions } from './health.js';
import { LiveRateMeter } from './live-rates.js';
import { dispatchBatches, overflowAlternatives, reachableElsewhere, type Released } from './overflow.js';
import { MoAssembly } from './mo-assembly.js';
import type { MessageOutcome, OutcomeWriter } from './outcome-writer.js';
import { decideRetry, type RetryCause } from './retry.js';
import { buildSegments } from './segments.js';
import type { ChannelTransport, TransportOutcome } from './transport.js';

export interface RunnerContext {
  readonly pool: pg.Pool;
  readonly queue: QueueContext;
  readonly dispatch: Queue<DispatchJob>;
  readonly keys: RedisKeys;
  readonly writer: OutcomeWriter;
  readonly catalog: CatalogCache;
  readonly log: Logger;
  /** Channel jobs worked on at once (each a batch of up to 500 messages). */
  readonly concurrency?: number;
  readonly health?: HealthOptions;
  /** Told when the channel goes down or comes back (operators' alarms). */
  readonly alarms?: (alarm: ChannelAlarm) => Promise<void>;
}

export interface ChannelAlarm {
  readonly kind: 'channel_down' | 'channel_up';
  readonly channelId: bigint;
  readonly channelName: string;
  readonly reason: string;
}

export interface RunnerCounters {
  segmentsAcknowledged: number;
  messagesSubmitted: number;
  messagesFailed: number;
  messagesRetried: number;
  /** Submits with no answer (outcome unknown); their resend is the one allowed duplicate. */
  inDoubt: number;
  /** Messages that waited here longer than their type allows and went to another channel. */
  overflowed: number;
  /** Messages taken over from a previous owner that had them in hand. */
  resumed: number;
  /** Segments that previous owner had acknowledged but not committed, taken from the journal instead of resent. */
  recovered: number;
  /** Messages not yet sent when the channel stopped, given back to the dispatcher instead. */
  handedBack: number;
  /** Messages left 'submitting' for the next owner because the lease was lost (ChannelRunner.leaseLost). */
  leftInHand: number;
  throttled: number;
  reports: number;
  reportsDelivered: number;
}

/** What went over the wire for a message (whatever the verdict), and the verdict. */
type MessageResult = {
  readonly acknowledged: AcknowledgedSegment[];
  /** The segment sent without an answer, if the round ended on one. */
  readonly inDoubt?: { readonly seq: number; readonly total: number };
} & (
  | { readonly kind: 'submitted' }
  | {
      readonly kind: 'retry';
      readonly detail: string;
      readonly uncount: boolean;
      readonly delayMs: number;
      /** It waited too long here: route it elsewhere first. */
      readonly overflow?: boolean;
    }
  | { readonly kind: 'failed'; readonly failure: MessageFailure }
  /** The lease was lost: the message stays 'submitting' for the next owner to resume. */
  | { readonly kind: 'in-hand' }
);

/**
 * Runs one channel in a sending worker: takes the channel's queued messages (BullMQ queue
 * `channel-<id>`), splits them into segments and submits them through the transport, records
 * what became of them through the process's OutcomeWriter, feeds reports and MO to it, and
 * publishes the channel's live state to Redis for the dispatcher. Only the holder of the
 * channel's lease runs it.
 */
export class ChannelRunner {
  readonly counters: RunnerCounters = {
    segmentsAcknowledged: 0,
    messagesSubmitted: 0,
    messagesFailed: 0,
    messagesRetried: 0,
    inDoubt: 0,
    overflowed: 0,
    resumed: 0,
    recovered: 0,
    handedBack: 0,
    leftInHand: 0,
    throttled: 0,
    reports: 0,
    reportsDelivered: 0,
  };
  private worker: Worker<ChannelJob> | null = null;
  private channelQueue: Queue<ChannelJob> | null = null;
  private publisher: NodeJS.Timeout | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private readonly mo: MoAssembly;
  private readonly log: Logger;
  private readonly rates = new LiveRateMeter(Date.now());
  private stopping = false;
  /**
   * Set when the lease was lost while this runner still ran (a stalled process, Redis
   * unreachable): until when it was surely held. See `leaseLost`.
   */
  private heldUntil: number | null = null;
  private resuming: Promise<void> = Promise.resolve();
  private readonly health: ChannelHealth;
  private readonly journal: AckJournal;
  private readonly alarms = new ChannelAlarms();

  constructor(
    readonly channel: ChannelRow,
    readonly transport: ChannelTransport,
    private readonly context: RunnerContext,
  ) {
    this.log = context.log.child({ channel: channel.name, channelId: String(channel.id) });
    this.mo = new MoAssembly((mo, settle) => context.writer.mo(mo, settle));
    this.health = new ChannelHealth(context.health);
    this.journal = new AckJournal(context.queue.connection, context.keys, channel.id, this.log);
  }

  get id(): bigint {
    return this.channel.id;
  }

  async start(): Promise<void> {
    const { transport, context, channel } = this;
    transport.onReport((report, settle) => this.onReport(report, settle));
    transport.onMo((sms, settle) => this.mo.add(channel.id, sms, settle));
    transport.onEvent((event) => this.log[event.level]({ kind: event.kind }, event.message));
    await transport.start();
    this.publisher = setInterval(
      () => void this.publish().catch((error: unknown) => this.log.warn({ err: error }, 'state publish failed')),
      500,
    );
    this.publisher.unref();
    // What the previous owner had in hand is listed before this owner claims anything, so the
    // two never mix. Resuming may take a while (it submits); the caller (the ownership loop) must
    // not wait for it.
    const inHand = await messagesInChannel(context.pool, channel.id, 'submitting', 100_000);
    const listedAt = Date.now();
    const journal = await this.journal.read(channel.id);
    this.resuming = this.resumeInHand(inHand, journal, listedAt).catch((error: unknown) =>
      this.log.error({ err: error }, 'resuming messages in hand failed'),
    );
    this.channelQueue = openQueue<ChannelJob>(context.queue, channelQueueName(String(channel.id)));
    this.worker = openWorker<ChannelJob>(
      context.queue,
      channelQueueName(String(channel.id)),
      async (job) => this.process(job.data.ids.map(BigInt), job.timestamp),
      {
        concurrency: context.concurrency ?? 8,
      },
    );
    this.worker.on('failed', (job, error) => this.log.error({ err: error, job: job?.id }, 'channel job failed'));
    this.worker.on('error', (error) => this.log.error({ err: error }, 'channel worker error'));
    await this.rebuildLostQueue();
    this.sweeper = setInterval(
      () => void this.rebuildLostQueue().catch((error: unknown) => this.log.warn({ err: error }, 'queue check failed')),
      10_000,
    );
    this.sweeper.unref();
    this.log.info('channel started');
  }

  /**
   * The channel's lease ran out while this runner still ran (it could not renew in time); call
   * `stop` next, or now that the stop under way is no longer a handover. Another worker may have
   * taken the channel already and be resuming the messages it found 'submitting' — every message
   * this runner claimed before `heldUntil` (until when the lease was surely its own), so those are
   * the new owner's now: from here this runner sends none of them any further and gives none back
   * to the dispatcher (the new owner would send it as well); what it learns of them still goes on
   * record (answers from the wire). Messages it claimed later may be unknown to the new owner and
   * go back to the dispatcher as in any stop. (Given back, they were sent twice: once resumed by
   * the new owner, once more routed again — 166 of 205 duplicates in one busy scale-out run.)
   */
  leaseLost(heldUntil: number): void {
    this.heldUntil ??= heldUntil;
  }

  /**
   * Hands the channel over by draining its window: takes no more jobs, gives the messages in hand
   * that have not started back to the dispatcher (unsent, so safe anywhere), lets the submits on
   * the wire get their answers and their outcomes be committed, then closes the transport. What
   * this owner leaves 'submitting' is then only what it could not finish, for the next owner to
   * resume; after a clean stop that is nothing.
   */
  async stop(): Promise<void> {
    // One synchronous step: from here no message starts (send checks `stopping` right before it
    // submits), and those already waiting for a slot are refused, so none of them goes out.
    this.stopping = true;
    const closing = this.worker?.close();
    this.transport.refuseWaiting?.('channel handed over');
    if (this.sweeper !== null) clearInterval(this.sweeper);
    await this.resuming;
    await closing;
    await this.channelQueue?.close();
    if (this.publisher !== null) clearInterval(this.publisher);
    this.mo.stop();
    await this.transport.stop();
    await markChannelDown(this.context.queue.connection, this.context.keys, String(this.channel.id));
    this.log.info({ counters: this.counters }, 'channel stopped');
  }

  /**
   * One channel job: claim the messages and submit them. `queuedAt` is when the job was queued:
   * messages that waited longer than their type allows go back to the dispatcher for another
   * channel, when one is usable.
   */
  async process(ids: readonly bigint[], queuedAt = Date.now()): Promise<void> {
    const { pool, queue, keys } = this.context;
    const claimed = await claimForChannel(pool, this.channel.id, ids);
    const claimedAt = Date.now();
    await addQueued(queue.connection, keys, String(this.channel.id), -ids.length);
    const movable = await this.movable(claimed);
    const deadlines = new Map<bigint, number>();
    const overdue: ClaimedMessage[] = [];
    for (const message of claimed) {
      if (!movable.has(message.id)) continue;
      const maxWait = this.context.catalog.catalog.businessTypes.get(message.businessTypeId)?.maxQueueWaitSeconds;
      if (maxWait === undefined) continue;
      const deadline = queuedAt + maxWait * 1000;
      if (deadline <= Date.now()) overdue.push(message);
      else deadlines.set(message.id, deadline);
    }
    if (overdue.length > 0)
      await this.overflow(
        overdue,
        `waited ${Math.round((Date.now() - queuedAt) / 1000)} s in ${this.channel.name}'s queue`,
      );
    const late = new Set(overdue.map((m) => m.id));
    await this.sendClaimed(
      claimed.filter((m) => !late.has(m.id)),
      false,
      deadlines,
      undefined,
      claimedAt,
    );
  }

  /** Gives messages back to the dispatcher to route elsewhere (they waited too long here). */
  private async overflow(messages: readonly ClaimedMessage[], detail: string): Promise<void> {
    const results = await Promise.all(
      messages.map((m) =>
        this.context.writer.outcome({
          channelId: this.channel.id,
          kind: 'retry',
          messageId: m.id,
          acknowledged: [],
          detail: `${detail}, longer than its type allows`,
          uncount: true,
        }),
      ),
    );
    const ids = messages.filter((_, i) => results[i]!.released).map((m) => String(m.id));
    for (let i = 0; i < ids.length; i += 500)
      await this.context.dispatch.add('route', { ids: ids.slice(i, i + 500), reason: 'overflow' });
    this.counters.messagesRetried += ids.length;
    this.counters.overflowed += ids.length;
  }

  /**
   * The messages another channel could take now if they waited too long here: a usable
   * cross-carrier channel for their carrier, or the modem pool.
   */
  private async movable(claimed: readonly ClaimedMessage[]): Promise<Set<bigint>> {
    if (claimed.length === 0) return new Set();
    const alternatives = overflowAlternatives(this.context.catalog.catalog.channels, this.channel.id);
    if (alternatives.length === 0) return new Set();
    const states = await readChannelStates(
      this.context.queue.connection,
      this.context.keys,
      alternatives.map((c) => String(c.id)),
    );
    return reachableElsewhere(claimed, alternatives, states, Date.now());
  }

  /**
   * `journal`: acknowledgements a previous owner had from the gateway but had not committed
   * (resumed messages only). `claimedAt`: when they were known to be in this owner's hands.
   */
  private async sendClaimed(
    claimed: readonly ClaimedMessage[],
    resumed = false,
    deadlines: ReadonlyMap<bigint, number> = new Map(),
    journal?: JournaledAcks['acks'],
    claimedAt = Date.now(),
  ): Promise<void> {
    if (claimed.length === 0) return;
    // Only a message tried before can have segments a gateway already acknowledged.
    const resent = claimed.filter((m) => resumed || m.attempts > 1).map((m) => m.id);
    const acknowledged = await acknowledgedSegments(this.context.pool, resent);
    const released = await Promise.all(
      claimed.map(async (message) => {
        const result = await this.send(
          message,
          acknowledged.get(message.id),
          resumed,
          deadlines.get(message.id),
          journal?.get(message.id),
          claimedAt,
        );
        // Each message's outcome goes to the writer as soon as it is known, not with its batch.
        const { released } = await this.context.writer.outcome(toOutcome(this.channel.id, message.id, result));
        this.journal.forget(result.acknowledged);
        this.count(result, released);
        return released && result.kind === 'retry'
          ? { id: message.id, delayMs: result.delayMs, overflow: result.overflow === true }
          : null;
      }),
    );
    await this.redispatch(released.flatMap((r) => (r === null ? [] : [r])));
  }

  private count(result: MessageResult, released: boolean): void {
    this.counters.segmentsAcknowledged += result.acknowledged.length;
    if (result.kind === 'submitted') this.counters.messagesSubmitted++;
    else if (result.kind === 'failed') this.counters.messagesFailed++;
    else if (released) this.counters.messagesRetried++;
  }

  /** Submits a message's segments in order; the first one that fails decides for the rest. */
  /**
   * `resumed`: the message was in a previous owner's hands, so any segment not acknowledged may
   * have reached the gateway already; its send now is counted as a possible resend.
   */
  private async send(
    message: ClaimedMessage,
    alreadyAcknowledged: ReadonlySet<number> | undefined,
    resumed = false,
    notAfter?: number,
    journaled?: ReadonlyMap<number, AcknowledgedSegment>,
    claimedAt = Date.now(),
  ): Promise<MessageResult> {
    const businessType = this.context.catalog.catalog.businessTypes.get(message.businessTypeId);
    const acknowledged: AcknowledgedSegment[] = [];
    let segments: ReturnType<typeof buildSegments>;
    try {
      segments = buildSegments(message, this.channel, this.transport.capabilities, businessType);
    } catch (error) {
      return {
        kind: 'failed',
        acknowledged,
        failure: { id: message.id, status: 'failed', errorCode: 'ENCODING', detail: (error as Error).message },
      };
    }
    for (const segment of segments) {
      const seq = segment.part?.seq ?? 1;
      if (alreadyAcknowledged?.has(seq)) continue;
      const earlier = journaled?.get(seq);
      if (earlier !== undefined) {
        acknowledged.push({ ...earlier, total: segments.length, channelId: this.channel.id });
        this.counters.recovered++;
        continue;
      }
      if (!this.health.allowing) {
        return this.retry(
          message,
          acknowledged,
          `${this.channel.name} is down: ${this.health.reason ?? ''}`,
          'unavailable',
        );
      }
      let outcome: TransportOutcome;
      let tries = 0;
      /** The acknowledgement as the transport reported it, journaled already. */
      const recorded: { ack?: AcknowledgedSegment } = {};
      const acknowledgement = (carrierMessageId: string): AcknowledgedSegment => ({
        messageId: message.id,
        seq,
        total: segments.length,
        channelId: this.channel.id,
        carrierMessageId,
        attempts: tries + (resumed ? 1 : 0),
        submittedAt: new Date(),
      });
      // Only a message none of whose segments left may still move to another channel.
      const deadline =
        acknowledged.length === 0 && !(alreadyAcknowledged !== undefined && alreadyAcknowledged.size > 0)
          ? notAfter
          : undefined;
      for (;;) {
        // The lease was lost: the next owner may be resuming this message already.
        if (this.stopping && this.newOwnersOwn(claimedAt)) return this.leaveInHand(acknowledged);
        // A message not started yet when the channel stops goes back unsent. A resumed one stays:
        // it may be on the gateway already, and the next owner resumes it as it is.
        if (this.stopping && acknowledged.length === 0 && !resumed) {
          this.counters.handedBack++;
          return this.retry(message, acknowledged, `${this.channel.name} handed over`, 'unavailable');
        }
        tries++;
        outcome = await this.transport.submit(segment, {
          priority: segment.priority,
          ...(deadline === undefined ? {} : { notAfter: deadline }),
          // Journaled before the slot this submit used carries another one (decision 0007).
          onAcknowledged: (carrierMessageId) => {
            recorded.ack = acknowledgement(carrierMessageId);
            this.journal.record(recorded.ack);
          },
        });
        // Health judges the gateway's answers: a permanent error is about the message, and a
        // submit lost with its link is the link's business (reconnect, and the stall check).
        if (outcome.ok || outcome.kind === 'permanent') this.health.recordSubmit(true);
        else if (outcome.kind === 'transient') this.health.recordSubmit(false);
        if (outcome.ok || outcome.kind !== 'throttled' || tries >= 20) break;
        // The transport has slowed the channel down; wait a little and offer it again.
        this.counters.throttled++;
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 50 * tries)));
      }
      if (outcome.ok) {
        let ack = recorded.ack;
        if (ack === undefined) {
          // A transport that did not say so before resolving: journaled now.
          ack = acknowledgement(outcome.carrierMessageId);
          this.journal.record(ack);
        }
        acknowledged.push(ack);
        continue;
      }
      // Refused as the channel stopped, or any other verdict once the lease was lost: the new
      // owner's to decide (a submit without an answer stays on record).
      if (this.newOwnersOwn(claimedAt))
        return this.leaveInHand(
          acknowledged,
          outcome.kind === 'in-doubt' ? { seq, total: segments.length } : undefined,
        );
      const reason = `${this.channel.name}: ${outcome.reason}`;
      if (outcome.kind === 'permanent') {
        return {
          kind: 'failed',
          acknowledged,
          failure: {
            id: message.id,
            status: 'failed',
            // The gateway's own status is open-ended and per protocol: it goes into the detail.
            errorCode: 'SUBMIT_REJECTED',
            detail: `${reason} (${this.channel.protocol} status ${outcome.status})`,
          },
        };
      }
      if (outcome.kind === 'waited') {
        this.counters.overflowed++;
        return {
          kind: 'retry',
          acknowledged,
          detail: `${reason}: waited in ${this.channel.name} longer than its type allows`,
          uncount: true,
          delayMs: 0,
          overflow: true,
        };
      }
      if (outcome.kind === 'in-doubt') {
        this.counters.inDoubt++;
        // Retried or failed (attempts used up), the send is on record: the gateway may have it.
        return { ...this.retry(message, acknowledged, reason, outcome.kind), inDoubt: { seq, total: segments.length } };
      }
      return this.retry(message, acknowledged, reason, outcome.kind);
    }
    return { kind: 'submitted', acknowledged };
  }

  /** The lease was lost, and the message was this owner's while it surely held it. */
  private newOwnersOwn(claimedAt: number): boolean {
    return this.heldUntil !== null && claimedAt < this.heldUntil;
  }

  private leaveInHand(
    acknowledged: AcknowledgedSegment[],
    inDoubt?: { readonly seq: number; readonly total: number },
  ): MessageResult {
    this.counters.leftInHand++;
    return { kind: 'in-hand', acknowledged, ...(inDoubt === undefined ? {} : { inDoubt }) };
  }

  private retry(
    message: ClaimedMessage,
    acknowledged: AcknowledgedSegment[],
    detail: string,
    cause: RetryCause,
  ): MessageResult {
    const decision = decideRetry({
      cause,
      attempts: message.attempts,
      expiresInMs: message.expiresAt.getTime() - Date.now(),
      policy: this.context.catalog.catalog.businessTypes.get(message.businessTypeId),
    });
    if (decision.kind === 'exhausted') {
      return {
        kind: 'failed',
        acknowledged,
        failure: {
          id: message.id,
          status: 'failed',
          errorCode: 'RETRIES_EXHAUSTED',
          detail: `${message.attempts} attempts; last: ${detail}`,
        },
      };
    }
    return { kind: 'retry', acknowledged, detail, uncount: decision.uncount, delayMs: decision.delayMs };
  }

  private async redispatch(released: readonly Released[]): Promise<void> {
    for (const { delay, reason, ids } of dispatchBatches(released))
      await this.context.dispatch.add('route', { ids: [...ids], reason }, { delay });
  }

  private onReport(report: StatusReport, settle: (stored: boolean) => void): void {
    this.counters.reports++;
    if (report.state === 'DELIVRD') this.counters.reportsDelivered++;
    if (report.state !== 'ACCEPTD' && report.state !== 'ENROUTE') this.health.recordReport(report.state === 'DELIVRD');
    this.context.writer.report(
      {
        channelId: this.channel.id,
        carrierMessageId: report.carrierMessageId,
        recipient: report.recipient,
        state: report.state,
        code: report.code,
        error: report.error ?? null,
        doneAt: report.doneAt ?? null,
      },
      settle,
    );
  }

  /**
   * Messages in hand ('submitting') when the previous owner stopped: submit what was not
   * acknowledged, in PostgreSQL or in the acknowledgement journal. A segment whose submit was on
   * the wire when that owner died may go out twice; that is the one duplicate the design
   * allows, and it is counted.
   */
  private async resumeInHand(inHand: readonly bigint[], journal: JournaledAcks, listedAt: number): Promise<void> {
    for (let i = 0; i < inHand.length && !this.stopping; i += 500) {
      const claimed = await claimInHand(this.context.pool, this.channel.id, inHand.slice(i, i + 500));
      if (claimed.length === 0) continue;
      this.counters.resumed += claimed.length;
      this.log.warn(
        { messages: claimed.length, journaled: journal.fields.length },
        'resuming messages the previous owner had in hand',
      );
      await this.sendClaimed(claimed, true, new Map(), journal.acks, listedAt);
    }
    // Entries of messages that were not in hand any more had been committed already.
    if (!this.stopping && journal.fields.length > 0) await this.journal.drop(journal.fields);
  }

  /**
   * When the channel's queue is empty but messages are queued for the channel in PostgreSQL
   * (Redis lost its data, or the dispatcher died between its update and its enqueue), give them
   * back to the dispatcher.
   */
  private async rebuildLostQueue(): Promise<void> {
    if (this.stopping || this.channelQueue === null) return;
    const counts = await this.channelQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused');
    const jobs = Object.values(counts).reduce((a, b) => a + b, 0);
    if (jobs > 0) return;
    const stranded = await messagesInChannel(this.context.pool, this.channel.id, 'queued', 5_000);
    if (stranded.length === 0) return;
    const released = await requeueFromChannel(
      this.context.pool,
      stranded,
      `${this.channel.name}: queue lost, routing again`,
    );
    for (let i = 0; i < released.length; i += 500) {
      await this.context.dispatch.add('route', { ids: released.slice(i, i + 500).map(String), reason: 'resume' });
    }
    await setQueued(this.context.queue.connection, this.context.keys, String(this.channel.id), 0);
    this.log.warn(
      { messages: released.length },
      'channel queue was empty while messages waited for it; routed them again',
    );
  }

  /**
   * Takes the channel out of traffic when the gateway stops answering (its stuck binds are
   * dropped so their submits go elsewhere now), fails most submits or reports, or has had no bind
   * for 10 s; tells the operators once per outage, and again when it is back.
   */
  private watchHealth(state: ReturnType<ChannelTransport['state']>, now: number): void {
    if (this.stopping) return;
    const change = this.health.check(state, now);
    if (change?.to === 'down') {
      this.log.error({ reason: change.reason }, 'channel down');
      if (change.stalled) this.transport.resetLinks?.(change.reason);
    } else if (change?.to === 'up') {
      this.log.warn({ reason: change.reason }, 'channel back on probation');
    }
    const raised = this.alarms.check(
      { up: state.up, allowing: this.health.allowing, acknowledged: this.counters.segmentsAcknowledged },
      now,
      change?.to === 'down' ? change.reason : null,
    );
    const { alarms } = this.context;
    if (alarms === undefined) return;
    for (const { kind, reason } of raised) {
      alarms({ kind, channelId: this.channel.id, channelName: this.channel.name, reason }).catch((error: unknown) =>
        this.log.error({ err: error, kind }, 'could not raise the channel alarm'),
      );
    }
  }

  private async publish(): Promise<void> {
    const now = Date.now();
    const { counters } = this;
    const rates = this.rates.update(
      {
        acknowledged: counters.segmentsAcknowledged,
        failed: counters.messagesFailed + counters.messagesRetried,
        reports: counters.reports,
        delivered: counters.reportsDelivered,
      },
      now,
    );
    const state = this.transport.state();
    this.watchHealth(state, now);
    await publishChannelState(this.context.queue.connection, this.context.keys, String(this.channel.id), {
      ...state,
      waiting: state.waiting ?? 0,
      up: state.up && this.health.allowing && !this.stopping,
      rate: rates.submit,
      errorRate: rates.error,
      deliveredRate: rates.delivered,
    });
  }
}

function toOutcome(channelId: bigint, messageId: bigint, result: MessageResult): MessageOutcome {
  const wire = {
    channelId,
    messageId,
    acknowledged: result.acknowledged,
    ...(result.inDoubt === undefined ? {} : { inDoubt: result.inDoubt }),
  };
  switch (result.kind) {
    case 'submitted':
      return { ...wire, kind: 'submitted' };
    case 'retry':
      return { ...wire, kind: 'retry', detail: result.detail, uncount: result.uncount };
    case 'failed':
      return { ...wire, kind: 'failed', failure: result.failure };
    case 'in-hand':
      return { ...wire, kind: 'in-hand' };
  }
}
