import type { KubernetesObject } from '@kubernetes/client-node';
import type { WorkloadRef } from '@storefleet/engines';
import { deploymentReady, jobOutcome, RESOURCES, statefulSetReady, waitFor, WaitTimeoutError } from '@storefleet/kube';

import { diagnose } from '../diagnosis.js';
import { PermanentStepError } from '../errors.js';
import type { StepContext, StepHandler } from './step.js';

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

/** Waits (watching) until one workload is ready, or its Job complete; a failed Job is a permanent error. */
export async function awaitWorkload(context: StepContext, workload: WorkloadRef): Promise<void> {
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
  ).catch(async (error: unknown) => {
    // The step's last word on the timeline says why (the kubelet's reason), not only that time ran out.
    if (!(error instanceof WaitTimeoutError)) throw error;
    const why = await diagnose(kube, blueprint, signal).catch(() => 'the cluster could not be asked why');
    throw new WaitTimeoutError(`${workload.kind} ${workload.name}: ${why}`);
  });
  if (result !== 'ready') {
    throw new PermanentStepError(`setup job failed: ${result.failed} (${await diagnose(kube, blueprint, signal)})`);
  }
}

/** How often a wait says on the timeline what it is waiting for. */
export const WAIT_NOTE_EVERY_MS = 10_000;

/**
 * Watches (never polls) until the database and the app are ready and the
 * setup Job has completed. Meanwhile, every few seconds, the step's timeline
 * entry says why the store is not ready yet (a pod that no node can take, an
 * image that cannot be pulled), so the owner sees it before the deadline.
 */
export const waitReadyStep: StepHandler = {
  async run(context) {
    const started = Date.now();
    let last = '';
    const note = setInterval(() => {
      void diagnose(context.kube, context.blueprint, context.signal).then(async (why) => {
        if (why !== last) await context.progress(`waiting: ${(last = why)}`);
      });
    }, WAIT_NOTE_EVERY_MS);
    note.unref();
    try {
      for (const workload of context.blueprint.workloads) await awaitWorkload(context, workload);
    } finally {
      clearInterval(note);
    }
    return `database, app and setup complete (waited ${Math.round((Date.now() - started) / 1000)} s)`;
  },
};
