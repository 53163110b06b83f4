import { DecodeError, EncodeError } from '../engine/errors.js';
import type { PduWriter } from '../engine/bytes.js';

/**
 * Range checks the SMGP and CNGP encoders share: PduWriter masks integers and writes text as
 * latin1, so without these an out-of-range value would go out silently wrong.
 */
export function checkU8(protocol: string, value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new EncodeError(protocol, `${field} ${value} does not fit in one byte`);
  }
  return value;
}

export function checkU32(protocol: string, value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new EncodeError(protocol, `${field} ${value} does not fit in 4 bytes`);
  }
  return value;
}

export function checkLength(protocol: string, value: Buffer, size: number, field: string): Buffer {
  if (value.length !== size) throw new EncodeError(protocol, `${field} must be ${size} bytes, got ${value.length}`);
  return value;
}

/** Fixed-size text field; every character must be one latin1 byte. */
export function writeText(w: PduWriter, value: string, size: number, field: string): void {
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0xff) throw new EncodeError(w.protocol, `${field} has a character that is not one byte`);
  }
  w.octets(value, size, field);
}

/**
 * A reader's DecodeError re-raised with the command's name and id, so a reject can answer with the
 * command's own response (DecodeError's message already carries "proto: " and " (at byte n)").
 */
export function inCommand(protocol: string, commandName: string, error: DecodeError, commandId: number): DecodeError {
  let text = error.message.startsWith(`${protocol}: `) ? error.message.slice(protocol.length + 2) : error.message;
  const at = text.lastIndexOf(' (at byte ');
  if (at >= 0) text = text.slice(0, at);
  return new DecodeError(protocol, `${commandName}: ${text}`, error.offset, commandId);
}
