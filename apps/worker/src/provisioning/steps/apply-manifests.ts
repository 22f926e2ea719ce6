import type { KubernetesObject } from '@kubernetes/client-node';
import type { ManifestStep } from '@storefleet/engines';

import type { StepContext, StepHandler } from './step.js';

export function describe(objects: KubernetesObject[]): string {
  return objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ');
}

/** Applies one step's manifests (server-side apply, or create-if-absent for create-once ones); returns those it created. */
export async function applyManifests(
  context: StepContext,
  step: ManifestStep,
): Promise<{ created: KubernetesObject[]; all: KubernetesObject[] }> {
  const { objects, createOnce } = context.blueprint.manifests[step];
  return { created: await applyObjects(context, objects, { createOnce }), all: objects };
}

/** Applies objects under the store's lock (server-side apply, or create-if-absent); returns those it created. */
export async function applyObjects(
  context: StepContext,
  objects: KubernetesObject[],
  { createOnce = false }: { createOnce?: boolean } = {},
): Promise<KubernetesObject[]> {
  const { kube, signal } = context;
  const created: KubernetesObject[] = [];
  await context.underLock(async () => {
    for (const object of objects) {
      const made = createOnce
        ? (await kube.createIfAbsent(object, signal)) === 'created'
        : (await kube.apply(object, signal)).created;
      if (made) created.push(object);
    }
  });
  return created;
}

export function describeApplied(
  step: ManifestStep,
  created: KubernetesObject[],
  all: KubernetesObject[],
  createOnce: boolean,
): string {
  if (all.length === 0) return `nothing to apply for ${step}`;
  const kept = all.filter((o) => !created.includes(o));
  return [
    created.length > 0 ? `created ${describe(created)}` : '',
    kept.length > 0 ? `${createOnce ? 'already present' : 'applied'} ${describe(kept)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** A step whose work is applying its manifests; its repair is the same apply. */
export function applyStep(step: ManifestStep): StepHandler {
  return {
    async run(context) {
      const { created, all } = await applyManifests(context, step);
      return describeApplied(step, created, all, context.blueprint.manifests[step].createOnce);
    },
    async repair(context) {
      if (context.blueprint.manifests[step].createOnce) return [];
      const { created } = await applyManifests(context, step);
      return created.map((o) => `${o.kind}/${o.metadata?.name}`);
    },
  };
}
