import { randomBytes, randomUUID } from 'node:crypto';

import { jobId, JobName, namespaceForStore, type StoreStatus } from '@storefleet/contracts';
import type { PrismaClient, Store } from '@storefleet/db';
import type { JobQueues } from '@storefleet/queue';

/** A unique store name for this run, so tests sharing the control plane never collide. */
export function storeName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

export async function createOwner(db: PrismaClient, limits: { maxProvisioningStores?: number } = {}) {
  return db.user.create({ data: { email: `owner-${randomUUID()}@example.com`, passwordHash: 'x', ...limits } });
}

/** What the API does on POST /stores: a requested store and its provision job. */
export async function requestStore(db: PrismaClient, queues: JobQueues, ownerId: string, name: string): Promise<Store> {
  const store = await db.store.create({
    data: {
      name,
      liveName: name,
      engine: 'woocommerce',
      plan: 'small',
      ownerId,
      namespace: namespaceForStore(name),
      provisionAttempts: 1,
    },
  });
  await queues.enqueue(JobName.ProvisionStore, { storeId: store.id, attempt: 1 }, { jobId: jobId.provision(store.id, 1) });
  return store;
}

/** What the API does on DELETE /stores/:id. */
export async function requestDeletion(db: PrismaClient, queues: JobQueues, storeId: string): Promise<void> {
  await db.store.update({ where: { id: storeId }, data: { status: 'deleting', statusReason: null } });
  await queues.enqueue(JobName.TeardownStore, { storeId }, { jobId: jobId.teardown(storeId) });
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
