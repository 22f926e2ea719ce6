import { Inject, Injectable } from '@nestjs/common';
import { IllegalStoreTransitionError } from '@storefleet/contracts';
import { PrismaService, type Store, transitionStore } from '@storefleet/db';

import { OWNER_LOCK_SPACE } from '../common/store-lock.js';
import { WORKER_CONFIG, type WorkerEnv } from '../config/worker-config.js';

export type Admission = { admitted: Store } | { atLimit: { limit: number; provisioning: number } } | { gone: string };

/**
 * Moves a requested store to provisioning unless its owner already has the
 * maximum of stores provisioning. The count and the move happen under a
 * Postgres advisory lock per owner, so the limit holds across every worker
 * pod: two workers can never both see "one slot left" and both take it.
 */
@Injectable()
export class ProvisioningAdmission {
  constructor(
    @Inject(PrismaService) private readonly db: PrismaService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerEnv,
  ) {}

  async admit(store: Store): Promise<Admission> {
    try {
      return await this.db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OWNER_LOCK_SPACE}::int, hashtext(${store.ownerId}))`;
        const owner = await tx.user.findUnique({ where: { id: store.ownerId }, select: { maxProvisioningStores: true } });
        const limit = owner?.maxProvisioningStores ?? this.config.DEFAULT_MAX_PROVISIONING_STORES;
        const provisioning = await tx.store.count({ where: { ownerId: store.ownerId, status: 'provisioning' } });
        if (provisioning >= limit) return { atLimit: { limit, provisioning } };
        const admitted = await transitionStore(
          tx,
          store.id,
          'provisioning',
          { provisioningStartedAt: new Date(), statusReason: null },
          { from: ['requested'] },
        );
        return { admitted };
      });
    } catch (error) {
      if (error instanceof IllegalStoreTransitionError) return { gone: `the store is ${error.from}` };
      throw error;
    }
  }
}
