export * from './sign-up.js';
export * from './review.js';
export * from './barred.js';
export { LICENCE_TYPES, MAX_LICENCE_BYTES, sniffLicenceType, type LicenceType } from './licence.js';
