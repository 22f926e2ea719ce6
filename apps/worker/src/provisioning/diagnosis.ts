import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { type Blueprint, type Component, LABELS } from '@storefleet/engines';
import { type KubeClient, podProblem, RESOURCES } from '@storefleet/kube';

const COMPONENT_NAMES: Record<Component, string> = {
  database: 'database',
  app: 'app',
  setup: 'setup job',
  cache: 'cache',
  storefront: 'storefront',
  paused: 'paused page',
};

export interface ClusterSnapshot {
  pods: V1Pod[];
  /** Warning events in the namespace, newest first. */
  warnings: CoreV1Event[];
  /** Which of the blueprint's workloads exist. */
  present: Set<string>;
}

/**
 * Why a store is not ready, in words its owner can act on: the first
 * problem of each component, e.g. "database pod not ready: ImagePullBackOff"
 * or "app pod not created: exceeded quota: ...". Pure: reads a snapshot.
 */
export function explainNotReady(blueprint: Blueprint, snapshot: ClusterSnapshot): string {
  const problems: string[] = [];
  for (const workload of blueprint.workloads) {
    const name = COMPONENT_NAMES[workload.component];
    if (!snapshot.present.has(workload.name)) {
      problems.push(`${name} not created yet`);
      continue;
    }
    const pods = snapshot.pods.filter(
      (pod) => pod.metadata?.labels?.[LABELS.component] === workload.component && !pod.metadata?.deletionTimestamp,
    );
    const troubled = pods.map(podProblem).find((problem) => problem !== null);
    if (troubled) {
      problems.push(`${name} pod not ready: ${troubled}`);
    } else if (pods.length === 0) {
      const refusal = snapshot.warnings.find(
        (event) => event.reason === 'FailedCreate' && event.involvedObject.name?.startsWith(workload.name),
      );
      problems.push(refusal?.message ? `${name} pod not created: ${refusal.message}` : `${name} has no pod yet`);
    }
  }
  return problems.length > 0 ? problems.join('; ') : 'the setup job has not completed';
}

/** Reads what explainNotReady needs: two lists and one read per workload, in parallel. */
export async function snapshotStore(kube: KubeClient, blueprint: Blueprint, signal?: AbortSignal): Promise<ClusterSnapshot> {
  const namespace = blueprint.namespace;
  const [pods, events, ...workloads] = await Promise.all([
    kube.list<V1Pod>(RESOURCES.Pod, { namespace }, signal),
    kube.list<CoreV1Event>(RESOURCES.Event, { namespace, fieldSelector: 'type=Warning' }, signal),
    ...blueprint.workloads.map((w) => kube.read({ ...RESOURCES[w.kind], name: w.name, namespace }, signal)),
  ]);
  const present = new Set(blueprint.workloads.filter((_, i) => workloads[i] !== null).map((w) => w.name));
  const warnings = [...events.items].sort((a, b) => eventTime(b) - eventTime(a));
  return { pods: pods.items, warnings, present };
}

function eventTime(event: CoreV1Event): number {
  const at = event.lastTimestamp ?? event.eventTime ?? event.metadata?.creationTimestamp;
  return at ? new Date(at).getTime() : 0;
}

/** The reason for a store that is not ready, or a note that the cluster could not be asked. */
export async function diagnose(kube: KubeClient, blueprint: Blueprint, signal?: AbortSignal): Promise<string> {
  try {
    return explainNotReady(blueprint, await snapshotStore(kube, blueprint, signal));
  } catch (error) {
    return `the cluster could not be asked why (${error instanceof Error ? error.message : String(error)})`;
  }
}
