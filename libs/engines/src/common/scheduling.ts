import type { KubernetesObject, V1PodSpec, V1Toleration } from '@kubernetes/client-node';

import type { Blueprint } from '../types.js';

/** Where store pods may run, added to every pod template of a blueprint (EngineConfig.podScheduling). */
export interface PodScheduling {
  nodeSelector: Record<string, string>;
  tolerations: V1Toleration[];
}

/**
 * The label and taint of the local real node (npm run cluster:up -- --real-node):
 * only pods that ask for it run there (worker setting STORE_REAL_NODE).
 */
export const REAL_NODE_KEY = 'storefleet.dev/real-node';
export const REAL_NODE_SCHEDULING: PodScheduling = {
  nodeSelector: { [REAL_NODE_KEY]: 'true' },
  tolerations: [{ key: REAL_NODE_KEY, operator: 'Exists', effect: 'NoSchedule' }],
};

type WithPodTemplate = KubernetesObject & { spec?: { template?: { spec?: V1PodSpec } } };

/** The pod spec with the scheduling's node selector and tolerations added (a pod the platform makes outside a blueprint too). */
export function withScheduling(spec: V1PodSpec, scheduling: PodScheduling | undefined): V1PodSpec {
  if (!scheduling) return spec;
  const tolerations = [...(spec.tolerations ?? [])];
  for (const t of scheduling.tolerations) {
    if (!tolerations.some((have) => JSON.stringify(have) === JSON.stringify(t))) tolerations.push(t);
  }
  return { ...spec, nodeSelector: { ...spec.nodeSelector, ...scheduling.nodeSelector }, tolerations };
}

/** The blueprint with the scheduling added to the pod template of every Deployment, StatefulSet and Job. */
export function applyPodScheduling(blueprint: Blueprint, scheduling: PodScheduling | undefined): Blueprint {
  if (!scheduling) return blueprint;
  const schedule = (object: KubernetesObject): KubernetesObject => {
    const podSpec = (object as WithPodTemplate).spec?.template?.spec;
    if (!podSpec) return object;
    const o = object as WithPodTemplate & { spec: { template: { spec: V1PodSpec } } };
    const scheduled: WithPodTemplate = {
      ...o,
      spec: { ...o.spec, template: { ...o.spec.template, spec: withScheduling(podSpec, scheduling) } },
    };
    return scheduled;
  };
  const manifests = Object.fromEntries(
    Object.entries(blueprint.manifests).map(([step, group]) => [step, { ...group, objects: group.objects.map(schedule) }]),
  ) as Blueprint['manifests'];
  return { ...blueprint, manifests };
}
