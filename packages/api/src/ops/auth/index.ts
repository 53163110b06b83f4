export * from './codes.js';
export * from './send-code.js';
export {
  hashPassword,
  verifyPassword,
  requireAcceptablePassword,
  MIN_PASSWORD_LENGTH,
  MAX_PASSWORD_LENGTH,
} from './passwords.js';
export { maskMobile, normalizeMobile } from './phones.js';
export { sendPlatformSms, type PlatformSms } from './platform-sms.js';
export * from './account.js';
export { findDirectoryUser, escapeFilterValue } from './directory.js';
export {
  MAX_FAILED_LOGINS,
  LOCKOUT_MS,
  signInWithCode,
  signInWithDirectory,
  type CodeSignIn,
  type DirectorySignIn,
} from './sign-in.js';
