import { createHash } from 'node:crypto';
import type { SendPairsRequest, SendTextRequest } from '../schemas.js';

/**
 * A fingerprint of what a call asks for, kept with its campaign: a repeat with the same
 * client_ref must ask for the same thing to be answered with the first result. client_ref itself
 * is left out (it is the key), and send_at is compared as an instant, so `+08:00` and `Z`
 * spellings of one moment match.
 */
export function requestHash(request: SendTextRequest | SendPairsRequest): string {
  const sendAt = request.send_at === undefined ? null : new Date(request.send_at).toISOString();
  const common = ['v1', request.business_type, sendAt, request.extension ?? null];
  const shape =
    'messages' in request ? ['pairs', request.messages.map((m) => [m.to, m.text])] : ['text', request.text, request.to];
  return createHash('sha256')
    .update(JSON.stringify([...common, ...shape]), 'utf8')
    .digest('hex');
}
