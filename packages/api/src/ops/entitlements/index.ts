export * from './effective.js';
export * from './org-entitlements.js';
export * from './user-entitlements.js';
