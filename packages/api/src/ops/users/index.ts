export * from './roles.js';
export * from './user-view.js';
export * from './list-users.js';
export * from './create-user.js';
export * from './update-user.js';
