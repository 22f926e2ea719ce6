import type { KubernetesObject } from '@kubernetes/client-node';
import type { Blueprint } from '@storefleet/engines';
import { deploymentReady, type KubeClient, RESOURCES, statefulSetReady } from '@storefleet/kube';

import { diagnose } from '../provisioning/diagnosis.js';

/** Null when the store's long-running workloads are ready; otherwise why not. */
export async function storeProblem(kube: KubeClient, blueprint: Blueprint): Promise<string | null> {
  for (const workload of blueprint.workloads) {
    if (workload.kind === 'Job') continue; // done once; its pods are gone by design
    const object: KubernetesObject | null = await kube.read({
      ...RESOURCES[workload.kind],
      name: workload.name,
      namespace: blueprint.namespace,
    });
    const ready = workload.kind === 'Deployment' ? deploymentReady(object ?? undefined) : statefulSetReady(object ?? undefined);
    if (!ready) return diagnose(kube, { ...blueprint, workloads: blueprint.workloads.filter((w) => w.kind !== 'Job') });
  }
  return null;
}
