import { randomBytes, randomUUID } from 'node:crypto';

import type { StoreEngine, StoreStatus } from '@storefleet/contracts';
import { type PrismaClient, type Publisher, type Store, StoreLifecycle } from '@storefleet/db';
import { type JobQueues, StoreJobs } from '@storefleet/queue';

/** A unique store name for this run, so tests sharing the control plane never collide. */
export function storeName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

export async function createOwner(
  db: PrismaClient,
  limits: { maxLiveStores?: number; maxProvisioningStores?: number; maxCreatesPerHour?: number } = {},
) {
  return db.user.create({ data: { email: `owner-${randomUUID()}@example.com`, passwordHash: 'x', ...limits } });
}

/** The platform defaults of PRODUCT.md section 3, as a test's lifecycle applies them. */
export const DEFAULT_LIMITS = { maxLiveStores: 5, maxProvisioningStores: 2, maxCreatesPerHour: 10 };

/** The shared lifecycle, as the API builds it, on a test's database and queues. */
export function testLifecycle(db: PrismaClient, queues: JobQueues, publisher: Publisher | null = null): StoreLifecycle {
  return new StoreLifecycle({ db, publisher, jobs: new StoreJobs(queues, { timeoutMs: 5_000 }), defaultLimits: DEFAULT_LIMITS });
}

/** POST /stores, through the same StoreLifecycle the API calls: a requested store and its provision job. */
export async function requestStore(
  db: PrismaClient,
  queues: JobQueues,
  ownerId: string,
  name: string,
  engine: StoreEngine = 'woocommerce',
  options: { engineVersion?: string } = {},
): Promise<Store> {
  const { store } = await testLifecycle(db, queues).create(
    { ownerId, name, engine, plan: 'small', engineVersion: options.engineVersion ?? null },
    null,
  );
  return db.store.findUniqueOrThrow({ where: { id: store.id } });
}

/** DELETE /stores/:id, through the same StoreLifecycle the API calls. */
export async function requestDeletion(db: PrismaClient, queues: JobQueues, storeId: string): Promise<void> {
  await testLifecycle(db, queues).requestDeletion(storeId, null);
}

/** Polls the database (tests only) until the store satisfies `done`, or fails with what it last saw. */
export async function waitForStore(
  db: PrismaClient,
  storeId: string,
  done: (store: Store) => boolean,
  timeoutMs = 90_000,
): Promise<Store> {
  const until = Date.now() + timeoutMs;
  let last: Store | null = null;
  while (Date.now() < until) {
    last = await db.store.findUnique({ where: { id: storeId } });
    if (last && done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `store ${storeId} did not get there within ${timeoutMs} ms; last seen: ${last?.status} (${last?.statusReason ?? ''})`,
  );
}

export const waitForStatus = (db: PrismaClient, storeId: string, status: StoreStatus, timeoutMs?: number) =>
  waitForStore(db, storeId, (s) => s.status === status, timeoutMs);
