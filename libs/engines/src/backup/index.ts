export * from './jobs.js';
export * from './labels.js';
export * from './network-policy.js';
export * from './scripts.js';
export * from './wordpress-rewrite.js';
