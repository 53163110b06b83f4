import fc from 'fast-check';
import {
  type CommandName,
  FieldSize,
  type HeaderOnly,
  isCommandInVersion,
  type MultiDestination,
  type SmppPdu,
  type SmppVersion,
  type Tlvs,
  TlvDefinitions,
} from '@smshub/protocols/smpp';

/**
 * Generators for SMPP PDUs of one version, within every field's limits. C-Octet strings draw
 * from Latin-1 without NUL (what the codec carries unchanged).
 */
const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const sequence = fc.integer({ min: 0, max: 0x7fffffff });
const status = fc.oneof(fc.constant(0), u32);

/** A C-Octet string of at most `size` bytes including its NUL. */
const cstr = (size: number): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 1, max: 0xff }), { maxLength: size - 1 }).map((codes) => String.fromCharCode(...codes));
const wellFormedTime = fc.constantFrom('', '240102030405000+', '000001000000000R', '991231235959948-');
const anyTime = fc.oneof(wellFormedTime, cstr(17));
const bytes = (max: number): fc.Arbitrary<Buffer> => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b));

const knownTags = new Set<number>(Object.values(TlvDefinitions).map((d) => d.tag));
const unknownTag = u16.filter((tag) => !knownTags.has(tag));

/** Some named TLVs of every kind, vendor TLVs in `others`; undefined rather than {}. */
export const tlvsArb: fc.Arbitrary<Tlvs | undefined> = fc
  .record(
    {
      receiptedMessageId: cstr(65),
      messageState: u8,
      sarMsgRefNum: u16,
      sarTotalSegments: u8,
      sarSegmentSeqnum: u8,
      qosTimeToLive: u32,
      messagePayload: bytes(600),
      networkErrorCode: fc.record({ networkType: u8, errorCode: u16 }),
      broadcastContentType: fc.record({ networkType: u8, contentType: u16 }),
      broadcastFrequencyInterval: fc.record({ timeUnit: u8, number: u16 }),
      broadcastAreaIdentifier: fc.array(fc.record({ format: u8, details: bytes(20) }), { minLength: 1, maxLength: 3 }),
      alertOnMessageDelivery: bytes(1),
      congestionState: u8,
      others: fc.array(fc.record({ tag: unknownTag, value: bytes(30) }), { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: [] },
  )
  .map((t) => (Object.keys(t).length === 0 ? undefined : (t as Tlvs)));

const destination: fc.Arbitrary<MultiDestination> = fc.oneof(
  fc.record({
    type: fc.constant('sme_address' as const),
    destAddrTon: u8,
    destAddrNpi: u8,
    destinationAddr: cstr(FieldSize.address),
  }),
  fc.record({ type: fc.constant('distribution_list' as const), dlName: cstr(FieldSize.dlName) }),
);

function arbitraries(
  tlvs: fc.Arbitrary<Tlvs | undefined>,
  time: fc.Arbitrary<string>,
): Record<CommandName, fc.Arbitrary<SmppPdu>> {
  const head = { sequence, commandStatus: fc.constant(0) };
  const respHead = { sequence, commandStatus: status };
  const sm = (command: 'submit_sm' | 'deliver_sm') =>
    fc.record({
      command: fc.constant(command),
      ...head,
      serviceType: cstr(FieldSize.serviceType),
      sourceAddrTon: u8,
      sourceAddrNpi: u8,
      sourceAddr: cstr(FieldSize.address),
      destAddrTon: u8,
      destAddrNpi: u8,
      destinationAddr: cstr(FieldSize.address),
      esmClass: u8,
      protocolId: u8,
      priorityFlag: u8,
      scheduleDeliveryTime: time,
      validityPeriod: time,
      registeredDelivery: u8,
      replaceIfPresentFlag: u8,
      dataCoding: u8,
      smDefaultMsgId: u8,
      shortMessage: bytes(254),
      tlvs,
    });
  const bind = (command: 'bind_transmitter' | 'bind_receiver' | 'bind_transceiver') =>
    fc.record({
      command: fc.constant(command),
      ...head,
      systemId: cstr(FieldSize.systemId),
      password: cstr(FieldSize.password),
      systemType: cstr(FieldSize.systemType),
      interfaceVersion: u8,
      addrTon: u8,
      addrNpi: u8,
      addressRange: cstr(FieldSize.addressRange),
      tlvs,
    });
  const bindResp = (command: 'bind_transmitter_resp' | 'bind_receiver_resp' | 'bind_transceiver_resp') =>
    fc.record({ command: fc.constant(command), ...respHead, systemId: cstr(FieldSize.systemId), tlvs });
  const idResp = (
    command: 'submit_sm_resp' | 'deliver_sm_resp' | 'data_sm_resp' | 'broadcast_sm_resp' | 'query_broadcast_sm_resp',
  ) => fc.record({ command: fc.constant(command), ...respHead, messageId: cstr(FieldSize.messageId), tlvs });
  const bare = (command: HeaderOnly['command'], response: boolean) =>
    fc.record({ command: fc.constant(command), ...(response ? respHead : head) });
  const query = (command: 'query_sm' | 'query_broadcast_sm') =>
    fc.record({
      command: fc.constant(command),
      ...head,
      messageId: cstr(FieldSize.messageId),
      sourceAddrTon: u8,
      sourceAddrNpi: u8,
      sourceAddr: cstr(FieldSize.address),
      tlvs,
    });

  return {
    generic_nack: bare('generic_nack', true),
    bind_transmitter: bind('bind_transmitter'),
    bind_receiver: bind('bind_receiver'),
    bind_transceiver: bind('bind_transceiver'),
    bind_transmitter_resp: bindResp('bind_transmitter_resp'),
    bind_receiver_resp: bindResp('bind_receiver_resp'),
    bind_transceiver_resp: bindResp('bind_transceiver_resp'),
    outbind: fc.record({
      command: fc.constant('outbind' as const),
      ...head,
      systemId: cstr(FieldSize.systemId),
      password: cstr(FieldSize.password),
      tlvs,
    }),
    unbind: bare('unbind', false),
    unbind_resp: bare('unbind_resp', true),
    enquire_link: bare('enquire_link', false),
    enquire_link_resp: bare('enquire_link_resp', true),
    cancel_sm_resp: bare('cancel_sm_resp', true),
    replace_sm_resp: bare('replace_sm_resp', true),
    cancel_broadcast_sm_resp: bare('cancel_broadcast_sm_resp', true),
    submit_sm: sm('submit_sm'),
    deliver_sm: sm('deliver_sm'),
    submit_sm_resp: idResp('submit_sm_resp'),
    deliver_sm_resp: idResp('deliver_sm_resp'),
    data_sm_resp: idResp('data_sm_resp'),
    broadcast_sm_resp: idResp('broadcast_sm_resp'),
    query_broadcast_sm_resp: idResp('query_broadcast_sm_resp'),
    submit_multi: fc.record({
      command: fc.constant('submit_multi' as const),
      ...head,
      serviceType: cstr(FieldSize.serviceType),
      sourceAddrTon: u8,
      sourceAddrNpi: u8,
      sourceAddr: cstr(FieldSize.address),
      destAddresses: fc.array(destination, { minLength: 1, maxLength: 8 }),
      esmClass: u8,
      protocolId: u8,
      priorityFlag: u8,
      scheduleDeliveryTime: time,
      validityPeriod: time,
      registeredDelivery: u8,
      replaceIfPresentFlag: u8,
      dataCoding: u8,
      smDefaultMsgId: u8,
      shortMessage: bytes(254),
      tlvs,
    }),
    submit_multi_resp: fc.record({
      command: fc.constant('submit_multi_resp' as const),
      ...respHead,
      messageId: cstr(FieldSize.messageId),
      unsuccessSmes: fc.array(
        fc.record({ destAddrTon: u8, destAddrNpi: u8, destinationAddr: cstr(FieldSize.address), errorStatusCode: u32 }),
        { maxLength: 5 },
      ),
      tlvs,
    }),
    data_sm: fc.record({
      command: fc.constant('data_sm' as const),
      ...head,
      serviceType: cstr(FieldSize.serviceType),
      sourceAddrTon: u8,
      sourceAddrNpi: u8,
      sourceAddr: cstr(FieldSize.longAddress),
      destAddrTon: u8,
      destAddrNpi: u8,
      destinationAddr: cstr(FieldSize.longAddress),
      esmClass: u8,
      registeredDelivery: u8,
      dataCoding: u8,
      tlvs,
    }),
    query_sm: query('query_sm'),
    query_broadcast_sm: query('query_broadcast_sm'),
    query_sm_resp: fc.record({
      command: fc.constant('query_sm_resp' as const),
      ...respHead,
      messageId: cstr(FieldSize.messageId),
      finalDate: time,
      messageState: u8,
      errorCode: u8,
      tlvs,
    }),
    cancel_sm: fc.record({
      command: fc.constant('cancel_sm' as const),
      ...head,
      serviceType: cstr(FieldSize.serviceType),
      messageId: cstr(FieldSize.messageId),
      sourceAddrTon: u8,
      sourceAddrNpi: u8,
      sourceAddr: cstr(FieldSize.address),
      destAddrTon: u8,
      destAddrNpi: u8,
      destinationAddr: cstr(FieldSize.address),
      tlvs,
    }),
    replace_sm: fc.record({
      command: fc.constant('replace_sm' as const),
      ...head,
      messageId: cstr(FieldSize.messageId),
      sourceAddrTon: u8,
      sourceAddrNpi: u8,
      sourceAddr: cstr(FieldSize.address),
      scheduleDeliveryTime: time,
      validityPeriod: time,
      registeredDelivery: u8,
      smDefaultMsgId: u8,
      shortMessage: bytes(254),
      tlvs,
    }),
    alert_notification: fc.record({
      command: fc.constant('alert_notification' as const),
      ...head,
      sourceAddrTon: u8,
      sourceAddrNpi: u8,
      sourceAddr: cstr(FieldSize.longAddress),
      esmeAddrTon: u8,
      esmeAddrNpi: u8,
      esmeAddr: cstr(FieldSize.longAddress),
      tlvs,
    }),
    broadcast_sm: fc.record({
      command: fc.constant('broadcast_sm' as const),
      ...head,
      serviceType: cstr(FieldSize.serviceType),
      sourceAddrTon: u8,
      sourceAddrNpi: u8,
      sourceAddr: cstr(FieldSize.address),
      messageId: cstr(FieldSize.messageId),
      priorityFlag: u8,
      scheduleDeliveryTime: time,
      validityPeriod: time,
      replaceIfPresentFlag: u8,
      dataCoding: u8,
      smDefaultMsgId: u8,
      tlvs,
    }),
    cancel_broadcast_sm: fc.record({
      command: fc.constant('cancel_broadcast_sm' as const),
      ...head,
      serviceType: cstr(FieldSize.serviceType),
      messageId: cstr(FieldSize.messageId),
      sourceAddrTon: u8,
      sourceAddrNpi: u8,
      sourceAddr: cstr(FieldSize.address),
      tlvs,
    }),
  };
}

export interface PduArbOptions {
  /** TLVs to draw from (default tlvsArb; none for 3.3). */
  readonly tlvs?: fc.Arbitrary<Tlvs | undefined>;
  /** Only '' and 16-character SMPP times in time fields. */
  readonly wellFormedTimes?: boolean;
}

/** Any PDU `version` defines (3.3: without TLVs). */
export function pduArb(version: SmppVersion, options: PduArbOptions = {}): fc.Arbitrary<SmppPdu> {
  const tlvs = version === 0x33 ? fc.constant(undefined) : (options.tlvs ?? tlvsArb);
  const all = arbitraries(tlvs, options.wellFormedTimes === true ? wellFormedTime : anyTime);
  const names = (Object.keys(all) as CommandName[]).filter((name) => isCommandInVersion(name, version));
  return fc.oneof(...names.map((name) => all[name]));
}

export const versionArb: fc.Arbitrary<SmppVersion> = fc.constantFrom(0x33, 0x34, 0x50);
