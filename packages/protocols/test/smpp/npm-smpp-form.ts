import { type SmppPdu, TlvDefinitions, type TlvName, type Tlvs } from '../../src/smpp/index.js';

/**
 * The options object npm `smpp` builds the same PDU from: the spec's snake_case field names
 * (our camelCase ones), TLVs under the names its defs.js uses, composite TLV values as the raw
 * bytes its filters pass through untouched.
 */
export function toNpmOptions(pdu: SmppPdu): Record<string, unknown> {
  const options: Record<string, unknown> = { sequence_number: pdu.sequence };
  if (pdu.commandStatus !== 0) options.command_status = pdu.commandStatus;
  for (const [key, value] of Object.entries(pdu)) {
    if (key === 'command' || key === 'sequence' || key === 'commandStatus' || key === 'tlvs' || value === undefined)
      continue;
    if (key === 'destAddresses') {
      options.dest_address = (value as Extract<SmppPdu, { command: 'submit_multi' }>['destAddresses']).map((d) =>
        d.type === 'sme_address'
          ? { dest_addr_ton: d.destAddrTon, dest_addr_npi: d.destAddrNpi, destination_addr: d.destinationAddr }
          : { dl_name: d.dlName },
      );
    } else if (key === 'unsuccessSmes') {
      options.unsuccess_sme = (value as Extract<SmppPdu, { command: 'submit_multi_resp' }>['unsuccessSmes']).map(
        (u) => ({
          dest_addr_ton: u.destAddrTon,
          dest_addr_npi: u.destAddrNpi,
          destination_addr: u.destinationAddr,
          error_status_code: u.errorStatusCode,
        }),
      );
    } else {
      options[snake(key)] = value;
    }
  }
  if ('tlvs' in pdu && pdu.tlvs !== undefined) Object.assign(options, npmTlvs(pdu.tlvs));
  return options;
}

/** npm `smpp` spells destination_port "dest_port"; everything else as the spec does. */
const npmName: Partial<Record<TlvName, string>> = { destinationPort: 'dest_port' };

function npmTlvs(tlvs: Tlvs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tlvs)) {
    if (key === 'others') throw new Error('npm smpp cannot encode unknown TLVs');
    const name = key as TlvName;
    const spec = npmName[name] ?? TlvDefinitions[name].name;
    switch (name) {
      case 'networkErrorCode': {
        const v = value as NonNullable<Tlvs['networkErrorCode']>;
        out[spec] = threeBytes(v.networkType, v.errorCode);
        break;
      }
      case 'broadcastContentType': {
        const v = value as NonNullable<Tlvs['broadcastContentType']>;
        out[spec] = threeBytes(v.networkType, v.contentType);
        break;
      }
      case 'broadcastFrequencyInterval': {
        const v = value as NonNullable<Tlvs['broadcastFrequencyInterval']>;
        out[spec] = threeBytes(v.timeUnit, v.number);
        break;
      }
      case 'broadcastAreaIdentifier':
        out[spec] = (value as NonNullable<Tlvs['broadcastAreaIdentifier']>).map((a) =>
          Buffer.concat([Buffer.from([a.format]), a.details]),
        );
        break;
      default:
        out[spec] = value;
    }
  }
  return out;
}

function threeBytes(first: number, rest: number): Buffer {
  return Buffer.from([first, rest >> 8, rest & 0xff]);
}

function snake(camel: string): string {
  let out = '';
  for (const ch of camel) out += ch >= 'A' && ch <= 'Z' ? `_${ch.toLowerCase()}` : ch;
  return out;
}
