import { randomUUID } from 'node:crypto';

import { jest } from '@jest/globals';
import { QueueName } from '@storefleet/contracts';
import { createPrismaClient, type PrismaClient } from '@storefleet/db';
import { createTestDatabase, type TestDatabase } from '@storefleet/testing';
import { Queue } from 'bullmq';

import { createUser, type TestUser } from './factories.js';
import { clearRedisPrefix, startTestApi, type TestApi } from './test-api.js';

export interface ApiSuite {
  db: TestDatabase;
  /** As the application role, for fixtures and for checking what the API wrote. */
  prisma: PrismaClient;
  api: TestApi;
  prefix: string;
}

/**
 * One database of its own, one BullMQ/rate-limit prefix of its own and one
 * running API for a test file; everything is removed afterwards.
 */
export function apiSuite(name: string, env: Record<string, string> = {}): ApiSuite {
  const suite = {} as ApiSuite;
  // jest ignores testTimeout inside `projects`; booting apps and databases needs more than 5 s.
  jest.setTimeout(60_000);
  beforeAll(async () => {
    suite.db = await createTestDatabase(name);
    suite.prefix = `test-${name}-${randomUUID().slice(0, 8)}`;
    suite.prisma = createPrismaClient({ url: suite.db.appUrl });
    suite.api = await startTestApi({ databaseUrl: suite.db.appUrl, prefix: suite.prefix, env });
  });
  afterAll(async () => {
    if (suite.api) {
      await clearRedisPrefix(suite.api);
      await suite.api.close();
    }
    await suite.prisma?.$disconnect();
    await suite.db?.drop();
  });
  return suite;
}

/** Who a store-operation test acts as, and the queue the API hands operations to. */
export interface OperationCast {
  /** Two owners with room for many stores, and an operator. */
  owner: TestUser;
  other: TestUser;
  operator: TestUser;
  /** The operations queue under the suite's prefix (what the API enqueued). */
  operations: Queue;
}

/** Creates the cast in a beforeAll of the suite's file, and closes its queue afterwards. */
export function operationCast(s: ApiSuite): OperationCast {
  const cast = {} as OperationCast;
  beforeAll(async () => {
    const roomy = { maxLiveStores: 100, maxProvisioningStores: 100, maxCreatesPerHour: 100 };
    cast.owner = await createUser(s.api, s.prisma, roomy);
    cast.other = await createUser(s.api, s.prisma, roomy);
    cast.operator = await createUser(s.api, s.prisma, { role: 'operator' });
    cast.operations = new Queue(QueueName.Operations, { connection: { url: process.env.REDIS_URL! }, prefix: s.prefix });
  });
  afterAll(() => cast.operations?.close());
  return cast;
}
