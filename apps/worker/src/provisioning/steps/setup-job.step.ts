import type { V1Job } from '@kubernetes/client-node';
import { jobOutcome, RESOURCES, waitFor } from '@storefleet/kube';

import { applyGroup } from './apply-group.js';
import type { ProvisioningStepHandler } from './step.js';

/**
 * The one-off setup Job, created once. A Job that failed in an earlier
 * attempt is replaced, so retrying a store runs its setup again (the script
 * is idempotent); a complete or running one is left alone.
 */
export const setupJobStep: ProvisioningStepHandler = {
  name: 'setup-job',
  mutates: true,
  async run({ kube, blueprint, signal, deadline }) {
    const setup = blueprint.workloads.find((w) => w.kind === 'Job');
    let replaced = '';
    if (setup) {
      const ref = { ...RESOURCES.Job, name: setup.name, namespace: blueprint.namespace };
      const existing = await kube.read<V1Job>(ref, signal);
      const outcome = jobOutcome(existing ?? undefined);
      if (existing && (existing.metadata?.deletionTimestamp || outcome.state === 'failed')) {
        await kube.delete(ref, signal);
        await waitFor(
          kube,
          { type: RESOURCES.Job, namespace: blueprint.namespace, fieldSelector: `metadata.name=${setup.name}` },
          (jobs) => (jobs.size === 0 ? true : undefined),
          {
            deadline: Math.min(deadline, Date.now() + 60_000),
            signal,
            description: `the failed setup Job ${setup.name} to be deleted`,
          },
        );
        replaced = `replaced the setup Job that failed before (${outcome.state === 'failed' ? outcome.reason : 'being deleted'}); `;
      }
    }
    return replaced + (await applyGroup(kube, blueprint, 'setup-job', signal));
  },
};
