import type { V1Namespace } from '@kubernetes/client-node';
import { LABELS } from '@storefleet/engines';
import { RESOURCES } from '@storefleet/kube';

import { PermanentStepError, TransientStepError } from '../errors.js';
import { applyGroup } from './apply-group.js';
import type { ProvisioningStepHandler } from './step.js';

/** The store's namespace, with its labels and Pod Security level; never one that belongs to another store. */
export const namespaceStep: ProvisioningStepHandler = {
  name: 'namespace',
  mutates: true,
  async run({ kube, blueprint, store, signal }) {
    const existing = await kube.read<V1Namespace>({ ...RESOURCES.Namespace, name: blueprint.namespace }, signal);
    if (existing) {
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
    return applyGroup(kube, blueprint, 'namespace', signal);
  },
};
