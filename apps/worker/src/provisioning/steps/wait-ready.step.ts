import type { KubernetesObject } from '@kubernetes/client-node';
import type { WorkloadRef } from '@storefleet/engines';
import { deploymentReady, jobOutcome, RESOURCES, statefulSetReady, waitFor } from '@storefleet/kube';

import { diagnose } from '../diagnosis.js';
import { PermanentStepError } from '../errors.js';
import type { ProvisioningStepHandler, StepContext } from './step.js';

type Verdict = 'ready' | { failed: string } | undefined;

function verdict(workload: WorkloadRef, object: KubernetesObject | undefined): Verdict {
  switch (workload.kind) {
    case 'StatefulSet':
      return statefulSetReady(object) ? 'ready' : undefined;
    case 'Deployment':
      return deploymentReady(object) ? 'ready' : undefined;
    case 'Job': {
      const outcome = jobOutcome(object);
      if (outcome.state === 'complete') return 'ready';
      return outcome.state === 'failed' ? { failed: outcome.reason } : undefined;
    }
  }
}

async function awaitWorkload(context: StepContext, workload: WorkloadRef): Promise<void> {
  const { kube, blueprint, deadline, signal } = context;
  const result = await waitFor(
    kube,
    { type: RESOURCES[workload.kind], namespace: blueprint.namespace, fieldSelector: `metadata.name=${workload.name}` },
    (objects) => verdict(workload, objects.get(workload.name)),
    {
      deadline,
      signal,
      description: `${workload.kind} ${workload.name}`,
      onRestart: (why) => context.log.warn(`watch of ${workload.name} restarted: ${why}`),
    },
  );
  if (result !== 'ready') {
    throw new PermanentStepError(`setup job failed: ${result.failed} (${await diagnose(kube, blueprint, signal)})`);
  }
}

/** Watches (never polls) until the database and the app are ready and the setup Job has completed. */
export const waitReadyStep: ProvisioningStepHandler = {
  name: 'wait-ready',
  mutates: false,
  async run(context) {
    const started = Date.now();
    for (const workload of context.blueprint.workloads) await awaitWorkload(context, workload);
    return `database, app and setup complete (waited ${Math.round((Date.now() - started) / 1000)} s)`;
  },
};
