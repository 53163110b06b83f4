import { BEIJING_OFFSET_MINUTES } from './cmpp-time.js';
import { MAX_GATEWAY_CODE, packMsgId } from './msg-id.js';

const SEQUENCES_PER_SECOND = 0x10000;

export interface MsgIdGeneratorOptions {
  /** This gateway's 22-bit ISMG code. Each process that hands out ids needs its own code. */
  readonly gatewayCode: number;
  /** Offset of the time fields from UTC, in minutes (Beijing time by default). */
  readonly utcOffsetMinutes?: number;
  /** First sequence number (tests; a restarted process may start elsewhere to stay clear of its old ids). */
  readonly startSequence?: number;
}

/**
 * Hands out gateway-side Msg_Ids (server role). The 16-bit sequence runs freely and wraps; the
 * time fields come from the clock the caller passes.
 *
 * What happens when the sequence would wrap within one second: the id would repeat one already
 * given out in that second. The generator counts how many sequence values each second has used
 * and, when a block would exceed 65,536, moves on to the next second ("borrows" it) instead of
 * reusing a value. Ids therefore stay unique even beyond 65,536 ids a second; under
 * such a burst their time fields run ahead of the wall clock until the load drops and the clock
 * catches up. 10,000 submits a second use a sixth of a second's space, so normal load never
 * borrows. The same rule keeps ids unique if the clock steps backwards: the generator never goes
 * back to an earlier second. A block for a submit to N numbers (ids id … id+N−1, reference §1.5)
 * never straddles the sequence wrap, so the block is consecutive as a uint64 and never carries
 * into the gateway bits.
 *
 * Not covered (inherent to the format): the id has no year, so ids repeat after a year; and a
 * restarted process does not know which sequences it used in its last second.
 */
export class MsgIdGenerator {
  private readonly gatewayCode: number;
  private readonly offsetMs: number;
  /** The logical second ids are being issued in (epoch seconds, local time at the offset). */
  private second = -Infinity;
  private usedInSecond = 0;
  private sequence: number;

  constructor(options: MsgIdGeneratorOptions) {
    if (!Number.isInteger(options.gatewayCode) || options.gatewayCode < 0 || options.gatewayCode > MAX_GATEWAY_CODE) {
      throw new RangeError(`cmpp gateway code ${options.gatewayCode} does not fit 22 bits`);
    }
    this.gatewayCode = options.gatewayCode;
    this.offsetMs = (options.utcOffsetMinutes ?? BEIJING_OFFSET_MINUTES) * 60_000;
    this.sequence = (options.startSequence ?? 0) & 0xffff;
  }

  /** The first of `count` consecutive ids (1 ≤ count ≤ 65,536) for a submit at `now`. */
  next(now: Date, count = 1): bigint {
    if (!Number.isInteger(count) || count < 1 || count > SEQUENCES_PER_SECOND) {
      throw new RangeError(`cmpp Msg_Id block of ${count} ids`);
    }
    const wall = Math.floor((now.getTime() + this.offsetMs) / 1000);
    if (wall > this.second) {
      this.second = wall;
      this.usedInSecond = 0;
    }
    // A block that would run past 0xFFFF starts again at 0; the skipped values count as used.
    const skipped = this.sequence + count > SEQUENCES_PER_SECOND ? SEQUENCES_PER_SECOND - this.sequence : 0;
    if (this.usedInSecond + skipped + count > SEQUENCES_PER_SECOND) {
      this.second += 1;
      this.usedInSecond = 0;
    } else {
      this.usedInSecond += skipped;
    }
    if (skipped > 0) this.sequence = 0;
    const first = this.sequence;
    this.sequence = (this.sequence + count) % SEQUENCES_PER_SECOND;
    this.usedInSecond += count;
    const at = new Date(this.second * 1000);
    return packMsgId({
      month: at.getUTCMonth() + 1,
      day: at.getUTCDate(),
      hour: at.getUTCHours(),
      minute: at.getUTCMinutes(),
      second: at.getUTCSeconds(),
      gateway: this.gatewayCode,
      sequence: first,
    });
  }
}
