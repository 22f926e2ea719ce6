import type { V1Namespace } from '@kubernetes/client-node';
import { isUuid } from '@storefleet/contracts';
import type { PrismaService } from '@storefleet/db';
import { LABELS, managedNamespaceSelector } from '@storefleet/engines';
import { type KubeClient, RESOURCES } from '@storefleet/kube';

export interface Orphan {
  namespace: string;
  storeId: string | null;
  /** Why it belongs to no live store. */
  why: string;
}

/**
 * Namespaces labelled as this installation's whose store is deleted or
 * unknown. The namespaces are listed first and the stores read after, and a
 * store row always exists before its namespace, so a store created
 * meanwhile is never mistaken for an orphan. Namespaces already being
 * deleted are not reported.
 */
export async function findOrphans(db: PrismaService, kube: KubeClient, platformInstance: string): Promise<Orphan[]> {
  const candidates: V1Namespace[] = [];
  for await (const page of kube.pages<V1Namespace>(RESOURCES.Namespace, {
    labelSelector: managedNamespaceSelector(platformInstance),
  })) {
    candidates.push(...page.filter((ns) => !ns.metadata?.deletionTimestamp));
  }
  const ids = candidates
    .map((ns) => ns.metadata?.labels?.[LABELS.storeId])
    .filter(isUuid);
  const stores = await db.store.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, namespace: true } });
  const byId = new Map(stores.map((s) => [s.id, s]));
  const orphans: Orphan[] = [];
  for (const ns of candidates) {
    const namespace = ns.metadata!.name!;
    const storeId = ns.metadata?.labels?.[LABELS.storeId] ?? null;
    const store = storeId ? byId.get(storeId) : undefined;
    if (!store) orphans.push({ namespace, storeId, why: 'no store has this id' });
    else if (store.status === 'deleted') orphans.push({ namespace, storeId, why: 'its store is deleted' });
    else if (store.namespace !== namespace) orphans.push({ namespace, storeId, why: `its store lives in ${store.namespace}` });
  }
  return orphans;
}
