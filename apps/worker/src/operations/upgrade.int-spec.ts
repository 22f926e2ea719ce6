/**
 * Engine upgrades on the real control plane (KWOK nodes), through the same
 * lifecycle the API calls, the worker's operation job and the reconciler:
 * the setup Job re-created for the new version and complete before the app's
 * image changes, the store ready at the new version; a failed upgrade
 * degraded on the old image, then retried; a killed one converged.
 */
import { AppsV1Api, BatchV1Api, type V1Deployment } from '@kubernetes/client-node';
import { IllegalStoreTransitionError, type StoreEngine } from '@storefleet/contracts';
import { StoreLifecycle } from '@storefleet/db';
import { ENGINE_VERSION_ANNOTATION, type EngineConfig } from '@storefleet/engines';
import { createOwner, DEFAULT_LIMITS, simulate, testLifecycle, waitForStatus, workerTestBed } from '@storefleet/testing';

import { startBedWorker, type TestWorker } from '../testing/worker-harness.js';

const WOO = { v1: '6.8.3-php8.3-apache/10.2.2', v2: '6.9.0-php8.3-apache/10.3.0' };
const MEDUSA = { v1: '0.1.0', v2: '0.2.0' };

describe('upgrading a store to another engine version', () => {
  const bed = workerTestBed('upgrades');
  let apps: AppsV1Api;
  let batch: BatchV1Api;
  let worker: TestWorker;
  let lifecycle: StoreLifecycle;
  let ownerId: string;
  /** While true, every setup pod the worker creates is stuck in ImagePullBackOff (a new image tag that cannot be pulled). */
  let setupImageMissing = false;

  beforeAll(async () => {
    apps = bed.admin.makeApiClient(AppsV1Api);
    batch = bed.admin.makeApiClient(BatchV1Api);
    worker = await startBedWorker(bed, {
      // A short deadline, for the upgrade that cannot succeed (the others finish in seconds).
      env: { STORE_OPERATION_DEADLINE_SECONDS: '30' },
      engineConfig: (base: EngineConfig): EngineConfig => ({
        ...base,
        get podAnnotations() {
          return setupImageMissing ? { setup: simulate('image-pull-backoff') } : base.podAnnotations;
        },
      }),
    });
    lifecycle = testLifecycle(worker.db, worker.queues);
    ownerId = (await createOwner(worker.db)).id;
  });

  async function readyStore(prefix: string, engine: StoreEngine, engineVersion: string) {
    const store = await bed.readyStore(prefix, ownerId, { engine, engineVersion, queues: worker.queues, timeoutMs: 120_000 });
    return { id: store.id, namespace: store.namespace };
  }

  /** Every container image of the namespace's Deployments, by Deployment and container. */
  async function deploymentImages(namespace: string): Promise<Record<string, string>> {
    const { items } = await apps.listNamespacedDeployment({ namespace });
    return Object.fromEntries(
      items.flatMap((d: V1Deployment) =>
        [...(d.spec?.template.spec?.initContainers ?? []), ...(d.spec?.template.spec?.containers ?? [])].map((c) => [
          `${d.metadata!.name}/${c.name}`,
          c.image!,
        ]),
      ),
    );
  }

  const setupJob = (namespace: string, name: string) => batch.readNamespacedJob({ name, namespace });
  const auditActions = async (id: string) =>
    (await worker.db.auditLog.findMany({ where: { targetId: id }, orderBy: { at: 'asc' } })).map((a) => a.action);

  describe('a WooCommerce store', () => {
    let store: { id: string; namespace: string };

    beforeAll(async () => {
      store = await readyStore('upgrade', 'woocommerce', WOO.v1);
    }, 150_000);

    it('moves to the new version: setup Job re-created for it and complete, WordPress rolled to its tag, ready again', async () => {
      expect((await deploymentImages(store.namespace))['wordpress/wordpress']).toMatch(/wordpress:6\.8\.3-php8\.3-apache$/);
      const before = await setupJob(store.namespace, 'woocommerce-setup');
      expect(before.metadata?.annotations?.[ENGINE_VERSION_ANNOTATION]).toBe(WOO.v1);

      const upgrading = await lifecycle.requestOperation(store.id, 'upgrade', null, { targetEngineVersion: WOO.v2 });
      expect(upgrading).toMatchObject({ status: 'upgrading', engineVersion: WOO.v1, targetEngineVersion: WOO.v2 });
      const ready = await waitForStatus(worker.db, store.id, 'ready', 120_000);
      expect(ready).toMatchObject({ engineVersion: WOO.v2, targetEngineVersion: null, statusReason: null });

      const images = await deploymentImages(store.namespace);
      expect(images['wordpress/wordpress']).toMatch(/wordpress:6\.9\.0-php8\.3-apache$/);
      expect(images['wordpress/prepare-content']).toBe(images['wordpress/wordpress']);
      const after = await setupJob(store.namespace, 'woocommerce-setup');
      expect(after.metadata?.uid).not.toBe(before.metadata?.uid);
      expect(after.metadata?.annotations?.[ENGINE_VERSION_ANNOTATION]).toBe(WOO.v2);
      expect(after.status?.succeeded).toBe(1);
      const setup = after.spec!.template.spec!;
      expect(setup.containers[0]!.env!.find((e) => e.name === 'WOOCOMMERCE_VERSION')?.value).toBe('10.3.0');
      expect(setup.initContainers!.find((c) => c.name === 'sync-core')?.image).toMatch(/wordpress:6\.9\.0-php8\.3-apache$/);

      // The setup Job completed before the app's image changed: the timeline's order.
      const steps = await worker.db.storeEvent.findMany({
        where: { storeId: store.id, step: { in: ['setup-job', 'migrations', 'application', 'wait-ready'] } },
        orderBy: { startedAt: 'asc' },
      });
      const upgradeSteps = steps.filter((e) => e.startedAt >= upgrading.updatedAt);
      expect(upgradeSteps.map((e) => [e.step, e.outcome])).toEqual([
        ['setup-job', 'succeeded'],
        ['migrations', 'succeeded'],
        ['application', 'succeeded'],
        ['wait-ready', 'succeeded'],
      ]);
      expect(await auditActions(store.id)).toEqual(expect.arrayContaining(['store.upgrade', 'store.upgraded']));
      const upgraded = await worker.db.auditLog.findFirstOrThrow({ where: { targetId: store.id, action: 'store.upgraded' } });
      expect(upgraded.details).toMatchObject({ from: WOO.v1, to: WOO.v2 });
    }, 150_000);

    it('a failed upgrade (the new image cannot be pulled) ends degraded with the reason, the old image kept and served', async () => {
      setupImageMissing = true;
      try {
        await lifecycle.requestOperation(store.id, 'upgrade', null, { targetEngineVersion: WOO.v1 });
        const degraded = await waitForStatus(worker.db, store.id, 'degraded', 120_000);
        expect(degraded.statusReason).toMatch(
          /^upgrade to 6\.8\.3-php8\.3-apache\/10\.2\.2 failed at migrations: .*ImagePullBackOff/,
        );
        expect(degraded).toMatchObject({ engineVersion: WOO.v2, targetEngineVersion: null });
      } finally {
        setupImageMissing = false;
      }
      // The app was never touched: still the version it ran, ready.
      expect((await deploymentImages(store.namespace))['wordpress/wordpress']).toMatch(/wordpress:6\.9\.0-php8\.3-apache$/);
      const deployment = await apps.readNamespacedDeployment({ name: 'wordpress', namespace: store.namespace });
      expect(deployment.status?.readyReplicas).toBe(1);
      // The stuck setup Job of the failed version is gone, so a retry or a rollback starts clean.
      await expect(setupJob(store.namespace, 'woocommerce-setup')).rejects.toMatchObject({ code: 404 });
      expect(await auditActions(store.id)).toContain('store.degraded');

      // The reconciler does not call it recovered while the failed upgrade is unresolved, nor "repairs" anything back.
      const { stores } = await worker.reconcileNow();
      expect(stores.find((r) => r.storeId === store.id)).toMatchObject({ action: 'converged', health: 'still-degraded' });
      expect((await worker.db.store.findUniqueOrThrow({ where: { id: store.id } })).status).toBe('degraded');
    }, 200_000);

    it('retries the failed upgrade from degraded: ready at that version, its setup Job complete', async () => {
      await lifecycle.requestOperation(store.id, 'upgrade', null, { targetEngineVersion: WOO.v1 });
      const ready = await waitForStatus(worker.db, store.id, 'ready', 120_000);
      expect(ready).toMatchObject({ engineVersion: WOO.v1, targetEngineVersion: null, statusReason: null });
      expect((await deploymentImages(store.namespace))['wordpress/wordpress']).toMatch(/wordpress:6\.8\.3-php8\.3-apache$/);
      const job = await setupJob(store.namespace, 'woocommerce-setup');
      expect(job.metadata?.annotations?.[ENGINE_VERSION_ANNOTATION]).toBe(WOO.v1);
      expect(job.status?.succeeded).toBe(1);
    }, 150_000);

    it('converges an upgrade whose worker was killed (job lost, a step left running): the reconciler adds its job, never reverts it', async () => {
      const noJobs = new StoreLifecycle({ db: worker.db, publisher: null, jobs: null, defaultLimits: DEFAULT_LIMITS });
      await noJobs.requestOperation(store.id, 'upgrade', null, { targetEngineVersion: WOO.v2 });
      // Two requests cannot both move it: the second is an illegal transition.
      await expect(noJobs.requestOperation(store.id, 'upgrade', null, { targetEngineVersion: WOO.v1 })).rejects.toThrow(
        IllegalStoreTransitionError,
      );
      // What the killed run left on the timeline: its first step shown running.
      await worker.db.storeEvent.create({ data: { storeId: store.id, attempt: 1, step: 'setup-job', outcome: 'running' } });
      const { stores } = await worker.reconcileNow();
      expect(stores.find((r) => r.storeId === store.id)).toMatchObject({ action: 'job', status: 'upgrading' });
      const ready = await waitForStatus(worker.db, store.id, 'ready', 120_000);
      expect(ready.engineVersion).toBe(WOO.v2);
      expect((await deploymentImages(store.namespace))['wordpress/wordpress']).toMatch(/wordpress:6\.9\.0-php8\.3-apache$/);
      expect(await worker.db.storeEvent.count({ where: { storeId: store.id, outcome: 'running' } })).toBe(0);
      // Once at rest, a reconcile pass keeps the new version (its drift repair builds the store's own version).
      await worker.reconcileNow();
      expect((await deploymentImages(store.namespace))['wordpress/wordpress']).toMatch(/wordpress:6\.9\.0-php8\.3-apache$/);
    }, 200_000);
  });

  it('a Medusa store moves its store image (Medusa, storefront, setup Job with the migrations) to the new tag', async () => {
    const store = await readyStore('upgrade-medusa', 'medusa', MEDUSA.v1);
    const before = await deploymentImages(store.namespace);
    const storeImages = Object.entries(before).filter(([, image]) => image.includes('medusa:0.1.0'));
    expect(storeImages.map(([where]) => where)).toEqual(expect.arrayContaining(['medusa/medusa', 'storefront/storefront']));

    await lifecycle.requestOperation(store.id, 'upgrade', null, { targetEngineVersion: MEDUSA.v2 });
    const ready = await waitForStatus(worker.db, store.id, 'ready', 180_000);
    expect(ready.engineVersion).toBe(MEDUSA.v2);
    const after = await deploymentImages(store.namespace);
    for (const [where] of storeImages) expect(after[where]).toMatch(/medusa:0\.2\.0$/);
    const job = await setupJob(store.namespace, 'medusa-setup');
    expect(job.metadata?.annotations?.[ENGINE_VERSION_ANNOTATION]).toBe(MEDUSA.v2);
    expect(job.spec!.template.spec!.containers[0]!.image).toMatch(/medusa:0\.2\.0$/);
    expect(job.spec!.template.spec!.containers[0]!.command!.join(' ')).toContain('db:migrate');
    expect(job.status?.succeeded).toBe(1);
  }, 300_000);
});
