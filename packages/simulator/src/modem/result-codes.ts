/**
 * Error numbers a module answers with: +CME ERROR (3GPP TS 27.007 §9.2) for equipment and SIM,
 * +CMS ERROR (TS 27.005 §3.2.5) for SMS commands. Only those the simulator uses are named.
 */
export const CME_ERROR = {
  operationNotAllowed: 3,
  operationNotSupported: 4,
  simNotInserted: 10,
  simPinRequired: 11,
  simFailure: 13,
  incorrectPassword: 16,
  noNetworkService: 30,
  incorrectParameters: 50,
} as const;

export const CMS_ERROR = {
  operationNotAllowed: 302,
  operationNotSupported: 303,
  invalidPduModeParameter: 304,
  simNotInserted: 310,
  simPinRequired: 311,
  simFailure: 313,
  invalidMemoryIndex: 321,
  memoryFull: 322,
  noNetworkService: 331,
  networkTimeout: 332,
  noCnmaExpected: 340,
  unknownError: 500,
} as const;

/** The verbose texts of AT+CMEE=2 for the codes above. */
export const CME_TEXT: Readonly<Record<number, string>> = {
  3: 'operation not allowed',
  4: 'operation not supported',
  10: 'SIM not inserted',
  11: 'SIM PIN required',
  13: 'SIM failure',
  16: 'incorrect password',
  30: 'no network service',
  50: 'Incorrect parameters',
};
