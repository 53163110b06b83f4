import { describe, expect, it } from 'vitest';
import { DecodeError, EncodeError } from '@smshub/protocols';
import { decodeSgip, encodeSgip, type SgipPdu } from '@smshub/protocols/sgip';
import { SEQ, sgipSubmit } from './fixtures.js';
import { hex, zeros } from '../hex.js';

const SEQ_HEX = 'b36924b9 42c4f1d9 00000001';

const submit = sgipSubmit;

function decodeError(frame: Buffer): DecodeError {
  try {
    decodeSgip(frame);
  } catch (error) {
    if (error instanceof DecodeError) return error;
    throw error;
  }
  throw new Error('decoded without error');
}

describe('sgip decode refuses malformed frames with DecodeError', () => {
  const cases: { name: string; frame: Buffer; message: string; commandId?: number }[] = [
    {
      name: 'shorter than the header',
      frame: hex('00000010 00000002 0000000000000000'),
      message: 'shorter than the 20-byte header',
    },
    {
      name: 'Message_Length larger than the frame',
      frame: hex('00000015 00000002', SEQ_HEX),
      message: 'Message_Length 21 but the frame has 20 bytes',
      commandId: 2,
    },
    {
      name: 'unknown command id, carrying it',
      frame: hex('00000014 00000099', SEQ_HEX),
      message: 'unknown Command_ID 0x00000099',
      commandId: 0x99,
    },
    {
      // ADDSP (0x6) is named in §2.2 but has no layout in the reference: refused as unknown
      name: 'an SMG↔GNS administration command',
      frame: hex('00000014 00000006', SEQ_HEX),
      message: 'unknown Command_ID 0x00000006',
      commandId: 6,
    },
    {
      name: 'UNBIND with a body',
      frame: hex('00000015 00000002', SEQ_HEX, '00'),
      message: 'UNBIND body is 1 bytes, expected 0',
    },
    {
      name: 'BIND one byte short',
      frame: hex('0000003c 00000001', SEQ_HEX, '01', zeros(39)),
      message: 'BIND body is 40 bytes, expected 41',
    },
    {
      name: 'response with a 10-byte body',
      frame: hex('0000001e 80000003', SEQ_HEX, zeros(10)),
      message: 'SUBMIT_RESP body is 10 bytes, expected 9',
    },
    {
      name: 'REPORT one byte long',
      frame: hex('00000041 00000005', SEQ_HEX, zeros(45)),
      message: 'REPORT body is 45 bytes, expected 44',
    },
    {
      name: 'TRACE_RESP whose Count disagrees with its size',
      frame: hex('00000016 80001000', SEQ_HEX, '01', '00'),
      message: 'TRACE_RESP body is 2 bytes, Count 1 needs 48',
    },
  ];

  it.each(cases)('$name', ({ frame, message, commandId }) => {
    const error = decodeError(frame);
    expect(error.message).toContain(message);
    if (commandId !== undefined) expect(error.commandId).toBe(commandId);
  });

  it('SUBMIT with UserCount 0', () => {
    const frame = Buffer.from(encodeSgip(submit()));
    frame[20 + 42] = 0; // §2.4 UserCount @42
    expect(decodeError(frame).message).toContain('UserCount 0 outside 1..100');
  });

  it('SUBMIT with UserCount larger than the frame holds', () => {
    const frame = Buffer.from(encodeSgip(submit()));
    frame[20 + 42] = 50;
    expect(decodeError(frame).message).toContain('at least 1173 expected');
  });

  it('SUBMIT whose MessageLength disagrees with the frame', () => {
    const frame = Buffer.from(encodeSgip(submit()));
    // MessageLength @111+21N = @132 of the body
    frame.writeUInt32BE(3, 20 + 132);
    expect(decodeError(frame).message).toContain('MessageLength 3 but the body leaves room for 2');
  });

  it('DELIVER whose MessageLength claims 4 GiB', () => {
    const frame = hex('0000004d 00000004', SEQ_HEX, zeros(21), zeros(21), '00 00 00', 'ffffffff', zeros(8)); // 20 + 57
    expect(decodeError(frame).message).toContain('MessageLength 4294967295');
  });

  it('DELIVER shorter than its fixed part', () => {
    const frame = hex('00000030 00000004', SEQ_HEX, zeros(28));
    expect(decodeError(frame).message).toContain('DELIVER body is 28 bytes, at least 57 expected');
  });
});

describe('sgip decode tolerates what gateways send', () => {
  it('text fields padded with spaces instead of NULs', () => {
    const frame = hex(
      '0000003d 00000001',
      SEQ_HEX,
      '01',
      '7370303031',
      '20'.repeat(11),
      '736563726574',
      zeros(10),
      zeros(8),
    );
    expect(decodeSgip(frame)).toMatchObject({ loginName: 'sp001', loginPassword: 'secret' });
  });

  it('a response with any Result value', () => {
    expect(decodeSgip(hex('0000001d 80000003', SEQ_HEX, 'ff', zeros(8)))).toMatchObject({ result: 255 });
  });
});

describe('sgip encode refuses values that do not fit with EncodeError', () => {
  const cases: { name: string; pdu: SgipPdu; message: string }[] = [
    { name: 'no recipients', pdu: submit({ userNumbers: [] }), message: 'SUBMIT needs 1..100 UserNumbers, got 0' },
    {
      name: '101 recipients',
      pdu: submit({ userNumbers: Array.from({ length: 101 }, () => '8613012345678') }),
      message: 'SUBMIT needs 1..100 UserNumbers, got 101',
    },
    {
      name: 'a PDU above the 2 KiB packet limit',
      pdu: submit({ messageContent: Buffer.alloc(2048 - 164 + 1) }),
      message: 'would be 2049 bytes, above the 2048-byte limit',
    },
    {
      name: 'SPNumber of 22 characters',
      pdu: submit({ spNumber: '1'.repeat(22) }),
      message: 'SPNumber is longer than 21 bytes',
    },
    { name: 'CorpId of 6 digits', pdu: submit({ corpId: '123456' }), message: 'CorpId is longer than 5 bytes' },
    {
      name: 'non-ASCII ServiceType',
      pdu: submit({ serviceType: '业务' }),
      message: 'ServiceType "业务" has a NUL or non-ASCII',
    },
    { name: 'Priority 256', pdu: submit({ priority: 256 }), message: 'Priority 256 is not a uint8' },
    { name: 'negative FeeType', pdu: submit({ feeType: -1 }), message: 'FeeType -1 is not a uint8' },
    {
      name: 'fractional Result',
      pdu: { command: 'submit_resp', sequence: SEQ, result: 1.5 },
      message: 'Result 1.5 is not a uint8',
    },
    {
      name: 'sequence node above 2^32-1',
      pdu: { command: 'unbind', sequence: { node: 2 ** 32, time: 0, seq: 0 } },
      message: 'SequenceNumber node 4294967296 is not a uint32',
    },
    {
      name: 'LoginPassword of 17 characters',
      pdu: { command: 'bind', sequence: SEQ, loginType: 1, loginName: 'sp', loginPassword: 'x'.repeat(17) },
      message: 'LoginPassword is longer than 16 bytes',
    },
  ];

  it.each(cases)('$name', ({ pdu, message }) => {
    expect(() => encodeSgip(pdu)).toThrow(EncodeError);
    expect(() => encodeSgip(pdu)).toThrow(message);
  });

  it('a SUBMIT of exactly 2048 bytes is allowed', () => {
    expect(encodeSgip(submit({ messageContent: Buffer.alloc(2048 - 164) })).length).toBe(2048);
  });
});
