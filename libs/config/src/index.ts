export * from './api-env.js';
export * from './common-env.js';
export * from './load-config.js';
export * from './worker-env.js';
