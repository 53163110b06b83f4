import { BindError, EncodeError } from '../engine/errors.js';
import type { Binder, BindMode, BindResult, BindableSession } from '../engine/protocol.js';
import type { BindCommand, BindResponse, SmppPdu } from './pdu.js';
import type { SmppVersion } from './command-ids.js';
import { describeCommandStatus } from './command-status.js';

export interface SmppCredentials {
  readonly systemId: string;
  readonly password: string;
  readonly systemType?: string;
  readonly mode: BindMode;
  /** The ESME's address range (a regular expression the SMSC applies to MO routing), often ''. */
  readonly addressRange?: string;
  readonly addrTon?: number;
  readonly addrNpi?: number;
}

export const bindCommandOf: Record<BindMode, BindCommand> = {
  transmitter: 'bind_transmitter',
  receiver: 'bind_receiver',
  transceiver: 'bind_transceiver',
};

/**
 * Client side of the bind (3.4 §4.1): sends bind_transmitter / _receiver / _transceiver with our
 * interface_version and checks the response. The SMSC's sc_interface_version TLV tells which
 * version it speaks; without it the ESME must assume 3.3 (3.4 §5.3.2.25).
 */
export function smppBinder(version: SmppVersion = 0x34, timeoutMs?: number): Binder<SmppPdu, SmppCredentials> {
  return {
    async bind(session: BindableSession<SmppPdu>, credentials: SmppCredentials): Promise<BindResult> {
      const command = bindCommandOf[credentials.mode];
      if (version === 0x33 && command === 'bind_transceiver') {
        throw new EncodeError(
          'smpp',
          `${session.id}: SMPP 3.3 has no bind_transceiver; bind a transmitter and a receiver`,
        );
      }
      const response = await session.request(
        {
          command,
          sequence: 0,
          commandStatus: 0,
          systemId: credentials.systemId,
          password: credentials.password,
          systemType: credentials.systemType ?? '',
          interfaceVersion: version,
          addrTon: credentials.addrTon ?? 0,
          addrNpi: credentials.addrNpi ?? 0,
          addressRange: credentials.addressRange ?? '',
        },
        timeoutMs,
      );
      const who = `${credentials.mode} bind as "${credentials.systemId}"`;
      if (response.command === 'generic_nack') {
        throw new BindError(
          session.id,
          response.commandStatus,
          `${who} answered with generic_nack: ${describeCommandStatus(response.commandStatus)}`,
        );
      }
      if (!isBindResponse(response) || response.command !== `${command}_resp`) {
        throw new BindError(session.id, response.commandStatus, `${who} answered with ${response.command}`);
      }
      if (response.commandStatus !== 0) {
        throw new BindError(
          session.id,
          response.commandStatus,
          `${who} refused: ${describeCommandStatus(response.commandStatus)}`,
        );
      }
      const peerVersion = version === 0x33 ? 0x33 : (response.tlvs?.scInterfaceVersion ?? 0x33);
      return { version: Math.min(peerVersion, version), peer: response.systemId };
    },
  };
}

function isBindResponse(pdu: SmppPdu): pdu is BindResponse {
  return (
    pdu.command === 'bind_transmitter_resp' ||
    pdu.command === 'bind_receiver_resp' ||
    pdu.command === 'bind_transceiver_resp'
  );
}
