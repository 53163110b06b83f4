import type { CommandName } from './command-ids.js';
import type { SmppPdu } from './pdu.js';

/** The response command of each request that has one (outbind and alert_notification have none). */
export const responseCommand: Partial<Record<CommandName, CommandName>> = {
  bind_transmitter: 'bind_transmitter_resp',
  bind_receiver: 'bind_receiver_resp',
  bind_transceiver: 'bind_transceiver_resp',
  unbind: 'unbind_resp',
  enquire_link: 'enquire_link_resp',
  submit_sm: 'submit_sm_resp',
  deliver_sm: 'deliver_sm_resp',
  data_sm: 'data_sm_resp',
  submit_multi: 'submit_multi_resp',
  query_sm: 'query_sm_resp',
  cancel_sm: 'cancel_sm_resp',
  replace_sm: 'replace_sm_resp',
  broadcast_sm: 'broadcast_sm_resp',
  query_broadcast_sm: 'query_broadcast_sm_resp',
  cancel_broadcast_sm: 'cancel_broadcast_sm_resp',
};

/**
 * A response with every body field empty. Decoding a body-less response gives this, and encoding
 * it with a non-zero status leaves the body out again, as the spec asks for error responses.
 * For a request command (never decoded body-less) it returns a generic_nack.
 */
export function emptyResponse(command: CommandName, sequence: number, commandStatus: number): SmppPdu {
  switch (command) {
    case 'bind_transmitter_resp':
    case 'bind_receiver_resp':
    case 'bind_transceiver_resp':
      return { command, sequence, commandStatus, systemId: '', tlvs: undefined };
    case 'submit_sm_resp':
    case 'deliver_sm_resp':
    case 'data_sm_resp':
    case 'broadcast_sm_resp':
    case 'query_broadcast_sm_resp':
      return { command, sequence, commandStatus, messageId: '', tlvs: undefined };
    case 'submit_multi_resp':
      return { command, sequence, commandStatus, messageId: '', unsuccessSmes: [], tlvs: undefined };
    case 'query_sm_resp':
      return {
        command,
        sequence,
        commandStatus,
        messageId: '',
        finalDate: '',
        messageState: 0,
        errorCode: 0,
        tlvs: undefined,
      };
    case 'unbind_resp':
    case 'enquire_link_resp':
    case 'cancel_sm_resp':
    case 'replace_sm_resp':
    case 'cancel_broadcast_sm_resp':
    case 'generic_nack':
      return { command, sequence, commandStatus };
    default:
      return { command: 'generic_nack', sequence, commandStatus };
  }
}

/**
 * The response to `request` with `commandStatus` and an empty body; generic_nack for a PDU that
 * has no response of its own. Callers fill in message_id and the like for a success.
 */
export function responseTo(request: SmppPdu, commandStatus: number): SmppPdu {
  const command = responseCommand[request.command];
  return emptyResponse(command ?? 'generic_nack', request.sequence, commandStatus);
}

/** True when a response's body carries nothing, so an error response may leave it out. */
export function hasEmptyBody(pdu: SmppPdu): boolean {
  switch (pdu.command) {
    case 'bind_transmitter_resp':
    case 'bind_receiver_resp':
    case 'bind_transceiver_resp':
      return pdu.systemId === '' && pdu.tlvs === undefined;
    case 'submit_sm_resp':
    case 'deliver_sm_resp':
    case 'data_sm_resp':
    case 'broadcast_sm_resp':
    case 'query_broadcast_sm_resp':
      return pdu.messageId === '' && pdu.tlvs === undefined;
    case 'submit_multi_resp':
      return pdu.messageId === '' && pdu.unsuccessSmes.length === 0 && pdu.tlvs === undefined;
    case 'query_sm_resp':
      return (
        pdu.messageId === '' &&
        pdu.finalDate === '' &&
        pdu.messageState === 0 &&
        pdu.errorCode === 0 &&
        pdu.tlvs === undefined
      );
    default:
      return false;
  }
}
