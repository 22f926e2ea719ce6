import { PrismaPg } from '@prisma/adapter-pg';

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

/** Options for a Prisma client on the pg driver adapter (Prisma 7's query compiler: no native engine). */
export function prismaClientOptions({ url, poolSize = 10, connectionTimeoutMs = 5_000, queryTimeoutMs }: DatabaseOptions) {
  return {
    adapter: new PrismaPg({
      connectionString: url,
      max: poolSize,
      connectionTimeoutMillis: connectionTimeoutMs,
      ...(queryTimeoutMs ? { query_timeout: queryTimeoutMs } : {}),
    }),
  };
}

export function createPrismaClient(options: DatabaseOptions): PrismaClient {
  return new PrismaClient(prismaClientOptions(options));
}
