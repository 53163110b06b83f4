import { PduReader } from '../engine/bytes.js';
import { DecodeError } from '../engine/errors.js';
import { type CommandName, commandName, isResponseId, type SmppVersion } from './command-ids.js';
import { FieldSize, HEADER_LENGTH } from './field-sizes.js';
import type { MultiDestination, SmppPdu, UnsuccessSme } from './pdu.js';
import { emptyResponse } from './responses.js';
import { readTlvs } from './tlv-codec.js';

/**
 * Decodes one whole SMPP frame (command_length included) as `version` defines it. Throws only
 * DecodeError: with `commandId` set once the header was readable, so the session can answer with
 * generic_nack. Strings and short_message are views on `frame`, not copies.
 */
export function decodeSmpp(frame: Buffer, version: SmppVersion = 0x34): SmppPdu {
  if (frame.length < HEADER_LENGTH) {
    throw new DecodeError('smpp', `frame of ${frame.length} bytes is shorter than the 16-byte header`, 0);
  }
  const length = frame.readUInt32BE(0);
  const commandId = frame.readUInt32BE(4);
  if (length !== frame.length) {
    throw new DecodeError('smpp', `command_length ${length} but the frame has ${frame.length} bytes`, 0, commandId);
  }
  const command = commandName(commandId, version);
  if (command === undefined) {
    const hex = `0x${commandId.toString(16).padStart(8, '0')}`;
    throw new DecodeError('smpp', `command id ${hex} is not defined in SMPP ${versionText(version)}`, 4, commandId);
  }
  const commandStatus = frame.readUInt32BE(8);
  const sequence = frame.readUInt32BE(12);
  // SMPP lets a response leave its body out (always on error, 3.4 §4.1.2 and others; and many
  // SMSCs send deliver_sm_resp bare even on success).
  if (length === HEADER_LENGTH && isResponseId(commandId)) return emptyResponse(command, sequence, commandStatus);
  const r = new PduReader('smpp', frame, HEADER_LENGTH);
  try {
    return decodeBody(r, command, sequence, commandStatus);
  } catch (error) {
    if (!(error instanceof DecodeError) || error.commandId !== undefined) throw error;
    throw new DecodeError('smpp', `${command} #${sequence}: ${detailOf(error)}`, error.offset, commandId);
  }
}

function decodeBody(r: PduReader, command: CommandName, sequence: number, commandStatus: number): SmppPdu {
  switch (command) {
    case 'bind_transmitter':
    case 'bind_receiver':
    case 'bind_transceiver':
      return {
        command,
        sequence,
        commandStatus,
        systemId: r.cstring(FieldSize.systemId, 'system_id'),
        password: r.cstring(FieldSize.password, 'password'),
        systemType: r.cstring(FieldSize.systemType, 'system_type'),
        interfaceVersion: r.u8('interface_version'),
        addrTon: r.u8('addr_ton'),
        addrNpi: r.u8('addr_npi'),
        addressRange: r.cstring(FieldSize.addressRange, 'address_range'),
        tlvs: readTlvs(r),
      };
    case 'bind_transmitter_resp':
    case 'bind_receiver_resp':
    case 'bind_transceiver_resp':
      return {
        command,
        sequence,
        commandStatus,
        systemId: r.cstring(FieldSize.systemId, 'system_id'),
        tlvs: readTlvs(r),
      };
    case 'outbind':
      return {
        command,
        sequence,
        commandStatus,
        systemId: r.cstring(FieldSize.systemId, 'system_id'),
        password: r.cstring(FieldSize.password, 'password'),
        tlvs: readTlvs(r),
      };
    case 'unbind':
    case 'unbind_resp':
    case 'generic_nack':
    case 'enquire_link':
    case 'enquire_link_resp':
    case 'cancel_sm_resp':
    case 'replace_sm_resp':
    case 'cancel_broadcast_sm_resp':
      r.expectEnd(command);
      return { command, sequence, commandStatus };
    case 'submit_sm':
    case 'deliver_sm': {
      const serviceType = r.cstring(FieldSize.serviceType, 'service_type');
      const sourceAddrTon = r.u8('source_addr_ton');
      const sourceAddrNpi = r.u8('source_addr_npi');
      const sourceAddr = r.cstring(FieldSize.address, 'source_addr');
      const destAddrTon = r.u8('dest_addr_ton');
      const destAddrNpi = r.u8('dest_addr_npi');
      const destinationAddr = r.cstring(FieldSize.address, 'destination_addr');
      const esmClass = r.u8('esm_class');
      const protocolId = r.u8('protocol_id');
      const priorityFlag = r.u8('priority_flag');
      const scheduleDeliveryTime = r.cstring(FieldSize.time, 'schedule_delivery_time');
      const validityPeriod = r.cstring(FieldSize.time, 'validity_period');
      const registeredDelivery = r.u8('registered_delivery');
      const replaceIfPresentFlag = r.u8('replace_if_present_flag');
      const dataCoding = r.u8('data_coding');
      const smDefaultMsgId = r.u8('sm_default_msg_id');
      const shortMessage = r.bytes(r.u8('sm_length'), 'short_message');
      return {
        command,
        sequence,
        commandStatus,
        serviceType,
        sourceAddrTon,
        sourceAddrNpi,
        sourceAddr,
        destAddrTon,
        destAddrNpi,
        destinationAddr,
        esmClass,
        protocolId,
        priorityFlag,
        scheduleDeliveryTime,
        validityPeriod,
        registeredDelivery,
        replaceIfPresentFlag,
        dataCoding,
        smDefaultMsgId,
        shortMessage,
        tlvs: readTlvs(r),
      };
    }
    case 'submit_sm_resp':
    case 'deliver_sm_resp':
    case 'data_sm_resp':
    case 'broadcast_sm_resp':
    case 'query_broadcast_sm_resp':
      return {
        command,
        sequence,
        commandStatus,
        messageId: r.cstring(FieldSize.messageId, 'message_id'),
        tlvs: readTlvs(r),
      };
    case 'submit_multi': {
      const serviceType = r.cstring(FieldSize.serviceType, 'service_type');
      const sourceAddrTon = r.u8('source_addr_ton');
      const sourceAddrNpi = r.u8('source_addr_npi');
      const sourceAddr = r.cstring(FieldSize.address, 'source_addr');
      const count = r.u8('number_of_dests');
      const destAddresses: MultiDestination[] = [];
      for (let i = 0; i < count; i++) destAddresses.push(readDestination(r, i));
      return {
        command,
        sequence,
        commandStatus,
        serviceType,
        sourceAddrTon,
        sourceAddrNpi,
        sourceAddr,
        destAddresses,
        esmClass: r.u8('esm_class'),
        protocolId: r.u8('protocol_id'),
        priorityFlag: r.u8('priority_flag'),
        scheduleDeliveryTime: r.cstring(FieldSize.time, 'schedule_delivery_time'),
        validityPeriod: r.cstring(FieldSize.time, 'validity_period'),
        registeredDelivery: r.u8('registered_delivery'),
        replaceIfPresentFlag: r.u8('replace_if_present_flag'),
        dataCoding: r.u8('data_coding'),
        smDefaultMsgId: r.u8('sm_default_msg_id'),
        shortMessage: r.bytes(r.u8('sm_length'), 'short_message'),
        tlvs: readTlvs(r),
      };
    }
    case 'submit_multi_resp': {
      const messageId = r.cstring(FieldSize.messageId, 'message_id');
      const count = r.u8('no_unsuccess');
      const unsuccessSmes: UnsuccessSme[] = [];
      for (let i = 0; i < count; i++) {
        unsuccessSmes.push({
          destAddrTon: r.u8('unsuccess_sme.dest_addr_ton'),
          destAddrNpi: r.u8('unsuccess_sme.dest_addr_npi'),
          destinationAddr: r.cstring(FieldSize.address, 'unsuccess_sme.destination_addr'),
          errorStatusCode: r.u32('unsuccess_sme.error_status_code'),
        });
      }
      return { command, sequence, commandStatus, messageId, unsuccessSmes, tlvs: readTlvs(r) };
    }
    case 'data_sm':
      return {
        command,
        sequence,
        commandStatus,
        serviceType: r.cstring(FieldSize.serviceType, 'service_type'),
        sourceAddrTon: r.u8('source_addr_ton'),
        sourceAddrNpi: r.u8('source_addr_npi'),
        sourceAddr: r.cstring(FieldSize.longAddress, 'source_addr'),
        destAddrTon: r.u8('dest_addr_ton'),
        destAddrNpi: r.u8('dest_addr_npi'),
        destinationAddr: r.cstring(FieldSize.longAddress, 'destination_addr'),
        esmClass: r.u8('esm_class'),
        registeredDelivery: r.u8('registered_delivery'),
        dataCoding: r.u8('data_coding'),
        tlvs: readTlvs(r),
      };
    case 'query_sm':
    case 'query_broadcast_sm':
      return {
        command,
        sequence,
        commandStatus,
        messageId: r.cstring(FieldSize.messageId, 'message_id'),
        sourceAddrTon: r.u8('source_addr_ton'),
        sourceAddrNpi: r.u8('source_addr_npi'),
        sourceAddr: r.cstring(FieldSize.address, 'source_addr'),
        tlvs: readTlvs(r),
      };
    case 'query_sm_resp':
      return {
        command,
        sequence,
        commandStatus,
        messageId: r.cstring(FieldSize.messageId, 'message_id'),
        finalDate: r.cstring(FieldSize.time, 'final_date'),
        messageState: r.u8('message_state'),
        errorCode: r.u8('error_code'),
        tlvs: readTlvs(r),
      };
    case 'cancel_sm':
      return {
        command,
        sequence,
        commandStatus,
        serviceType: r.cstring(FieldSize.serviceType, 'service_type'),
        messageId: r.cstring(FieldSize.messageId, 'message_id'),
        sourceAddrTon: r.u8('source_addr_ton'),
        sourceAddrNpi: r.u8('source_addr_npi'),
        sourceAddr: r.cstring(FieldSize.address, 'source_addr'),
        destAddrTon: r.u8('dest_addr_ton'),
        destAddrNpi: r.u8('dest_addr_npi'),
        destinationAddr: r.cstring(FieldSize.address, 'destination_addr'),
        tlvs: readTlvs(r),
      };
    case 'replace_sm':
      return {
        command,
        sequence,
        commandStatus,
        messageId: r.cstring(FieldSize.messageId, 'message_id'),
        sourceAddrTon: r.u8('source_addr_ton'),
        sourceAddrNpi: r.u8('source_addr_npi'),
        sourceAddr: r.cstring(FieldSize.address, 'source_addr'),
        scheduleDeliveryTime: r.cstring(FieldSize.time, 'schedule_delivery_time'),
        validityPeriod: r.cstring(FieldSize.time, 'validity_period'),
        registeredDelivery: r.u8('registered_delivery'),
        smDefaultMsgId: r.u8('sm_default_msg_id'),
        shortMessage: r.bytes(r.u8('sm_length'), 'short_message'),
        tlvs: readTlvs(r),
      };
    case 'alert_notification':
      return {
        command,
        sequence,
        commandStatus,
        sourceAddrTon: r.u8('source_addr_ton'),
        sourceAddrNpi: r.u8('source_addr_npi'),
        sourceAddr: r.cstring(FieldSize.longAddress, 'source_addr'),
        esmeAddrTon: r.u8('esme_addr_ton'),
        esmeAddrNpi: r.u8('esme_addr_npi'),
        esmeAddr: r.cstring(FieldSize.longAddress, 'esme_addr'),
        tlvs: readTlvs(r),
      };
    case 'broadcast_sm':
      return {
        command,
        sequence,
        commandStatus,
        serviceType: r.cstring(FieldSize.serviceType, 'service_type'),
        sourceAddrTon: r.u8('source_addr_ton'),
        sourceAddrNpi: r.u8('source_addr_npi'),
        sourceAddr: r.cstring(FieldSize.address, 'source_addr'),
        messageId: r.cstring(FieldSize.messageId, 'message_id'),
        priorityFlag: r.u8('priority_flag'),
        scheduleDeliveryTime: r.cstring(FieldSize.time, 'schedule_delivery_time'),
        validityPeriod: r.cstring(FieldSize.time, 'validity_period'),
        replaceIfPresentFlag: r.u8('replace_if_present_flag'),
        dataCoding: r.u8('data_coding'),
        smDefaultMsgId: r.u8('sm_default_msg_id'),
        tlvs: readTlvs(r),
      };
    case 'cancel_broadcast_sm':
      return {
        command,
        sequence,
        commandStatus,
        serviceType: r.cstring(FieldSize.serviceType, 'service_type'),
        messageId: r.cstring(FieldSize.messageId, 'message_id'),
        sourceAddrTon: r.u8('source_addr_ton'),
        sourceAddrNpi: r.u8('source_addr_npi'),
        sourceAddr: r.cstring(FieldSize.address, 'source_addr'),
        tlvs: readTlvs(r),
      };
  }
}

function readDestination(r: PduReader, index: number): MultiDestination {
  const flag = r.u8('dest_flag');
  if (flag === 1) {
    return {
      type: 'sme_address',
      destAddrTon: r.u8('dest_address.dest_addr_ton'),
      destAddrNpi: r.u8('dest_address.dest_addr_npi'),
      destinationAddr: r.cstring(FieldSize.address, 'dest_address.destination_addr'),
    };
  }
  if (flag === 2) return { type: 'distribution_list', dlName: r.cstring(FieldSize.dlName, 'dest_address.dl_name') };
  throw new DecodeError(
    'smpp',
    `dest_address ${index}: dest_flag ${flag} is neither 1 (SME address) nor 2 (distribution list)`,
    r.offset - 1,
  );
}

function versionText(version: SmppVersion): string {
  return `${version >> 4}.${version & 0x0f}`;
}

/** A reader error's own words, without the "smpp: " prefix and offset suffix the constructor adds. */
function detailOf(error: DecodeError): string {
  let text = error.message;
  if (text.startsWith('smpp: ')) text = text.slice(6);
  const suffix = error.offset === undefined ? '' : ` (at byte ${error.offset})`;
  if (suffix !== '' && text.endsWith(suffix)) text = text.slice(0, -suffix.length);
  return text;
}
