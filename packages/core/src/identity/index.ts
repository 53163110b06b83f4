export * from './credit-code.js';
export * from './resident-id.js';
