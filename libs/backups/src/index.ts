export * from './backup-store.js';
export * from './keys.js';
export * from './manifest.js';
export * from './object-store.js';
export * from './retention.js';
export * from './s3-store.js';
export * from './transfer-urls.js';
