/**
 * Writes store status changes: the only way any process changes a store's
 * status. The legal moves come from the status machine in libs/contracts; the
 * UPDATE is conditional on the current status, so two processes racing to
 * move the same store cannot both win.
 */
import {
  assertStoreTransition,
  IllegalStoreTransitionError,
  statusesLeadingTo,
  STORE_CHANGES_CHANNEL,
  type StoreChangeMessage,
  type StoreStatus,
} from '@storefleet/contracts';

import type { Prisma, PrismaClient, Store } from './generated/prisma/client.js';

type Db = PrismaClient | Prisma.TransactionClient;

/** Fields that may change together with the status. */
export type StoreTransitionData = Omit<Prisma.StoreUpdateManyMutationInput, 'status' | 'id' | 'ownerId'>;

/**
 * Moves a store to `to` if its current status may lead there (optionally only
 * from the statuses in `from`). Returns the updated store, or throws
 * IllegalStoreTransitionError naming the status it found.
 */
export async function transitionStore(
  db: Db,
  storeId: string,
  to: StoreStatus,
  data: StoreTransitionData = {},
  options: { from?: readonly StoreStatus[] } = {},
): Promise<Store> {
  for (const from of options.from ?? []) assertStoreTransition(from, to);
  const [updated] = await db.store.updateManyAndReturn({
    where: { id: storeId, status: { in: [...(options.from ?? statusesLeadingTo(to))] } },
    // A deleted store gives its name back.
    data: { ...data, status: to, ...(to === 'deleted' ? { liveName: null } : {}) },
  });
  if (updated) return updated;
  const current = await db.store.findUniqueOrThrow({ where: { id: storeId }, select: { status: true } });
  throw new IllegalStoreTransitionError(current.status, to);
}

export function storeChangeMessage(store: Store): StoreChangeMessage {
  return {
    storeId: store.id,
    ownerId: store.ownerId,
    name: store.name,
    status: store.status,
    statusReason: store.statusReason,
    storefrontUrl: store.storefrontUrl,
    adminUrl: store.adminUrl,
    updatedAt: store.updatedAt.toISOString(),
  };
}

/** Anything that can PUBLISH to Redis (an ioredis client). */
export interface Publisher {
  publish(channel: string, message: string): Promise<number>;
}

/** Announces a store's new state to every API replica's live streams. */
export async function publishStoreChange(redis: Publisher, store: Store): Promise<void> {
  await redis.publish(STORE_CHANGES_CHANNEL, JSON.stringify(storeChangeMessage(store)));
}
