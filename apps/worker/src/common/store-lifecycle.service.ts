import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuditAction, AuditOutcome, StoreStatus } from '@storefleet/contracts';
import {
  type Prisma,
  PrismaService,
  publishStoreChange,
  type Store,
  type StoreTransitionData,
  transitionStore,
} from '@storefleet/db';

import { RedisClient } from './redis.provider.js';

/**
 * Status changes made by the worker: the transition (through the status
 * machine), its audit row in the same transaction, then the announcement on
 * the live stream.
 */
@Injectable()
export class StoreLifecycle {
  private readonly log = new Logger(StoreLifecycle.name);

  constructor(
    @Inject(PrismaService) private readonly db: PrismaService,
    @Inject(RedisClient) private readonly redis: RedisClient,
  ) {}

  async move(
    storeId: string,
    to: StoreStatus,
    data: StoreTransitionData,
    from: readonly StoreStatus[],
    audit?: { action: AuditAction; outcome: AuditOutcome; details?: Prisma.InputJsonValue },
  ): Promise<Store> {
    const store = await this.db.$transaction(async (tx) => {
      const moved = await transitionStore(tx, storeId, to, data, { from });
      if (audit) {
        await tx.auditLog.create({
          data: {
            action: audit.action,
            outcome: audit.outcome,
            targetType: 'store',
            targetId: storeId,
            details: audit.details ?? {},
          },
        });
      }
      return moved;
    });
    await this.announce(store);
    return store;
  }

  /** Publishes the store's state; a Redis hiccup must not undo a committed change. */
  async announce(store: Store): Promise<void> {
    try {
      await publishStoreChange(this.redis, store);
    } catch (error) {
      this.log.warn(
        `Could not publish the change of store ${store.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async audit(
    action: AuditAction,
    outcome: AuditOutcome,
    target: { type: string; id: string },
    details: Prisma.InputJsonValue,
  ): Promise<void> {
    await this.db.auditLog.create({ data: { action, outcome, targetType: target.type, targetId: target.id, details } });
  }
}
