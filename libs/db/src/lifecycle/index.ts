export * from './audit.repository.js';
export * from './errors.js';
export * from './keyed-serializer.js';
export * from './store-events.repository.js';
export * from './store-lifecycle.js';
export * from './stores.repository.js';
