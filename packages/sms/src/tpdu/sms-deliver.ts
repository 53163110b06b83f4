import { readTpAddress, tpAddressSize, writeTpAddress, type TpAddress } from './address.js';
import { readDataCodingScheme, type Alphabet } from './data-coding-scheme.js';
import { TP_MTI } from './message-type.js';
import { readTimestamp, TIMESTAMP_SIZE, writeTimestamp, type ServiceCentreTime } from './timestamp.js';
import type { TpduReader } from './tpdu-reader.js';
import { TpduWriter } from './tpdu-writer.js';
import {
  readUserData,
  userDataLayout,
  userDataText,
  writeUserData,
  type DecodedUserData,
  type UserData,
} from './user-data.js';

/**
 * SMS-DELIVER (3GPP TS 23.040 §9.2.2.1), SC → MS: an MO message as the modem sees it (+CMT, or
 * AT+CMGR of a stored one).
 *
 *   first octet: RP(7) UDHI(6) SRI(5) –(4) LP(3) MMS(2) MTI(1–0) = 00
 *   TP-OA, TP-PID, TP-DCS, TP-SCTS (7), TP-UDL, TP-UD
 */
export interface SmsDeliver {
  readonly originator: TpAddress;
  /** TP-MMS is 0 when more messages wait in the SC; this is that, the right way round. */
  readonly moreMessages: boolean;
  readonly loopPrevention: boolean;
  /** TP-SRI: the sender asked for a status report. */
  readonly statusReportIndication: boolean;
  readonly replyPath: boolean;
  readonly protocolIdentifier: number;
  readonly dataCodingScheme: number;
  readonly serviceCentreTime: ServiceCentreTime;
  readonly userData: UserData;
}

export interface DecodedDeliver extends SmsDeliver {
  readonly alphabet: Alphabet;
  readonly userData: DecodedUserData;
  /** The message text (this part's, for a part of a long message); null for 8-bit data. */
  readonly text: string | null;
}

const TPDU = 'sms-deliver';

/** Builds an SMS-DELIVER: the modem simulator's MO messages, and tests. */
export function encodeDeliver(deliver: SmsDeliver): Buffer {
  const { alphabet } = readDataCodingScheme(deliver.dataCodingScheme);
  const layout = userDataLayout(alphabet, deliver.userData, TPDU);
  const writer = new TpduWriter(
    TPDU,
    1 + tpAddressSize(deliver.originator, TPDU) + 2 + TIMESTAMP_SIZE + 1 + layout.octets,
  );
  writer.u8(
    (deliver.replyPath ? 0x80 : 0) |
      (deliver.userData.header !== null ? 0x40 : 0) |
      (deliver.statusReportIndication ? 0x20 : 0) |
      (deliver.loopPrevention ? 0x08 : 0) |
      (deliver.moreMessages ? 0 : 0x04) |
      TP_MTI.deliver,
  );
  writeTpAddress(writer, deliver.originator, 'TP-OA');
  writer.field(deliver.protocolIdentifier, 'TP-PID').field(deliver.dataCodingScheme, 'TP-DCS');
  writeTimestamp(writer, deliver.serviceCentreTime, 'TP-SCTS');
  writeUserData(writer, alphabet, deliver.userData, layout);
  return writer.finish();
}

/** Reads an SMS-DELIVER from `reader` (positioned after any service centre address). */
export function readDeliver(reader: TpduReader): DecodedDeliver {
  const firstAt = reader.offset;
  const first = reader.u8('first octet');
  if ((first & 0x03) !== TP_MTI.deliver) throw reader.fail(`TP-MTI ${first & 0x03} is not SMS-DELIVER (0)`, firstAt);
  const originator = readTpAddress(reader, 'TP-OA');
  const protocolIdentifier = reader.u8('TP-PID');
  const dataCodingScheme = reader.u8('TP-DCS');
  const serviceCentreTime = readTimestamp(reader, 'TP-SCTS');
  const { alphabet } = readDataCodingScheme(dataCodingScheme);
  const userData = readUserData(reader, alphabet, (first & 0x40) !== 0);
  reader.expectEnd();
  return {
    originator,
    moreMessages: (first & 0x04) === 0,
    loopPrevention: (first & 0x08) !== 0,
    statusReportIndication: (first & 0x20) !== 0,
    replyPath: (first & 0x80) !== 0,
    protocolIdentifier,
    dataCodingScheme,
    serviceCentreTime,
    userData,
    alphabet,
    text: userDataText(reader, alphabet, userData.payload),
  };
}
