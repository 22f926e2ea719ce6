export * from './job-defaults.js';
export * from './job-queues.js';
export * from './queue.module.js';
export * from './store-jobs.js';
