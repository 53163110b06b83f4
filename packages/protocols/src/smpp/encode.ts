import { EncodeError } from '../engine/errors.js';
import { CommandId, isCommandInVersion, isResponseId, type SmppVersion } from './command-ids.js';
import { FieldSize, HEADER_LENGTH, MAX_MULTI_DESTINATIONS, MAX_SHORT_MESSAGE } from './field-sizes.js';
import type { MultiDestination, SmppPdu } from './pdu.js';
import { hasEmptyBody } from './responses.js';
import { SmppWriter } from './smpp-writer.js';
import { tlvsSize, writeTlvs } from './tlv-codec.js';

/**
 * Encodes a PDU as `version` defines it into one buffer of exactly its size. Throws only
 * EncodeError: a command or TLVs the version lacks, a field too long, an integer out of range.
 * An error response whose body is empty goes out as the bare header (3.4 §4.1.2 and others).
 */
export function encodeSmpp(pdu: SmppPdu, version: SmppVersion = 0x34): Buffer {
  const commandId = CommandId[pdu.command] as number | undefined;
  if (commandId === undefined) throw new EncodeError('smpp', `unknown command "${String(pdu.command)}"`);
  if (!isCommandInVersion(pdu.command, version)) {
    throw new EncodeError('smpp', `${pdu.command} does not exist in SMPP ${version >> 4}.${version & 0x0f}`);
  }
  if (version === 0x33 && 'tlvs' in pdu && pdu.tlvs !== undefined) {
    throw new EncodeError('smpp', `${pdu.command}: SMPP 3.3 has no optional parameters (TLVs)`);
  }
  try {
    const bare = pdu.commandStatus !== 0 && isResponseId(commandId) && hasEmptyBody(pdu);
    const size = HEADER_LENGTH + (bare ? 0 : bodySize(pdu));
    const w = new SmppWriter(size);
    w.u32(size).u32(commandId).u32(pdu.commandStatus, 'command_status').u32(pdu.sequence, 'sequence_number');
    if (!bare) writeBody(w, pdu);
    return w.finish();
  } catch (error) {
    if (error instanceof EncodeError) throw error;
    // Only an untyped caller gets here (a field missing or of the wrong type).
    throw new EncodeError(
      'smpp',
      `${pdu.command}: malformed PDU object (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

function bodySize(pdu: SmppPdu): number {
  switch (pdu.command) {
    case 'bind_transmitter':
    case 'bind_receiver':
    case 'bind_transceiver':
      return (
        pdu.systemId.length +
        pdu.password.length +
        pdu.systemType.length +
        pdu.addressRange.length +
        7 +
        tlvsSize(pdu.tlvs)
      );
    case 'bind_transmitter_resp':
    case 'bind_receiver_resp':
    case 'bind_transceiver_resp':
      return pdu.systemId.length + 1 + tlvsSize(pdu.tlvs);
    case 'outbind':
      return pdu.systemId.length + pdu.password.length + 2 + tlvsSize(pdu.tlvs);
    case 'unbind':
    case 'unbind_resp':
    case 'generic_nack':
    case 'enquire_link':
    case 'enquire_link_resp':
    case 'cancel_sm_resp':
    case 'replace_sm_resp':
    case 'cancel_broadcast_sm_resp':
      return 0;
    case 'submit_sm':
    case 'deliver_sm':
      return (
        pdu.serviceType.length +
        pdu.sourceAddr.length +
        pdu.destinationAddr.length +
        pdu.scheduleDeliveryTime.length +
        pdu.validityPeriod.length +
        5 + // the NULs of the five strings
        12 + // the one-octet fields, sm_length included
        pdu.shortMessage.length +
        tlvsSize(pdu.tlvs)
      );
    case 'submit_sm_resp':
    case 'deliver_sm_resp':
    case 'data_sm_resp':
    case 'broadcast_sm_resp':
    case 'query_broadcast_sm_resp':
      return pdu.messageId.length + 1 + tlvsSize(pdu.tlvs);
    case 'submit_multi': {
      let size =
        pdu.serviceType.length + pdu.sourceAddr.length + pdu.scheduleDeliveryTime.length + pdu.validityPeriod.length;
      size += 4 + 2 + 1 + 8; // 4 NULs, source ton/npi, number_of_dests, the 8 octets esm_class … sm_length
      for (const dest of pdu.destAddresses) size += destinationSize(dest);
      return size + pdu.shortMessage.length + tlvsSize(pdu.tlvs);
    }
    case 'submit_multi_resp': {
      let size = pdu.messageId.length + 2;
      for (const sme of pdu.unsuccessSmes) size += 2 + sme.destinationAddr.length + 1 + 4;
      return size + tlvsSize(pdu.tlvs);
    }
    case 'data_sm':
      return pdu.serviceType.length + pdu.sourceAddr.length + pdu.destinationAddr.length + 3 + 7 + tlvsSize(pdu.tlvs);
    case 'query_sm':
    case 'query_broadcast_sm':
      return pdu.messageId.length + pdu.sourceAddr.length + 2 + 2 + tlvsSize(pdu.tlvs);
    case 'query_sm_resp':
      return pdu.messageId.length + pdu.finalDate.length + 2 + 2 + tlvsSize(pdu.tlvs);
    case 'cancel_sm':
      return (
        pdu.serviceType.length +
        pdu.messageId.length +
        pdu.sourceAddr.length +
        pdu.destinationAddr.length +
        4 +
        4 +
        tlvsSize(pdu.tlvs)
      );
    case 'replace_sm':
      return (
        pdu.messageId.length +
        pdu.sourceAddr.length +
        pdu.scheduleDeliveryTime.length +
        pdu.validityPeriod.length +
        4 +
        5 + // source ton/npi, registered_delivery, sm_default_msg_id, sm_length
        pdu.shortMessage.length +
        tlvsSize(pdu.tlvs)
      );
    case 'alert_notification':
      return pdu.sourceAddr.length + pdu.esmeAddr.length + 2 + 4 + tlvsSize(pdu.tlvs);
    case 'broadcast_sm':
      return (
        pdu.serviceType.length +
        pdu.sourceAddr.length +
        pdu.messageId.length +
        pdu.scheduleDeliveryTime.length +
        pdu.validityPeriod.length +
        5 +
        6 + // source ton/npi, priority_flag, replace_if_present_flag, data_coding, sm_default_msg_id
        tlvsSize(pdu.tlvs)
      );
    case 'cancel_broadcast_sm':
      return pdu.serviceType.length + pdu.messageId.length + pdu.sourceAddr.length + 3 + 2 + tlvsSize(pdu.tlvs);
  }
}

function destinationSize(dest: MultiDestination): number {
  return dest.type === 'sme_address' ? 1 + 2 + dest.destinationAddr.length + 1 : 1 + dest.dlName.length + 1;
}

function writeBody(w: SmppWriter, pdu: SmppPdu): void {
  switch (pdu.command) {
    case 'bind_transmitter':
    case 'bind_receiver':
    case 'bind_transceiver':
      w.cstring(pdu.systemId, FieldSize.systemId, 'system_id')
        .cstring(pdu.password, FieldSize.password, 'password')
        .cstring(pdu.systemType, FieldSize.systemType, 'system_type')
        .u8(pdu.interfaceVersion, 'interface_version')
        .u8(pdu.addrTon, 'addr_ton')
        .u8(pdu.addrNpi, 'addr_npi')
        .cstring(pdu.addressRange, FieldSize.addressRange, 'address_range');
      break;
    case 'bind_transmitter_resp':
    case 'bind_receiver_resp':
    case 'bind_transceiver_resp':
      w.cstring(pdu.systemId, FieldSize.systemId, 'system_id');
      break;
    case 'outbind':
      w.cstring(pdu.systemId, FieldSize.systemId, 'system_id').cstring(pdu.password, FieldSize.password, 'password');
      break;
    case 'unbind':
    case 'unbind_resp':
    case 'generic_nack':
    case 'enquire_link':
    case 'enquire_link_resp':
    case 'cancel_sm_resp':
    case 'replace_sm_resp':
    case 'cancel_broadcast_sm_resp':
      return;
    case 'submit_sm':
    case 'deliver_sm':
      w.cstring(pdu.serviceType, FieldSize.serviceType, 'service_type')
        .u8(pdu.sourceAddrTon, 'source_addr_ton')
        .u8(pdu.sourceAddrNpi, 'source_addr_npi')
        .cstring(pdu.sourceAddr, FieldSize.address, 'source_addr')
        .u8(pdu.destAddrTon, 'dest_addr_ton')
        .u8(pdu.destAddrNpi, 'dest_addr_npi')
        .cstring(pdu.destinationAddr, FieldSize.address, 'destination_addr');
      writeMessageTail(w, pdu);
      break;
    case 'submit_sm_resp':
    case 'deliver_sm_resp':
    case 'data_sm_resp':
    case 'broadcast_sm_resp':
    case 'query_broadcast_sm_resp':
      w.cstring(pdu.messageId, FieldSize.messageId, 'message_id');
      break;
    case 'submit_multi': {
      const count = pdu.destAddresses.length;
      if (count < 1 || count > MAX_MULTI_DESTINATIONS) {
        throw new EncodeError('smpp', `submit_multi needs 1–${MAX_MULTI_DESTINATIONS} destinations, got ${count}`);
      }
      w.cstring(pdu.serviceType, FieldSize.serviceType, 'service_type')
        .u8(pdu.sourceAddrTon, 'source_addr_ton')
        .u8(pdu.sourceAddrNpi, 'source_addr_npi')
        .cstring(pdu.sourceAddr, FieldSize.address, 'source_addr')
        .u8(count);
      for (const dest of pdu.destAddresses) {
        if (dest.type === 'sme_address') {
          w.u8(1)
            .u8(dest.destAddrTon, 'dest_address.dest_addr_ton')
            .u8(dest.destAddrNpi, 'dest_address.dest_addr_npi')
            .cstring(dest.destinationAddr, FieldSize.address, 'dest_address.destination_addr');
        } else {
          w.u8(2).cstring(dest.dlName, FieldSize.dlName, 'dest_address.dl_name');
        }
      }
      writeMessageTail(w, pdu);
      break;
    }
    case 'submit_multi_resp':
      w.cstring(pdu.messageId, FieldSize.messageId, 'message_id').u8(pdu.unsuccessSmes.length, 'no_unsuccess');
      for (const sme of pdu.unsuccessSmes) {
        w.u8(sme.destAddrTon, 'unsuccess_sme.dest_addr_ton')
          .u8(sme.destAddrNpi, 'unsuccess_sme.dest_addr_npi')
          .cstring(sme.destinationAddr, FieldSize.address, 'unsuccess_sme.destination_addr')
          .u32(sme.errorStatusCode, 'unsuccess_sme.error_status_code');
      }
      break;
    case 'data_sm':
      w.cstring(pdu.serviceType, FieldSize.serviceType, 'service_type')
        .u8(pdu.sourceAddrTon, 'source_addr_ton')
        .u8(pdu.sourceAddrNpi, 'source_addr_npi')
        .cstring(pdu.sourceAddr, FieldSize.longAddress, 'source_addr')
        .u8(pdu.destAddrTon, 'dest_addr_ton')
        .u8(pdu.destAddrNpi, 'dest_addr_npi')
        .cstring(pdu.destinationAddr, FieldSize.longAddress, 'destination_addr')
        .u8(pdu.esmClass, 'esm_class')
        .u8(pdu.registeredDelivery, 'registered_delivery')
        .u8(pdu.dataCoding, 'data_coding');
      break;
    case 'query_sm':
    case 'query_broadcast_sm':
      w.cstring(pdu.messageId, FieldSize.messageId, 'message_id')
        .u8(pdu.sourceAddrTon, 'source_addr_ton')
        .u8(pdu.sourceAddrNpi, 'source_addr_npi')
        .cstring(pdu.sourceAddr, FieldSize.address, 'source_addr');
      break;
    case 'query_sm_resp':
      w.cstring(pdu.messageId, FieldSize.messageId, 'message_id')
        .cstring(pdu.finalDate, FieldSize.time, 'final_date')
        .u8(pdu.messageState, 'message_state')
        .u8(pdu.errorCode, 'error_code');
      break;
    case 'cancel_sm':
      w.cstring(pdu.serviceType, FieldSize.serviceType, 'service_type')
        .cstring(pdu.messageId, FieldSize.messageId, 'message_id')
        .u8(pdu.sourceAddrTon, 'source_addr_ton')
        .u8(pdu.sourceAddrNpi, 'source_addr_npi')
        .cstring(pdu.sourceAddr, FieldSize.address, 'source_addr')
        .u8(pdu.destAddrTon, 'dest_addr_ton')
        .u8(pdu.destAddrNpi, 'dest_addr_npi')
        .cstring(pdu.destinationAddr, FieldSize.address, 'destination_addr');
      break;
    case 'replace_sm':
      checkShortMessage(pdu.shortMessage);
      w.cstring(pdu.messageId, FieldSize.messageId, 'message_id')
        .u8(pdu.sourceAddrTon, 'source_addr_ton')
        .u8(pdu.sourceAddrNpi, 'source_addr_npi')
        .cstring(pdu.sourceAddr, FieldSize.address, 'source_addr')
        .cstring(pdu.scheduleDeliveryTime, FieldSize.time, 'schedule_delivery_time')
        .cstring(pdu.validityPeriod, FieldSize.time, 'validity_period')
        .u8(pdu.registeredDelivery, 'registered_delivery')
        .u8(pdu.smDefaultMsgId, 'sm_default_msg_id')
        .u8(pdu.shortMessage.length)
        .bytes(pdu.shortMessage);
      break;
    case 'alert_notification':
      w.u8(pdu.sourceAddrTon, 'source_addr_ton')
        .u8(pdu.sourceAddrNpi, 'source_addr_npi')
        .cstring(pdu.sourceAddr, FieldSize.longAddress, 'source_addr')
        .u8(pdu.esmeAddrTon, 'esme_addr_ton')
        .u8(pdu.esmeAddrNpi, 'esme_addr_npi')
        .cstring(pdu.esmeAddr, FieldSize.longAddress, 'esme_addr');
      break;
    case 'broadcast_sm':
      w.cstring(pdu.serviceType, FieldSize.serviceType, 'service_type')
        .u8(pdu.sourceAddrTon, 'source_addr_ton')
        .u8(pdu.sourceAddrNpi, 'source_addr_npi')
        .cstring(pdu.sourceAddr, FieldSize.address, 'source_addr')
        .cstring(pdu.messageId, FieldSize.messageId, 'message_id')
        .u8(pdu.priorityFlag, 'priority_flag')
        .cstring(pdu.scheduleDeliveryTime, FieldSize.time, 'schedule_delivery_time')
        .cstring(pdu.validityPeriod, FieldSize.time, 'validity_period')
        .u8(pdu.replaceIfPresentFlag, 'replace_if_present_flag')
        .u8(pdu.dataCoding, 'data_coding')
        .u8(pdu.smDefaultMsgId, 'sm_default_msg_id');
      break;
    case 'cancel_broadcast_sm':
      w.cstring(pdu.serviceType, FieldSize.serviceType, 'service_type')
        .cstring(pdu.messageId, FieldSize.messageId, 'message_id')
        .u8(pdu.sourceAddrTon, 'source_addr_ton')
        .u8(pdu.sourceAddrNpi, 'source_addr_npi')
        .cstring(pdu.sourceAddr, FieldSize.address, 'source_addr');
      break;
  }
  writeTlvs(w, pdu.tlvs);
}

/** esm_class … short_message, shared by submit_sm, deliver_sm and submit_multi. */
function writeMessageTail(
  w: SmppWriter,
  pdu: Extract<SmppPdu, { readonly command: 'submit_sm' | 'deliver_sm' | 'submit_multi' }>,
): void {
  checkShortMessage(pdu.shortMessage);
  w.u8(pdu.esmClass, 'esm_class')
    .u8(pdu.protocolId, 'protocol_id')
    .u8(pdu.priorityFlag, 'priority_flag')
    .cstring(pdu.scheduleDeliveryTime, FieldSize.time, 'schedule_delivery_time')
    .cstring(pdu.validityPeriod, FieldSize.time, 'validity_period')
    .u8(pdu.registeredDelivery, 'registered_delivery')
    .u8(pdu.replaceIfPresentFlag, 'replace_if_present_flag')
    .u8(pdu.dataCoding, 'data_coding')
    .u8(pdu.smDefaultMsgId, 'sm_default_msg_id')
    .u8(pdu.shortMessage.length)
    .bytes(pdu.shortMessage);
}

function checkShortMessage(message: Buffer): void {
  if (message.length > MAX_SHORT_MESSAGE) {
    throw new EncodeError(
      'smpp',
      `short_message of ${message.length} bytes exceeds ${MAX_SHORT_MESSAGE}; use the message_payload TLV`,
    );
  }
}
