import type { PrismaService, Store } from '@storefleet/db';
import type { Blueprint } from '@storefleet/engines';
import type { KubeClient } from '@storefleet/kube';

import { withStoreLock } from '../common/store-lock.js';

export interface DriftRepair {
  applied: number;
  /** Objects that were missing and came back. */
  recreated: string[];
  skipped?: string;
}

/**
 * Re-applies the store's desired state (every repairable group; the Secret
 * and the one-off Job are not re-created). Server-side apply of an unchanged
 * object writes nothing, so a healthy store costs one request per object.
 * Runs under the store's lock, and only while the store is still ready or
 * degraded, so it can never race a teardown.
 */
export async function repairDrift(db: PrismaService, kube: KubeClient, store: Store, blueprint: Blueprint): Promise<DriftRepair> {
  return withStoreLock(db, store.id, async (current) => {
    if (current?.status !== 'ready' && current?.status !== 'degraded')
      return { applied: 0, recreated: [], skipped: `store is ${current?.status ?? 'gone'}` };
    const recreated: string[] = [];
    let applied = 0;
    for (const group of blueprint.groups.filter((g) => g.repairable)) {
      for (const object of group.objects) {
        const { created } = await kube.apply(object);
        applied++;
        if (created) recreated.push(`${object.kind}/${object.metadata?.name}`);
      }
    }
    return { applied, recreated };
  });
}
