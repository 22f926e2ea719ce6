export * from './credentials-cipher.js';
export * from './db-errors.js';
export * from './generated/prisma/client.js';
export * from './lifecycle/index.js';
export * from './migrate/schema-engine.js';
export * from './prisma.module.js';
export * from './prisma-client.js';
