/**
 * Suspend and resume on the real control plane (KWOK nodes), through the same
 * lifecycle the API calls, the worker's operation jobs and the reconciler:
 * workloads really at zero (their pods gone), the storefront's Ingress on the
 * paused page, data kept; a suspended store kept suspended; half-way
 * operations converged; racing requests and deletes of suspended stores.
 */
import { AppsV1Api, CoreV1Api, NetworkingV1Api, PatchStrategy, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import { IllegalStoreTransitionError } from '@storefleet/contracts';
import { StoreLifecycle } from '@storefleet/db';
import { PAUSED_PAGE } from '@storefleet/engines';
import {
  createOwner,
  DEFAULT_LIMITS,
  requestDeletion,
  SIMULATE_ANNOTATION,
  testLifecycle,
  waitFor,
  waitForStatus,
  watchPods,
  workerTestBed,
} from '@storefleet/testing';

import { startBedWorker, type TestWorker } from '../testing/worker-harness.js';

describe('suspending and resuming a store', () => {
  const bed = workerTestBed('operations');
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let networking: NetworkingV1Api;
  let worker: TestWorker;
  let lifecycle: StoreLifecycle;
  let ownerId: string;

  beforeAll(async () => {
    core = bed.admin.makeApiClient(CoreV1Api);
    apps = bed.admin.makeApiClient(AppsV1Api);
    networking = bed.admin.makeApiClient(NetworkingV1Api);
    // A short resume deadline, for the resume that cannot succeed (the others finish in seconds).
    worker = await startBedWorker(bed, { env: { STORE_OPERATION_DEADLINE_SECONDS: '30' } });
    lifecycle = testLifecycle(worker.db, worker.queues);
    ownerId = (await createOwner(worker.db)).id;
  });

  async function readyStore(prefix: string, engine: 'woocommerce' | 'medusa' = 'woocommerce') {
    const store = await bed.readyStore(prefix, ownerId, { engine, queues: worker.queues });
    return { id: store.id, namespace: store.namespace };
  }

  /** Replicas each Deployment and StatefulSet of the namespace wants, by name. */
  async function replicas(namespace: string): Promise<Record<string, number>> {
    const [deployments, statefulSets] = await Promise.all([
      apps.listNamespacedDeployment({ namespace }),
      apps.listNamespacedStatefulSet({ namespace }),
    ]);
    return Object.fromEntries(
      [...deployments.items, ...statefulSets.items].map((w) => [w.metadata!.name!, w.spec?.replicas ?? 1]),
    );
  }

  /** The Services the store's Ingress routes to. */
  async function ingressBackends(namespace: string): Promise<string[]> {
    const ingress = await networking.readNamespacedIngress({ name: 'storefront', namespace });
    return [...new Set(ingress.spec!.rules!.flatMap((r) => r.http!.paths.map((p) => p.backend.service!.name)))];
  }

  /** Pods of the store's own components (not the paused page, not the finished setup Job). */
  const storePods = (pods: readonly V1Pod[]) =>
    pods.filter((p) => !['paused', 'setup'].includes(p.metadata?.labels?.['app.kubernetes.io/component'] ?? ''));

  const statusOf = async (id: string) => (await worker.db.store.findUniqueOrThrow({ where: { id } })).status;
  const auditActions = async (id: string) =>
    (await worker.db.auditLog.findMany({ where: { targetId: id }, orderBy: { at: 'asc' } })).map((a) => a.action);

  describe('a WooCommerce store', () => {
    let store: { id: string; namespace: string };

    beforeAll(async () => {
      store = await readyStore('pause');
    }, 150_000);

    it('suspends: every workload at zero with its pods gone, the Ingress on the paused page, claims and Secret kept', async () => {
      const suspending = await lifecycle.requestOperation(store.id, 'suspend', null);
      expect(suspending.status).toBe('suspending');
      await waitForStatus(worker.db, store.id, 'suspended', 90_000);

      expect(await replicas(store.namespace)).toEqual({ mariadb: 0, wordpress: 0, [PAUSED_PAGE.name]: 1 });
      const pods = (await core.listNamespacedPod({ namespace: store.namespace })).items;
      expect(storePods(pods)).toEqual([]);
      expect(pods.filter((p) => p.metadata?.labels?.['app.kubernetes.io/component'] === 'paused')).toHaveLength(1);
      expect(await ingressBackends(store.namespace)).toEqual([PAUSED_PAGE.name]);
      const page = await core.readNamespacedConfigMap({ name: PAUSED_PAGE.name, namespace: store.namespace });
      expect(page.data?.['index.html']).toContain('This shop is paused');
      // Data kept: the claims and the credentials are still there.
      const claims = (await core.listNamespacedPersistentVolumeClaim({ namespace: store.namespace })).items;
      expect(claims.length).toBeGreaterThanOrEqual(2);
      await expect(
        core.readNamespacedSecret({ name: 'woocommerce-credentials', namespace: store.namespace }),
      ).resolves.toBeTruthy();

      expect(await auditActions(store.id)).toEqual(expect.arrayContaining(['store.suspend', 'store.suspended']));
      const steps = await worker.db.storeEvent.findMany({
        where: { storeId: store.id, step: { in: ['paused-page', 'scale-down'] } },
      });
      expect(steps.map((s) => [s.step, s.outcome]).sort()).toEqual([
        ['paused-page', 'succeeded'],
        ['scale-down', 'succeeded'],
      ]);
    }, 120_000);

    it('refuses to suspend a suspended store or resume one twice (one request wins a race)', async () => {
      await expect(lifecycle.requestOperation(store.id, 'suspend', null)).rejects.toThrow(IllegalStoreTransitionError);
      const noJobs = new StoreLifecycle({ db: worker.db, publisher: null, jobs: null, defaultLimits: DEFAULT_LIMITS });
      const results = await Promise.allSettled([1, 2, 3].map(() => noJobs.requestOperation(store.id, 'resume', null)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(IllegalStoreTransitionError);
      // Put back as it was: the reconciler finishes the resume nobody enqueued a job for, below.
    });

    it('the reconciler finishes a resume whose job was lost: workloads back and ready, the Ingress on the store', async () => {
      expect(await statusOf(store.id)).toBe('resuming');
      const { stores } = await worker.reconcileNow();
      // The suspend's finished job is replaced by one that carries the resume out.
      expect(stores.find((r) => r.storeId === store.id)).toMatchObject({ action: 'job', status: 'resuming', job: 'replaced' });
      await waitForStatus(worker.db, store.id, 'ready', 90_000);
      expect(await replicas(store.namespace)).toEqual({ mariadb: 1, wordpress: 1, [PAUSED_PAGE.name]: 0 });
      expect(await ingressBackends(store.namespace)).toEqual(['wordpress']);
      expect(await auditActions(store.id)).toEqual(expect.arrayContaining(['store.resume', 'store.ready']));
    }, 150_000);

    it('keeps a suspended store suspended: a workload scaled up by hand goes back to zero, the store is not "repaired" or degraded', async () => {
      await lifecycle.requestOperation(store.id, 'suspend', null);
      await waitForStatus(worker.db, store.id, 'suspended', 90_000);
      await apps.patchNamespacedDeployment(
        { name: 'wordpress', namespace: store.namespace, body: { spec: { replicas: 1 } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );

      const { stores } = await worker.reconcileNow();
      expect(stores.find((r) => r.storeId === store.id)).toMatchObject({
        action: 'kept-suspended',
        status: 'suspended',
        scaledDown: ['wordpress'],
      });
      expect(await replicas(store.namespace)).toEqual({ mariadb: 0, wordpress: 0, [PAUSED_PAGE.name]: 1 });
      expect(await statusOf(store.id)).toBe('suspended');
      // And again, with nothing to do: nothing changes.
      const again = await worker.reconcileNow();
      expect(again.stores.find((r) => r.storeId === store.id)).toMatchObject({ action: 'kept-suspended', scaledDown: [] });
      expect(await statusOf(store.id)).toBe('suspended');
    }, 150_000);

    it('converges a suspend that a killed worker left half-way (storefront switched, database still up)', async () => {
      await lifecycle.requestOperation(store.id, 'resume', null);
      await waitForStatus(worker.db, store.id, 'ready', 90_000);
      // What a worker killed in the middle of scale-down leaves: the store suspending, no job, the app down, the database up.
      const noJobs = new StoreLifecycle({ db: worker.db, publisher: null, jobs: null, defaultLimits: DEFAULT_LIMITS });
      await noJobs.requestOperation(store.id, 'suspend', null);
      await apps.patchNamespacedDeployment(
        { name: 'wordpress', namespace: store.namespace, body: { spec: { replicas: 0 } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      await worker.db.storeEvent.create({
        data: { storeId: store.id, attempt: 1, step: 'scale-down', outcome: 'running' },
      });

      const { stores } = await worker.reconcileNow();
      expect(stores.find((r) => r.storeId === store.id)).toMatchObject({ action: 'job', status: 'suspending' });
      await waitForStatus(worker.db, store.id, 'suspended', 90_000);
      expect(await replicas(store.namespace)).toEqual({ mariadb: 0, wordpress: 0, [PAUSED_PAGE.name]: 1 });
      await waitFor(
        bed.admin,
        watchPods(bed.admin, store.namespace),
        (pods) => (storePods(pods).length === 0 ? true : undefined),
        {
          description: 'no store pod left',
        },
      );
      // The step the killed worker left running is closed, not shown running forever.
      expect(await worker.db.storeEvent.count({ where: { storeId: store.id, outcome: 'running' } })).toBe(0);
    }, 150_000);

    it('deletes a suspended store: namespace gone, store deleted', async () => {
      await requestDeletion(worker.db, worker.queues, store.id);
      await waitForStatus(worker.db, store.id, 'deleted', 120_000);
      await expect(core.readNamespace({ name: store.namespace })).rejects.toMatchObject({ code: 404 });
    }, 150_000);
  });

  it('a Medusa store suspends every one of its workloads (database, cache, app, storefront) and resumes', async () => {
    const store = await readyStore('pause-medusa', 'medusa');
    await lifecycle.requestOperation(store.id, 'suspend', null);
    await waitForStatus(worker.db, store.id, 'suspended', 90_000);
    const down = await replicas(store.namespace);
    expect(Object.entries(down).filter(([, n]) => n > 0)).toEqual([[PAUSED_PAGE.name, 1]]);
    expect(Object.keys(down).length).toBe(5);
    expect(storePods((await core.listNamespacedPod({ namespace: store.namespace })).items)).toEqual([]);

    await lifecycle.requestOperation(store.id, 'resume', null);
    await waitForStatus(worker.db, store.id, 'ready', 120_000);
    const up = await replicas(store.namespace);
    expect(Object.entries(up).filter(([, n]) => n === 0)).toEqual([[PAUSED_PAGE.name, 0]]);
    expect(await ingressBackends(store.namespace)).not.toContain(PAUSED_PAGE.name);
  }, 300_000);

  it('a resume that cannot get the store ready ends degraded with the reason, serving the store again', async () => {
    const store = await readyStore('pause-fail');
    await lifecycle.requestOperation(store.id, 'suspend', null);
    await waitForStatus(worker.db, store.id, 'suspended', 90_000);
    // The app's next pods never become ready (a readiness probe that never passes).
    await apps.patchNamespacedDeployment(
      {
        name: 'wordpress',
        namespace: store.namespace,
        body: { spec: { template: { metadata: { annotations: { [SIMULATE_ANNOTATION]: 'unready' } } } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await lifecycle.requestOperation(store.id, 'resume', null);

    const degraded = await waitForStatus(worker.db, store.id, 'degraded', 120_000);
    expect(degraded.statusReason).toMatch(/^resume: wait-ready: .*app pod not ready/);
    // Consistent: back at its replicas and served (not left on the paused page), with the audit row.
    expect(await replicas(store.namespace)).toEqual({ mariadb: 1, wordpress: 1, [PAUSED_PAGE.name]: 0 });
    expect(await ingressBackends(store.namespace)).toEqual(['wordpress']);
    expect(await auditActions(store.id)).toContain('store.degraded');
    const steps = await worker.db.storeEvent.findMany({
      where: { storeId: store.id, step: 'wait-ready' },
      orderBy: { startedAt: 'asc' },
    });
    expect(steps.at(-1)?.outcome).toBe('failed');
  }, 200_000);

  it('racing suspend, resume and delete: the store ends deleted, each refused request a clean 409', async () => {
    const store = await readyStore('race');
    const requests: ('suspend' | 'resume' | 'delete')[] = ['suspend', 'resume', 'suspend', 'delete', 'resume', 'suspend'];
    const results = await Promise.allSettled(
      requests.map((r) =>
        r === 'delete' ? requestDeletion(worker.db, worker.queues, store.id) : lifecycle.requestOperation(store.id, r, null),
      ),
    );
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(IllegalStoreTransitionError);
    await waitForStatus(worker.db, store.id, 'deleted', 120_000);
    await expect(core.readNamespace({ name: store.namespace })).rejects.toMatchObject({ code: 404 });
    // Every request that moved the store was audited with it; the deletion's teardown ran to the end.
    const actions = await auditActions(store.id);
    expect(actions).toContain('store.delete');
    expect(actions.at(-1)).toBe('store.deleted');
  }, 200_000);

  it('deleting a store while it is suspending stops the suspend and removes everything', async () => {
    const store = await readyStore('pause-del');
    await lifecycle.requestOperation(store.id, 'suspend', null);
    await requestDeletion(worker.db, worker.queues, store.id);
    await waitForStatus(worker.db, store.id, 'deleted', 120_000);
    await expect(core.readNamespace({ name: store.namespace })).rejects.toMatchObject({ code: 404 });
    expect((await auditActions(store.id)).at(-1)).toBe('store.deleted');
  }, 200_000);
});
