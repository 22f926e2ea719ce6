import { randomBytes } from 'node:crypto';

import type { CredentialsCipher, PrismaService, Store } from '@storefleet/db';
import type { Blueprint } from '@storefleet/engines';
import type { KubeClient } from '@storefleet/kube';

import { withStoreLock } from '../common/store-lock.js';
import { ensureStoreSecret } from '../provisioning/steps/secrets.step.js';

export interface DriftRepair {
  applied: number;
  /** Objects that were missing and came back. */
  recreated: string[];
  skipped?: string;
}

/**
 * Re-applies the store's desired state: every repairable group, and the
 * Secret if it is missing (with the admin password kept on the store row;
 * the one-off setup Job is not re-run). Server-side apply of an unchanged
 * object writes nothing, so a healthy store costs one request per object.
 * Runs under the store's lock, and only while the store is still ready or
 * degraded, so it can never race a teardown.
 */
export async function repairDrift(
  db: PrismaService,
  kube: KubeClient,
  cipher: CredentialsCipher,
  store: Store,
  blueprint: Blueprint,
): Promise<DriftRepair> {
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
      if (group.step === 'network-policies') {
        const secret = await ensureStoreSecret({
          db,
          kube,
          cipher,
          store,
          blueprint,
          random: randomBytes,
          signal: new AbortController().signal,
        });
        applied++;
        if (secret === 'created') recreated.push(`Secret/${blueprint.secret.name}`);
      }
    }
    return { applied, recreated };
  });
}
