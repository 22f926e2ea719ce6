import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

import { PrismaClient } from './generated/prisma/client.js';

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  /** Give up opening a connection after this long (default 5 s). */
  connectionTimeoutMs?: number;
  /**
   * Give up waiting for a query's answer after this long (default: wait forever).
   * Bounds how long a request can hang on a server that stopped answering.
   */
  queryTimeoutMs?: number;
}

/**
 * The pg pool a Prisma client runs on (Prisma 7's query compiler: no native engine). The same pool
 * serves the few statements too hot for Prisma's runtime (see `findStorePage`).
 */
export function createPool({ url, poolSize = 10, connectionTimeoutMs = 5_000, queryTimeoutMs }: DatabaseOptions): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: connectionTimeoutMs,
    ...(queryTimeoutMs ? { query_timeout: queryTimeoutMs } : {}),
  });
}

/** Options for a Prisma client on `pool`; disconnecting the client ends the pool. */
export function prismaClientOptions(pool: pg.Pool) {
  return { adapter: new PrismaPg(pool, { disposeExternalPool: true }) };
}

export function createPrismaClient(options: DatabaseOptions): PrismaClient {
  return new PrismaClient(prismaClientOptions(createPool(options)));
}
