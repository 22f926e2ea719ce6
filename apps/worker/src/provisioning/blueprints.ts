import { Inject, Injectable } from '@nestjs/common';
import { PAUSED_STORE_STATUSES } from '@storefleet/contracts';
import { PrismaService, type Store, storeDomains } from '@storefleet/db';
import { type Blueprint, blueprintFor, type EngineConfig } from '@storefleet/engines';

import { ENGINE_CONFIG } from '../config/engine-config.js';

/** The version a store's blueprint is built at: while upgrading the target, otherwise its own. */
export function versionToBuild(store: Pick<Store, 'status' | 'engineVersion' | 'targetEngineVersion'>): string | null {
  return store.status === 'upgrading' ? (store.targetEngineVersion ?? store.engineVersion) : store.engineVersion;
}

/**
 * The one place a store's blueprint is built, for provisioning and for the
 * reconciler alike, with the owner's e-mail (Medusa's admin login), so both
 * always want the same objects. A suspending or suspended store's blueprint
 * is its suspended one (workloads at zero, the paused page up); an upgrading
 * store's is built at the version it moves to. The store's custom domains
 * (StoreDomain rows) are its Ingress hosts and canonical URL.
 */
@Injectable()
export class StoreBlueprints {
  constructor(
    @Inject(PrismaService) private readonly db: PrismaService,
    @Inject(ENGINE_CONFIG) private readonly engineConfig: EngineConfig,
  ) {}

  /** At `engineVersion` when given (a failed upgrade goes back to the store's own version), else the store's. */
  async forStore(store: Store, engineVersion: string | null = versionToBuild(store)): Promise<Blueprint> {
    const owner = await this.db.user.findUnique({ where: { id: store.ownerId }, select: { email: true } });
    return blueprintFor(
      {
        id: store.id,
        name: store.name,
        ownerId: store.ownerId,
        engine: store.engine,
        plan: store.plan,
        ownerEmail: owner?.email ?? null,
        suspended: PAUSED_STORE_STATUSES.includes(store.status),
        engineVersion,
        domains: await storeDomains(this.db, store.id),
      },
      this.engineConfig,
    );
  }
}
