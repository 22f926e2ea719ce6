export * from './conditions.js';
export * from './errors.js';
export * from './kube.module.js';
export * from './kube-client.js';
export * from './resources.js';
export * from './retry.js';
export * from './token-bucket.js';
export * from './watch.js';
