import type { KubernetesObject, V1Deployment, V1Ingress, V1StatefulSet } from '@kubernetes/client-node';
import { Inject, Injectable } from '@nestjs/common';
import { type Blueprint, LABELS, MANAGED_BY, managedNamespaceSelector } from '@storefleet/engines';
import { deploymentReady, KubeClient, RESOURCES, statefulSetReady } from '@storefleet/kube';

import { WORKER_CONFIG, type WorkerEnv } from '../config/worker-config.js';

/** The little the reconciler keeps of each object: enough to tell present, being deleted, ready and scaled. */
interface Seen {
  deleting: boolean;
  ready: boolean;
  /** Wanted replicas of a workload (spec.replicas); 0 for a namespace. */
  replicas: number;
  /** Of an Ingress: the hosts it routes and those its TLS covers (ingressHosts). */
  hosts?: string;
}

/** An Ingress's routed hosts and TLS hosts, in one comparable string. */
export function ingressHosts(ingress: V1Ingress): string {
  const rules = (ingress.spec?.rules ?? []).map((r) => r.host ?? '').sort();
  const tls = (ingress.spec?.tls ?? []).flatMap((t) => t.hosts ?? []).sort();
  return `${rules.join(',')} tls:${tls.join(',')}`;
}

/**
 * What the cluster holds of this installation's stores, from a few
 * cluster-wide, label-selected LISTs (namespaces, Deployments,
 * StatefulSets, Ingresses, each read a page at a time) instead of requests
 * per namespace. Each worker pod lists at most once per reconcile interval;
 * the per-store jobs then compare against it without calling Kubernetes at
 * all while a store is healthy, and a repaired store is read again by name
 * (refreshStore), never by listing the cluster again.
 */
@Injectable()
export class ClusterInventory {
  private snapshot: { at: number; objects: Map<string, Seen> } | null = null;
  private refreshing: Promise<Map<string, Seen>> | null = null;

  constructor(
    @Inject(KubeClient) private readonly kube: KubeClient,
    @Inject(WORKER_CONFIG) private readonly config: WorkerEnv,
  ) {}

  /** The inventory, listed again when older than `maxAgeMs` (default: half the reconcile interval). */
  async current(
    maxAgeMs = (this.config.RECONCILE_INTERVAL_SECONDS * 1_000) / 2,
    signal?: AbortSignal,
  ): Promise<Map<string, Seen>> {
    if (this.snapshot && Date.now() - this.snapshot.at <= maxAgeMs) return this.snapshot.objects;
    this.refreshing ??= this.list(signal).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Forgets the snapshot (after a repair changed what is there). */
  invalidate(): void {
    this.snapshot = null;
  }

  /** The namespace and long-running workloads of the blueprint that the inventory does not hold (or holds being deleted). */
  static missing(objects: Map<string, Seen>, blueprint: Blueprint): string[] {
    const wanted = [
      key('Namespace', '', blueprint.namespace),
      ...blueprint.workloads.filter((w) => w.kind !== 'Job').map((w) => key(w.kind, blueprint.namespace, w.name)),
    ];
    return wanted.filter((k) => !objects.get(k) || objects.get(k)!.deleting);
  }

  /**
   * Names of the blueprint's Ingresses that are missing or route other hosts
   * (or cover others with TLS) than it: a custom domain added or removed by
   * hand, or a domain change the cluster never got.
   */
  static hostDrift(objects: Map<string, Seen>, blueprint: Blueprint): string[] {
    return Object.values(blueprint.manifests)
      .flatMap((step) => step.objects)
      .filter((o): o is V1Ingress => o.kind === 'Ingress')
      .filter((o) => objects.get(key('Ingress', blueprint.namespace, o.metadata!.name!))?.hosts !== ingressHosts(o))
      .map((o) => o.metadata!.name!);
  }

  /** Names of the blueprint's workloads that want more replicas than the blueprint (a suspended store scaled up by hand). */
  static awake(objects: Map<string, Seen>, blueprint: Blueprint): string[] {
    const wanted = new Map(
      Object.values(blueprint.manifests)
        .flatMap((step) => step.objects)
        .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
        .map((o) => [key(o.kind!, blueprint.namespace, o.metadata!.name!), (o as V1Deployment).spec?.replicas ?? 1]),
    );
    return [...wanted].filter(([k, replicas]) => (objects.get(k)?.replicas ?? 0) > replicas).map(([k]) => k.split('/').at(-1)!);
  }

  /** Names of the blueprint's long-running workloads that are not ready. */
  static notReady(objects: Map<string, Seen>, blueprint: Blueprint): string[] {
    return blueprint.workloads
      .filter((w) => w.kind !== 'Job' && !objects.get(key(w.kind, blueprint.namespace, w.name))?.ready)
      .map((w) => w.name);
  }

  /**
   * Reads again, by name, what the inventory keeps of one store (its
   * namespace, long-running workloads and Ingresses): after a repair of that
   * store, a few GETs in place of listing the whole cluster again.
   */
  async refreshStore(blueprint: Blueprint, signal?: AbortSignal): Promise<Map<string, Seen>> {
    const objects = this.snapshot?.objects ?? (await this.current(undefined, signal));
    const ns = blueprint.namespace;
    const wanted: { kind: 'Namespace' | 'Deployment' | 'StatefulSet' | 'Ingress'; name: string }[] = [
      { kind: 'Namespace', name: ns },
      ...blueprint.workloads.flatMap((w) => (w.kind === 'Job' ? [] : [{ kind: w.kind, name: w.name }])),
      ...Object.values(blueprint.manifests)
        .flatMap((step) => step.objects)
        .filter((o) => o.kind === 'Ingress')
        .map((o) => ({ kind: 'Ingress' as const, name: o.metadata!.name! })),
    ];
    await Promise.all(
      wanted.map(async ({ kind, name }) => {
        const namespace = kind === 'Namespace' ? undefined : ns;
        const object = await this.kube.read({ ...RESOURCES[kind], name, ...(namespace ? { namespace } : {}) }, signal);
        const k = key(kind, namespace ?? '', name);
        if (object) objects.set(k, seenOf(kind, object));
        else objects.delete(k);
      }),
    );
    return objects;
  }

  private async list(signal?: AbortSignal): Promise<Map<string, Seen>> {
    const at = Date.now();
    const selector = `${LABELS.managedBy}=${MANAGED_BY},${LABELS.platformInstance}=${this.config.PLATFORM_INSTANCE}`;
    const objects = new Map<string, Seen>();
    // Page by page, keeping only what is seen of each object: the full objects of a page are garbage at once.
    const collect = async (kind: 'Namespace' | 'Deployment' | 'StatefulSet' | 'Ingress', labelSelector: string) => {
      for await (const page of this.kube.pages(RESOURCES[kind], { labelSelector }, signal)) {
        for (const object of page) {
          objects.set(key(kind, object.metadata?.namespace ?? '', object.metadata?.name ?? ''), seenOf(kind, object));
        }
      }
    };
    await Promise.all([
      collect('Namespace', managedNamespaceSelector(this.config.PLATFORM_INSTANCE)),
      collect('Deployment', selector),
      collect('StatefulSet', selector),
      collect('Ingress', selector),
    ]);
    this.snapshot = { at, objects };
    return objects;
  }
}

/** What the inventory keeps of a namespace, workload or Ingress. */
function seenOf(kind: 'Namespace' | 'Deployment' | 'StatefulSet' | 'Ingress', object: KubernetesObject): Seen {
  const deleting = !!object.metadata?.deletionTimestamp;
  switch (kind) {
    case 'Namespace':
      return { deleting, ready: true, replicas: 0 };
    case 'Deployment': {
      const d = object as V1Deployment;
      return { deleting, ready: deploymentReady(d), replicas: d.spec?.replicas ?? 1 };
    }
    case 'StatefulSet': {
      const s = object as V1StatefulSet;
      return { deleting, ready: statefulSetReady(s), replicas: s.spec?.replicas ?? 1 };
    }
    case 'Ingress':
      return { deleting, ready: true, replicas: 0, hosts: ingressHosts(object) };
  }
}

function key(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}
