import type { DeliveryState } from '../carrier-forms.js';
import { MessageState } from './tlvs.js';

/**
 * Receipt "stat:" words and message_state values (3.4 §5.2.28, Appendix B) mapped to the neutral
 * DeliveryState. Vendors spell some states out in full; those are read too.
 */
const byStatWord: ReadonlyMap<string, DeliveryState> = new Map<string, DeliveryState>([
  ['DELIVRD', 'DELIVRD'],
  ['DELIVERED', 'DELIVRD'],
  ['EXPIRED', 'EXPIRED'],
  ['DELETED', 'DELETED'],
  ['UNDELIV', 'UNDELIV'],
  ['UNDELIVERABLE', 'UNDELIV'],
  ['FAILED', 'UNDELIV'],
  ['ACCEPTD', 'ACCEPTD'],
  ['ACCEPTED', 'ACCEPTD'],
  ['UNKNOWN', 'UNKNOWN'],
  ['REJECTD', 'REJECTD'],
  ['REJECTED', 'REJECTD'],
  ['ENROUTE', 'ENROUTE'],
  // 5.0: deliberately not sent, without an error — final and not delivered.
  ['SKIPPED', 'UNDELIV'],
]);

export function stateOfStatWord(stat: string): DeliveryState {
  return byStatWord.get(stat.toUpperCase()) ?? 'UNKNOWN';
}

const byMessageState: readonly DeliveryState[] = [
  'ENROUTE', // SCHEDULED: not yet sent, still on its way
  'ENROUTE',
  'DELIVRD',
  'EXPIRED',
  'DELETED',
  'UNDELIV',
  'ACCEPTD',
  'UNKNOWN',
  'REJECTD',
  'UNDELIV', // SKIPPED
];

export function stateOfMessageState(value: number): DeliveryState {
  return byMessageState[value] ?? 'UNKNOWN';
}

/** The stat word a message_state value prints as (SCHEDULED/SKIPPED have no 7-letter word). */
export function statWordOfMessageState(value: number): string {
  switch (value) {
    case MessageState.SCHEDULED:
      return 'SCHEDULED';
    case MessageState.SKIPPED:
      return 'SKIPPED';
    default:
      return byMessageState[value] ?? 'UNKNOWN';
  }
}

const messageStateOf: Record<DeliveryState, number> = {
  ENROUTE: MessageState.ENROUTE,
  DELIVRD: MessageState.DELIVERED,
  EXPIRED: MessageState.EXPIRED,
  DELETED: MessageState.DELETED,
  UNDELIV: MessageState.UNDELIVERABLE,
  ACCEPTD: MessageState.ACCEPTED,
  UNKNOWN: MessageState.UNKNOWN,
  REJECTD: MessageState.REJECTED,
};

export function messageStateOfState(state: DeliveryState): number {
  return messageStateOf[state];
}
