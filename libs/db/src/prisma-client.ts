import { PrismaPg } from '@prisma/adapter-pg';

import { PrismaClient } from './generated/prisma/client.js';

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
}

/** Options for a Prisma client on the pg driver adapter (Prisma 7's query compiler: no native engine). */
export function prismaClientOptions({ url, poolSize = 10 }: DatabaseOptions) {
  return { adapter: new PrismaPg({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 }) };
}

export function createPrismaClient(options: DatabaseOptions): PrismaClient {
  return new PrismaClient(prismaClientOptions(options));
}
