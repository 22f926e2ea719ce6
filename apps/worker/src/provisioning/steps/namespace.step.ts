import type { V1Namespace } from '@kubernetes/client-node';
import { LABELS } from '@storefleet/engines';
import { RESOURCES } from '@storefleet/kube';

import { PermanentStepError, TransientStepError } from '../errors.js';
import { applyManifests, describeApplied } from './apply-manifests.js';
import type { StepContext, StepHandler } from './step.js';

/** Refuses a namespace that belongs to another store, or is still being removed. */
async function assertOurs({ kube, blueprint, store, signal }: StepContext): Promise<void> {
  const existing = await kube.read<V1Namespace>({ ...RESOURCES.Namespace, name: blueprint.namespace }, signal);
  if (!existing) return;
  const owner = existing.metadata?.labels?.[LABELS.storeId];
  if (owner !== store.id) {
    throw new PermanentStepError(
      `namespace ${blueprint.namespace} already exists and belongs to ${owner ? `store ${owner}` : 'something else'}`,
    );
  }
  // A previous store of the same name is still being removed.
  if (existing.metadata?.deletionTimestamp)
    throw new TransientStepError(`namespace ${blueprint.namespace} is still being deleted`);
}

/** The store's namespace, with its labels and Pod Security level; never one that belongs to another store. */
export const namespaceStep: StepHandler = {
  async run(context) {
    await assertOurs(context);
    const { created, all } = await applyManifests(context, 'namespace');
    return describeApplied('namespace', created, all, false);
  },
  async repair(context) {
    await assertOurs(context);
    const { created } = await applyManifests(context, 'namespace');
    return created.map((o) => `${o.kind}/${o.metadata?.name}`);
  },
};
