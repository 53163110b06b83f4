import type { SgipSubmit } from '@smshub/protocols/sgip';

export const SEQ = { node: 3010012345, time: 1120203225, seq: 1 };

/** A plain SUBMIT (one recipient, ASCII "hi", report wanted) with the fields a test changes. */
export function sgipSubmit(overrides: Partial<SgipSubmit> = {}): SgipSubmit {
  return {
    command: 'submit',
    sequence: SEQ,
    spNumber: '10655',
    chargeNumber: '',
    userNumbers: ['8613012345678'],
    corpId: '12345',
    serviceType: '',
    feeType: 1,
    feeValue: '',
    givenValue: '',
    agentFlag: 0,
    morelatetoMTFlag: 2,
    priority: 0,
    expireTime: '',
    scheduleTime: '',
    reportFlag: 1,
    tpPid: 0,
    tpUdhi: 0,
    messageCoding: 0,
    messageType: 0,
    messageContent: Buffer.from('hi'),
    ...overrides,
  };
}
