export * from './logger-options.js';
export * from './logging.module.js';
export * from './redaction.js';
