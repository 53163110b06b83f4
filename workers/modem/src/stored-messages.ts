import type { AtChannel } from './at/at-channel.js';

/**
 * Messages on the SIM in PDU mode (TS 27.005 §3.4.2 / §4.2): AT+CMGR=<index> answers
 * "+CMGR: <stat>,[<alpha>],<length>" then the PDU line; AT+CMGL=4 lists every message as
 * "+CMGL: <index>,<stat>,[<alpha>],<length>" then its PDU line.
 */
export interface StoredPdu {
  readonly index: number;
  readonly pdu: string;
}

export async function readStored(channel: AtChannel, index: number): Promise<StoredPdu | null> {
  const { lines } = await channel.run(`AT+CMGR=${index}`, { prefix: '+CMGR:' });
  const header = lines.findIndex((line) => line.startsWith('+CMGR:'));
  const pdu = header < 0 ? undefined : lines[header + 1];
  return pdu === undefined ? null : { index, pdu };
}

export async function listStored(channel: AtChannel): Promise<StoredPdu[]> {
  const { lines } = await channel.run('AT+CMGL=4', { prefix: '+CMGL:' });
  const stored: StoredPdu[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.startsWith('+CMGL:')) continue;
    const index = Number(line.slice(6).split(',')[0]?.trim());
    const pdu = lines[i + 1];
    if (!Number.isInteger(index) || pdu === undefined || pdu.startsWith('+CMGL:')) continue;
    stored.push({ index, pdu });
    i++;
  }
  return stored;
}

export async function deleteStored(channel: AtChannel, index: number): Promise<void> {
  await channel.run(`AT+CMGD=${index}`);
}
