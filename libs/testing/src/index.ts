export * from './database.js';
export * from './local-env.js';
