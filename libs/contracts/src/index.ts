export * from './api.js';
export * from './domain.js';
export * from './pipeline.js';
export * from './queues.js';
export * from './store-name.js';
export * from './store-status.js';
