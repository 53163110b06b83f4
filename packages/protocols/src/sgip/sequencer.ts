import type { Sequencer } from '../engine/protocol.js';
import type { SgipPdu } from './pdu.js';
import { sequenceText, sequenceTime, type SgipSequence } from './sequence.js';

export interface SgipSequencerOptions {
  /** This side's node id (an SP: `3AAAAQQQQQ`, see spNodeId). */
  readonly nodeId: number;
  /** Clock for the time part; injectable for tests. */
  readonly now?: () => Date;
  /** First counter value (the spec starts at 0). */
  readonly firstSeq?: number;
}

/**
 * Numbers outgoing requests {node, MMDDHHMMSS, counter}. One counter is shared by every session
 * made from the same protocol object, because the triple is also the message id a REPORT refers
 * to: two binds of one channel numbering from 0 in the same second would hand out the same id.
 */
export class SgipSequenceCounter {
  private counter: number;
  private readonly now: () => Date;

  constructor(private readonly options: SgipSequencerOptions) {
    if (!Number.isInteger(options.nodeId) || options.nodeId < 0 || options.nodeId > 0xffffffff) {
      throw new RangeError(`sgip: node id ${options.nodeId} is not a uint32`);
    }
    this.counter = (options.firstSeq ?? 0) >>> 0;
    this.now = options.now ?? (() => new Date());
  }

  next(): SgipSequence {
    const seq = this.counter;
    this.counter = (this.counter + 1) >>> 0;
    return { node: this.options.nodeId, time: sequenceTime(this.now()), seq };
  }

  /** A per-session view the engine uses; all views draw from this one counter. */
  sequencer(): Sequencer<SgipPdu> {
    return {
      assign: (request) => {
        request.sequence = this.next();
        return sequenceText(request.sequence);
      },
    };
  }
}
