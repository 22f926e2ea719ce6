import type { KubernetesObject } from '@kubernetes/client-node';
import type { Blueprint, ManifestStep } from '@storefleet/engines';
import type { KubeClient } from '@storefleet/kube';

import type { StepContext } from './step.js';

function describe(objects: KubernetesObject[]): string {
  return objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ');
}

/** Applies one group of the blueprint: server-side apply, or create-if-absent for create-once objects. */
export async function applyGroup(
  kube: KubeClient,
  blueprint: Blueprint,
  step: ManifestStep,
  signal?: AbortSignal,
): Promise<string> {
  const group = blueprint.groups.find((g) => g.step === step);
  if (!group) return 'nothing to apply';
  if (group.mode === 'apply') {
    const created: KubernetesObject[] = [];
    for (const object of group.objects) {
      if ((await kube.apply(object, signal)).created) created.push(object);
    }
    const kept = group.objects.filter((o) => !created.includes(o));
    return [created.length > 0 ? `created ${describe(created)}` : '', kept.length > 0 ? `applied ${describe(kept)}` : '']
      .filter(Boolean)
      .join('; ');
  }
  const created: KubernetesObject[] = [];
  for (const object of group.objects) {
    if ((await kube.createIfAbsent(object, signal)) === 'created') created.push(object);
  }
  return created.length > 0 ? `created ${describe(created)}` : `already present: ${describe(group.objects)}`;
}

export function applyStep(name: ManifestStep) {
  return {
    name,
    mutates: true,
    run: (context: StepContext) => applyGroup(context.kube, context.blueprint, name, context.signal),
  } as const;
}
