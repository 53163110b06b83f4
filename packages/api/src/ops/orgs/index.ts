export * from './org-kinds.js';
export * from './org-view.js';
export * from './list-org-tree.js';
export * from './get-org.js';
export * from './create-child-org.js';
export * from './update-org.js';
export * from './set-org-status.js';
