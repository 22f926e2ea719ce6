import type { V1Job } from '@kubernetes/client-node';
import { setupJobVersion } from '@storefleet/engines';
import { jobOutcome, RESOURCES, waitFor } from '@storefleet/kube';

import { applyManifests, describeApplied } from './apply-manifests.js';
import type { StepHandler } from './step.js';

/**
 * The setup Job of the store's engine version, created once per version. A
 * Job that failed in an earlier attempt is replaced, so retrying a store runs
 * its setup again (the script is idempotent), and so is a Job of another
 * version (an upgrade or a rollback runs the engine's migrations again); a
 * complete or running Job of this version is left alone. The delete and the
 * create each take the store's lock; waiting for the old Job to go does not.
 */
export const setupJobStep: StepHandler = {
  async run(context) {
    const { kube, blueprint, signal, deadline } = context;
    const setup = blueprint.workloads.find((w) => w.kind === 'Job');
    const wanted = blueprint.manifests['setup-job'].objects.find((o) => o.kind === 'Job');
    let replaced = '';
    if (setup) {
      const ref = { ...RESOURCES.Job, name: setup.name, namespace: blueprint.namespace };
      const existing = await kube.read<V1Job>(ref, signal);
      const outcome = jobOutcome(existing ?? undefined);
      const otherVersion = existing !== null && setupJobVersion(existing) !== setupJobVersion(wanted);
      if (existing && (existing.metadata?.deletionTimestamp || outcome.state === 'failed' || otherVersion)) {
        await context.underLock(() => kube.delete(ref, signal));
        await waitFor(
          kube,
          { type: RESOURCES.Job, namespace: blueprint.namespace, fieldSelector: `metadata.name=${setup.name}` },
          (jobs) => (jobs.size === 0 ? true : undefined),
          {
            deadline: Math.min(deadline, Date.now() + 60_000),
            signal,
            description: `the old setup Job ${setup.name} to be deleted`,
          },
        );
        replaced = otherVersion
          ? `replaced the setup Job of version ${setupJobVersion(existing) || 'none'} with one of ${setupJobVersion(wanted) || 'none'}; `
          : `replaced the setup Job that failed before (${outcome.state === 'failed' ? outcome.reason : 'being deleted'}); `;
      }
    }
    const { created, all } = await applyManifests(context, 'setup-job');
    return replaced + describeApplied('setup-job', created, all, true);
  },
  // No repair: its work is done once, and a completed Job's pods are gone by design.
};
