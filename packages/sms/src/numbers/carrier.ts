/** The carriers a message can be routed to; INTL is any number outside China. */
export type Carrier = 'CMCC' | 'CUCC' | 'CTCC' | 'CBN' | 'INTL';

/**
 * Carrier names as number-segments.csv spells them. 'Other' marks real ranges (MIIT emergency
 * communication, Inmarsat satellite) that none of our carriers terminates, so they map to null.
 */
export const CARRIER_OF_CSV_NAME: ReadonlyMap<string, Exclude<Carrier, 'INTL'> | null> = new Map([
  ['China Mobile', 'CMCC'],
  ['China Unicom', 'CUCC'],
  ['China Telecom', 'CTCC'],
  ['China Broadnet', 'CBN'],
  ['Other', null],
]);
