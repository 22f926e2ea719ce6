import type { KubernetesObject, V1Pod } from '@kubernetes/client-node';
import { LABELS, PAUSED_PAGE } from '@storefleet/engines';
import { RESOURCES, waitFor } from '@storefleet/kube';

import { applyObjects, describe } from './apply-manifests.js';
import type { StepContext, StepHandler } from './step.js';
import { awaitWorkload } from './wait-ready.step.js';

/*
 * The steps of suspend and resume. Each applies part of the store's blueprint
 * as it should be in the status the run leads to (suspended: workloads at
 * zero and the Ingress on the paused page; running: the reverse), so every
 * step converges when repeated, and the reconciler applies the very same
 * objects to keep either state.
 */

const isIngress = (o: KubernetesObject) => o.kind === 'Ingress';

/** The paused page's objects (and its NetworkPolicy): everything of the ingress step but the Ingress. */
function pausedPage(context: StepContext): KubernetesObject[] {
  const { manifests } = context.blueprint;
  return [...manifests['network-policies'].objects, ...manifests.ingress.objects.filter((o) => !isIngress(o))];
}

/** The components whose pods must be gone for the store to be suspended (everything long-running but the page). */
function sleepingComponents(context: StepContext): string[] {
  return context.blueprint.workloads.filter((w) => w.kind !== 'Job' && w.component !== 'paused').map((w) => w.component);
}

/** Suspend, first: the paused page running (the Ingress still on the store) so the switch never shows a gateway error. */
export const pausedPageStep: StepHandler = {
  async run(context) {
    const objects = pausedPage(context);
    await applyObjects(context, objects);
    await awaitWorkload(context, { kind: 'Deployment', name: PAUSED_PAGE.name, component: 'paused' });
    return `paused page ready (${describe(objects)})`;
  },
};

/** Suspend, then: the Ingress on the paused page, every workload at zero, and the wait until their pods are gone. */
export const scaleDownStep: StepHandler = {
  async run(context) {
    const { manifests, namespace } = context.blueprint;
    const ingress = manifests.ingress.objects.filter(isIngress);
    await applyObjects(context, [...ingress, ...manifests.database.objects, ...manifests.application.objects]);
    const components = sleepingComponents(context);
    const started = Date.now();
    await waitFor<V1Pod, true>(
      context.kube,
      { type: RESOURCES.Pod, namespace, labelSelector: `${LABELS.component} in (${components.join(',')})` },
      (pods) => (pods.size === 0 ? true : undefined),
      {
        deadline: context.deadline,
        signal: context.signal,
        description: `the pods of ${components.join(', ')} to stop`,
        onRestart: (why) => context.log.warn(`watch of ${namespace} pods restarted: ${why}`),
      },
    );
    return `storefront on the paused page; ${components.join(', ')} scaled to zero (pods gone in ${Math.round((Date.now() - started) / 1000)} s)`;
  },
};

/** Resume, first: database and application back to their replicas (the readiness wait is the next step). */
export const scaleUpStep: StepHandler = {
  async run(context) {
    const { manifests } = context.blueprint;
    const objects = [...manifests.database.objects, ...manifests.application.objects];
    await applyObjects(context, objects);
    return `scaled up ${describe(objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet'))}`;
  },
};

/** Resume, last: the Ingress back on the store and the paused page at zero. */
export const storefrontStep: StepHandler = {
  async run(context) {
    await applyObjects(context, [
      ...context.blueprint.manifests['network-policies'].objects,
      ...context.blueprint.manifests.ingress.objects,
    ]);
    return 'storefront serving the store again; paused page scaled to zero';
  },
};

/**
 * Upgrade, after the setup Job of the new version was created: waits until
 * it completed, so the engine's own migrations (WordPress core files,
 * `wp core update-db`, the WooCommerce plugin and `wp wc update`; Medusa's
 * `db:migrate`) are done before the app's image changes. A failed Job is a
 * permanent error: the app was not touched and still serves the old version.
 */
export const migrationsStep: StepHandler = {
  async run(context) {
    const setup = context.blueprint.workloads.find((w) => w.kind === 'Job');
    if (!setup) return 'no setup Job: nothing to migrate';
    const started = Date.now();
    await awaitWorkload(context, setup);
    return `setup Job ${setup.name} complete: the engine's migrations ran (${Math.round((Date.now() - started) / 1000)} s)`;
  },
};
